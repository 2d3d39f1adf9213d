// External radiotherapy (sbrt): fractions of dose to a spherical or ellipsoidal field with
// linear-quadratic survival drawn per cell for tumour cells and for T cells in the field.
// Values and sources: docs/treatments.md, docs/parameters.md.
#include "model/radiobiology.hpp"
#include "model/units.hpp"
#include "scenarios/toml_table.hpp"
#include "scenarios/treatment_geometry.hpp"
#include "scenarios/treatment_modalities.hpp"

namespace isv::scenarios {
namespace {

using model::Bounds;
using model::ParamInfo;

constexpr double kMaxFractionGy = 100.0;
constexpr double kMaxAlphaPerGy = 10.0;

struct RadiotherapyParams {
  ZoneParams zone;
  double dose_gy = 8.0;
  int fractions = 3;
  double interval_days = 1.0;
  double tumor_alpha_per_gy = model::radiobiology::kHccAlphaPerGy;
  double tumor_beta_per_gy2 = model::radiobiology::kHccBetaPerGy2;
  double lymphocyte_alpha_per_gy = 0.5;
  double lymphocyte_beta_per_gy2 = 0.0;
  double debris_clearance_days = 5.0;

  template <class V>
  void visit(V&& v) {
    zone.visit(v, "radius of the radiation field (uniform dose inside, none outside)");
    v(dose_gy, ParamInfo{"dose_gy", {0.0, kMaxFractionGy, true, false}, "Gy", "dose per fraction"});
    v(fractions, ParamInfo{"fractions", Bounds::closed(1, 60), "", "number of fractions"});
    v(interval_days,
      ParamInfo{"interval_days", Bounds::closed(0.0, 365.0), "days", "time between fractions"});
    v(tumor_alpha_per_gy, ParamInfo{"tumor_alpha_per_gy", Bounds::closed(0.0, kMaxAlphaPerGy),
                                    "1/Gy", "LQ alpha of tumour cells"});
    v(tumor_beta_per_gy2, ParamInfo{"tumor_beta_per_gy2", Bounds::closed(0.0, kMaxAlphaPerGy),
                                    "1/Gy^2", "LQ beta of tumour cells"});
    v(lymphocyte_alpha_per_gy,
      ParamInfo{"lymphocyte_alpha_per_gy", Bounds::closed(0.0, kMaxAlphaPerGy), "1/Gy",
                "LQ alpha of T cells in the field"});
    v(lymphocyte_beta_per_gy2,
      ParamInfo{"lymphocyte_beta_per_gy2", Bounds::closed(0.0, kMaxAlphaPerGy), "1/Gy^2",
                "LQ beta of T cells in the field"});
    v(debris_clearance_days, ParamInfo{"debris_clearance_days", Bounds::non_negative(), "days",
                                       "time the debris of radiation-killed cells stays"});
  }
};

class Radiotherapy final : public Treatment {
 public:
  void read(TableReader& reader) override { p_.visit(reader); }
  void write(TableWriter& writer) const override {
    RadiotherapyParams copy = p_;
    copy.visit(ZoneKeyFilter<TableWriter>{writer, p_.zone});
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    p_.zone.check(lesion, fail);
  }
  std::vector<double> application_offsets_h() const override {
    std::vector<double> offsets;
    for (int f = 0; f < p_.fractions; ++f)
      offsets.push_back(model::units::days_to_hours(f * p_.interval_days));
    return offsets;
  }
  std::optional<ZoneAction> zone_action(const model::Lattice& lattice,
                                        int /*application*/) const override {
    agents::RadiationFraction fraction;
    fraction.field = p_.zone.ellipsoid(lattice);
    fraction.dose_gy = p_.dose_gy;
    fraction.tumor = {p_.tumor_alpha_per_gy, p_.tumor_beta_per_gy2};
    fraction.lymphocyte = {p_.lymphocyte_alpha_per_gy, p_.lymphocyte_beta_per_gy2};
    fraction.debris_clearance_days = p_.debris_clearance_days;
    return fraction;
  }
  void apply(agents::Lesion& lesion, int application, std::uint64_t event,
             TreatmentEvent& out) const override {
    apply_zone_action(*zone_action(lesion.lattice(), application), lesion, event, out);
  }

 private:
  RadiotherapyParams p_;
};

}  // namespace

std::unique_ptr<Treatment> make_radiotherapy(std::string_view) {
  return std::make_unique<Radiotherapy>();
}

}  // namespace isv::scenarios
