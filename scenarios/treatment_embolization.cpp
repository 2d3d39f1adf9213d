// Embolization modalities: bland (particles only), tace (particles + a drug that elutes into the
// tissue and kills) and tare (Y-90 microspheres: a mild flow cut + a decaying absorbed dose).
// Each translates its keys into the lesion's plain therapy inputs (agents/local_therapy.hpp);
// values and sources: docs/treatments.md, docs/parameters.md.
#include "model/radiobiology.hpp"
#include "model/units.hpp"
#include "scenarios/toml_table.hpp"
#include "scenarios/treatment_modalities.hpp"
#include "scenarios/treatment_territory.hpp"

namespace isv::scenarios {
namespace {

using model::Bounds;
using model::ParamInfo;
using model::units::days_to_hours;

constexpr double kMaxAlphaPerGy = 10.0;
constexpr double kMaxDoseGy = 5000.0;

struct OcclusionParams {
  double occlusion_fraction = 0.95;
  double recanalization_half_time_days = 14.0;

  template <class V>
  void visit(V&& v) {
    v(occlusion_fraction, ParamInfo{"occlusion_fraction", Bounds::unit_interval(), "",
                                    "share of the territory's flow the particles block"});
    v(recanalization_half_time_days,
      ParamInfo{"recanalization_half_time_days", Bounds::non_negative(), "days",
                "half-time of the return of flow (0 = permanent occlusion)"});
  }
  agents::Occlusion occlusion(std::vector<std::int32_t> voxels) const {
    return {std::move(voxels), 0.0, occlusion_fraction,
            days_to_hours(recanalization_half_time_days)};
  }
};

// The drug loaded on TACE beads (doxorubicin by default).
struct TaceDrugParams {
  std::string drug = "doxorubicin";
  double drug_loading_uM = 170.0;
  double release_half_time_days = 10.0;
  double drug_diffusion_um2_per_min = 600.0;
  double drug_decay_per_h = 0.1;
  double drug_washout_per_h = 1.0;
  double kill_max_per_h = 0.05;
  double kill_ec50_uM = 1.0;
  double kill_hill = 1.0;

  template <class V>
  void visit(V&& v) {
    const Bounds nn = Bounds::non_negative();
    v(drug, ParamInfo{"drug", Bounds::any(), "", "name of the eluted drug (names the field)"});
    v(drug_loading_uM, ParamInfo{"drug_loading_uM", nn, "uM",
                                 "drug on the beads per territory voxel, as tissue concentration"});
    v(release_half_time_days, ParamInfo{"release_half_time_days", Bounds::positive(), "days",
                                        "half-time of elution from the beads"});
    v(drug_diffusion_um2_per_min,
      ParamInfo{"drug_diffusion_um2_per_min", nn, "um^2/min", "drug diffusion in tissue"});
    v(drug_decay_per_h,
      ParamInfo{"drug_decay_per_h", nn, "1/h", "loss in tissue (uptake, binding, metabolism)"});
    v(drug_washout_per_h, ParamInfo{"drug_washout_per_h", nn, "1/h",
                                    "loss to blood in a fully perfused voxel (x perfusion)"});
    v(kill_max_per_h, ParamInfo{"kill_max_per_h", nn, "1/h", "maximal kill hazard (Emax)"});
    v(kill_ec50_uM, ParamInfo{"kill_ec50_uM", Bounds::positive(), "uM", "half-maximal level"});
    v(kill_hill, ParamInfo{"kill_hill", Bounds::closed(0.1, 10.0), "", "Hill coefficient"});
  }
  agents::DrugDeposit deposit(std::vector<std::int32_t> voxels) const {
    agents::DrugDeposit d;
    d.name = drug;
    d.unit = "uM";
    d.voxels = std::move(voxels);
    d.amount_per_voxel = drug_loading_uM;
    d.transport.diffusion_um2_per_min = drug_diffusion_um2_per_min;
    d.transport.decay_per_h = drug_decay_per_h;
    d.transport.washout_per_h = drug_washout_per_h;
    d.transport.release_half_time_h = days_to_hours(release_half_time_days);
    d.kill = {kill_max_per_h, kill_ec50_uM, kill_hill};
    return d;
  }
};

struct RadionuclideParams {
  double dose_gy = 120.0;
  double half_life_h = 64.1;
  double repair_half_time_h = 1.5;
  double tumor_alpha_per_gy = model::radiobiology::kHccAlphaPerGy;
  double tumor_beta_per_gy2 = model::radiobiology::kHccBetaPerGy2;

