// Intratumoral injection: a deposit of drug or adjuvant in a sphere (or ellipsoid) that
// diffuses in the lattice, decays and leaks to blood. An adjuvant (e.g. a TLR agonist) adds a
// DAMP-like signal that recruits and matures dendritic cells; an antibody's leaked amount
// enters the patient's systemic PK when the scenario's drug list holds it (else it is only
// recorded). Values and sources: docs/treatments.md, docs/parameters.md.
#include <cmath>

#include "model/antibody_pk.hpp"
#include "model/units.hpp"
#include "scenarios/toml_table.hpp"
#include "scenarios/treatment_modalities.hpp"
#include "scenarios/treatment_territory.hpp"

namespace isv::scenarios {
namespace {

using model::Bounds;
using model::ParamInfo;

// Litres per cubic micrometre, and nmol per pmol: amount (pmol) -> concentration (nM).
constexpr double kLitresPerUm3 = 1.0e-15;
constexpr double kNmolPerPmol = 1.0e-3;

struct InjectionParams {
  ZoneParams zone;
  std::string agent = "adjuvant";
  std::string drug = "tlr_agonist";
  double amount_pmol = 0.05;
  double diffusion_um2_per_min = 100.0;
  double decay_per_h = 0.03;
  double leak_to_blood_per_h = 0.1;
  double damp_equivalent_per_nM = 2.0e-6;
  std::string boundary = "open";

  template <class V>
  void visit(V&& v) {
    zone.visit(v, "radius of the deposit (the injected amount spreads evenly inside)");
    v(agent, ParamInfo{"agent", Bounds::any(), "",
                       "\"adjuvant\" (DAMP-like DC activation), \"antibody\" (leak enters the "
                       "systemic PK of `drug`) or \"inert\" (tracer)"});
    v(drug, ParamInfo{"drug", Bounds::any(), "",
                      "name of the injected agent; for an antibody, a library antibody"});
    v(amount_pmol, ParamInfo{"amount_pmol", Bounds::positive(), "pmol",
                             "amount deposited in this lesion's lattice"});
    v(diffusion_um2_per_min,
      ParamInfo{"diffusion_um2_per_min", Bounds::non_negative(), "um^2/min", "diffusion"});
    v(decay_per_h,
      ParamInfo{"decay_per_h", Bounds::non_negative(), "1/h", "degradation and binding in tissue"});
    v(leak_to_blood_per_h,
      ParamInfo{"leak_to_blood_per_h", Bounds::non_negative(), "1/h", "loss to blood and lymph"});
    v(damp_equivalent_per_nM,
      ParamInfo{"damp_equivalent_per_nM", Bounds::non_negative(), "cell-eq/nM",
                "adjuvant: DAMP-equivalents per nM seen by dendritic cells"});
    v(boundary,
      ParamInfo{"boundary", Bounds::any(), "",
                "\"open\" (lattice faces absorb: tissue beyond) or \"closed\" (no flux)"});
  }
};

class Injection final : public Treatment {
 public:
  void read(TableReader& reader) override { p_.visit(reader); }
  void write(TableWriter& writer) const override {
    InjectionParams copy = p_;
    copy.visit(ZoneKeyFilter<TableWriter>{writer, p_.zone});
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    p_.zone.check(lesion, fail);
    if (p_.agent != "adjuvant" && p_.agent != "antibody" && p_.agent != "inert")
      fail("agent", "unknown agent '" + p_.agent + "' (allowed: adjuvant, antibody, inert)");
    if (p_.boundary != "open" && p_.boundary != "closed")
      fail("boundary", "unknown boundary '" + p_.boundary + "' (allowed: open, closed)");
    if (p_.agent == "antibody" && !model::find_antibody(p_.drug))
      fail("drug", "'" + p_.drug + "' is not a library antibody");
  }
  void apply(agents::Lesion& lesion, int /*application*/, std::uint64_t /*event*/,
             TreatmentEvent& out) const override {
    TerritoryParams where;
    where.territory = "zone";
    where.zone = p_.zone;
    std::vector<std::int32_t> voxels = where.voxels(lesion);
    out.tally = tally_voxels(lesion, voxels);
    if (voxels.empty()) return;  // a deposit smaller than a voxel centre spacing: nothing lands
    const double voxel_L = std::pow(lesion.lattice().voxel_um(), 3) * kLitresPerUm3;
    agents::DrugDeposit d;
    d.name = p_.drug;
    d.unit = "nM";
    d.amount_per_voxel =
        p_.amount_pmol * kNmolPerPmol / (static_cast<double>(voxels.size()) * voxel_L);
    d.voxels = std::move(voxels);
    d.transport.diffusion_um2_per_min = p_.diffusion_um2_per_min;
    d.transport.decay_per_h = p_.decay_per_h;
    d.transport.leak_to_blood_per_h = p_.leak_to_blood_per_h;
    d.transport.open_boundary = p_.boundary == "open";
    if (p_.agent == "adjuvant") d.damp_equivalent_per_unit = p_.damp_equivalent_per_nM;
    if (p_.agent == "antibody") d.systemic_drug = p_.drug;
    lesion.deposit_drug(std::move(d));
  }

 private:
  InjectionParams p_;
};

}  // namespace

std::unique_ptr<Treatment> make_injection(std::string_view) {
  return std::make_unique<Injection>();
}

}  // namespace isv::scenarios