  template <class V>
  void visit(V&& v) {
    v(dose_gy, ParamInfo{"dose_gy", Bounds::closed(0.0, kMaxDoseGy), "Gy",
                         "mean absorbed dose in the territory to full decay (D0 / lambda)"});
    v(half_life_h, ParamInfo{"half_life_h", Bounds::positive(), "h",
                             "physical half-life of the radionuclide (Y-90: 64.1 h)"});
    v(repair_half_time_h, ParamInfo{"repair_half_time_h", Bounds::non_negative(), "h",
                                    "sublethal-damage repair half-time (0 = no repair)"});
    v(tumor_alpha_per_gy, ParamInfo{"tumor_alpha_per_gy", Bounds::closed(0.0, kMaxAlphaPerGy),
                                    "1/Gy", "LQ alpha of tumour cells"});
    v(tumor_beta_per_gy2, ParamInfo{"tumor_beta_per_gy2", Bounds::closed(0.0, kMaxAlphaPerGy),
                                    "1/Gy^2", "LQ beta of tumour cells"});
  }
};

// bland, tace and tare share the territory and the occlusion; tace adds a drug, tare a dose.
enum class Kind { kBland, kTace, kTare };

class Embolization final : public Treatment {
 public:
  explicit Embolization(Kind kind) : kind_(kind) {
    if (kind == Kind::kTare) occlusion_.occlusion_fraction = kTareOcclusionFraction;
  }
  void read(TableReader& reader) override { visit(reader); }
  void write(TableWriter& writer) const override {
    Embolization copy = *this;
    copy.visit(ZoneKeyFilter<TableWriter>{writer, territory_.zone});
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    territory_.check(lesion, fail);
  }
  void apply(agents::Lesion& lesion, int /*application*/, std::uint64_t /*event*/,
             TreatmentEvent& out) const override {
    std::vector<std::int32_t> voxels = territory_.voxels(lesion);
    out.tally = tally_voxels(lesion, voxels);
    if (kind_ == Kind::kTace) lesion.deposit_drug(drug_.deposit(voxels));
    if (kind_ == Kind::kTare) {
      agents::RadionuclideDelivery d;
      d.voxels = voxels;
      d.total_dose_gy = dose_.dose_gy;
      d.half_life_h = dose_.half_life_h;
      d.repair_half_time_h = dose_.repair_half_time_h;
      d.alpha_per_gy = dose_.tumor_alpha_per_gy;
      d.beta_per_gy2 = dose_.tumor_beta_per_gy2;
      lesion.implant_radionuclide(std::move(d));
      out.dose_gy = dose_.dose_gy;
    }
    lesion.embolize(occlusion_.occlusion(std::move(voxels)));
  }
  bool acts_on_population(const model::Lattice& /*lattice*/) const override { return true; }
  // The same keys on a population lesion: the territory by voxel share, the occlusion, the
  // drug as a per-voxel exposure and the dose (agents/population_local.cpp).
  void apply_population(agents::PopulationLesion& lesion, int /*application*/,
                        TreatmentEvent& out) const override {
    agents::Territory territory;
    territory.whole_lesion = territory_.whole_lesion();
    if (!territory.whole_lesion) territory.zone = territory_.zone.ellipsoid(lesion.lattice());
    agents::TerritoryTherapy t;
    t.occlusion_fraction = occlusion_.occlusion_fraction;
    t.recanalization_half_time_h = days_to_hours(occlusion_.recanalization_half_time_days);
    if (kind_ == Kind::kTace) {
      const agents::DrugDeposit d = drug_.deposit({});
      t.drug_loading = d.amount_per_voxel;
      t.release_half_time_h = d.transport.release_half_time_h;
      t.drug_decay_per_h = d.transport.decay_per_h;
      t.drug_washout_per_h = d.transport.washout_per_h;
      t.kill = d.kill;
    }
    if (kind_ == Kind::kTare) {
      t.dose_gy = dose_.dose_gy;
      t.half_life_h = dose_.half_life_h;
      t.repair_half_time_h = dose_.repair_half_time_h;
      t.alpha_per_gy = dose_.tumor_alpha_per_gy;
      t.beta_per_gy2 = dose_.tumor_beta_per_gy2;
      out.dose_gy = dose_.dose_gy;
    }
    out.tally = lesion.treat_territory(territory, t);
  }

 private:
  // Resin/glass microspheres occlude far less than embolic particles (assumption).
  static constexpr double kTareOcclusionFraction = 0.1;

  template <class V>
  void visit(V&& v) {
    territory_.visit(v);
    occlusion_.visit(v);
    if (kind_ == Kind::kTace) drug_.visit(v);
    if (kind_ == Kind::kTare) dose_.visit(v);
  }

  Kind kind_;
  TerritoryParams territory_;
  OcclusionParams occlusion_;
  TaceDrugParams drug_;
  RadionuclideParams dose_;
};

}  // namespace

std::unique_ptr<Treatment> make_bland_embolization(std::string_view) {
  return std::make_unique<Embolization>(Kind::kBland);
}
std::unique_ptr<Treatment> make_chemoembolization(std::string_view) {
  return std::make_unique<Embolization>(Kind::kTace);
}
std::unique_ptr<Treatment> make_radioembolization(std::string_view) {
  return std::make_unique<Embolization>(Kind::kTare);
}

}  // namespace isv::scenarios
