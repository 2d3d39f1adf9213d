// Zone-kill modalities: thermal ablation (rfa, mwa), cryoablation (cryo) and irreversible
// electroporation (ire). Each translates its scenario keys into an agents::ZoneKill; the
// biology and its sources are in docs/treatments.md and docs/parameters.md.
#include <string>

#include "model/errors.hpp"
#include "model/units.hpp"
#include "scenarios/toml_table.hpp"
#include "scenarios/treatment_geometry.hpp"
#include "scenarios/treatment_modalities.hpp"

namespace isv::scenarios {
namespace {

using model::Bounds;
using model::ParamInfo;
using model::units::kUmPerMm;

constexpr double kMaxWidthMm = 100.0;

struct ThermalParams {
  ZoneParams zone;
  double rim_width_mm = 1.0;
  double rim_kill_probability = 0.63;
  double rim_stress_damp = 0.5;
  double antigen_intact_fraction = 0.3;
  double coverage_fraction = 1.0;
  double debris_clearance_days = 180.0;

  template <class V>
  void visit(V&& v) {
    zone.visit(v, "radius of the coagulation zone (lethal core)");
    v(rim_width_mm, ParamInfo{"rim_width_mm", Bounds::closed(0.0, kMaxWidthMm), "mm",
                              "width of the sublethal rim beyond the coagulation zone"});
    v(rim_kill_probability,
      ParamInfo{"rim_kill_probability", Bounds::unit_interval(), "",
                "kill probability at the inner edge of the rim, falling linearly to 0"});
    v(rim_stress_damp, ParamInfo{"rim_stress_damp", Bounds::non_negative(), "cell-eq",
                                 "DAMP released by a heat-stressed surviving rim cell, x grade"});
    v(antigen_intact_fraction, ParamInfo{"antigen_intact_fraction", Bounds::unit_interval(), "",
                                         "share of a heat-killed cell's antigen not denatured"});
    v(coverage_fraction, ParamInfo{"coverage_fraction",
                                   {0.0, 1.0, true, false},
                                   "",
                                   "effective zone size / planned size (< 1: under-coverage)"});
    v(debris_clearance_days, ParamInfo{"debris_clearance_days", Bounds::non_negative(), "days",
                                       "time the coagulated debris stays in place"});
  }
};

class ThermalAblation final : public Treatment {
 public:
  void read(TableReader& reader) override { p_.visit(reader); }
  void write(TableWriter& writer) const override {
    ThermalParams copy = p_;
    copy.visit(ZoneKeyFilter<TableWriter>{writer, p_.zone});
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    p_.zone.check(lesion, fail);
  }
  std::optional<ZoneAction> zone_action(const model::Lattice& lattice,
                                        int /*application*/) const override {
    agents::ZoneKill kill;
    // Under-coverage shrinks every semi-axis about the planned centre.
    kill.core = p_.zone.ellipsoid(lattice, p_.coverage_fraction);
    kill.rim_width_um = p_.rim_width_mm * kUmPerMm;
    kill.rim_kill_inner = p_.rim_kill_probability;
    kill.rim_exposures = 1;
    kill.mode = agents::DeathMode::kCoagulation;
    kill.antigen_scale = p_.antigen_intact_fraction;
    kill.rim_stress_damp = p_.rim_stress_damp;
    kill.cut_vessels = true;
    kill.kill_immune = true;
    kill.debris_clearance_days = p_.debris_clearance_days;
    return kill;
  }
  void apply(agents::Lesion& lesion, int application, std::uint64_t event,
             TreatmentEvent& out) const override {
    apply_zone_action(*zone_action(lesion.lattice(), application), lesion, event, out);
  }

 private:
  ThermalParams p_;
};

struct CryoParams {
  ZoneParams zone;
  double lethal_margin_mm = 10.0;
  int freeze_thaw_cycles = 2;
  double margin_kill_per_cycle = 0.5;
  double rim_stress_damp = 0.5;
  double debris_clearance_days = 180.0;

  template <class V>
  void visit(V&& v) {
    zone.visit(v, "ice-ball radius (0 degC edge)");
    v(lethal_margin_mm,
      ParamInfo{"lethal_margin_mm", Bounds::closed(0.0, kMaxWidthMm), "mm",
                "depth of the non-lethal ice behind the ice-ball edge (lethal core colder than "
                "about -30 degC)"});
    v(freeze_thaw_cycles,
      ParamInfo{"freeze_thaw_cycles", Bounds::closed(1, 5), "", "freeze-thaw cycles"});
    v(margin_kill_per_cycle,
      ParamInfo{"margin_kill_per_cycle", Bounds::unit_interval(), "",
                "per-cycle kill probability at the lethal-core edge, falling linearly to 0 at "
                "the ice-ball edge"});
    v(rim_stress_damp, ParamInfo{"rim_stress_damp", Bounds::non_negative(), "cell-eq",
                                 "DAMP released by a surviving cell in the margin, x grade"});
    v(debris_clearance_days, ParamInfo{"debris_clearance_days", Bounds::non_negative(), "days",
                                       "time the frozen debris stays in place"});
  }
};

class Cryoablation final : public Treatment {
 public:
  void read(TableReader& reader) override { p_.visit(reader); }
  void write(TableWriter& writer) const override {
    CryoParams copy = p_;
    copy.visit(ZoneKeyFilter<TableWriter>{writer, p_.zone});
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    p_.zone.check(lesion, fail);
    if (p_.lethal_margin_mm >= p_.zone.min_semi_axis_mm())
      fail("lethal_margin_mm", "leaves no lethal core: it must be smaller than the ice-ball " +
                                   std::string("radius (every semi-axis)"));
  }
  std::optional<ZoneAction> zone_action(const model::Lattice& lattice,
                                        int /*application*/) const override {
    agents::ZoneKill kill;
    const double margin_um = p_.lethal_margin_mm * kUmPerMm;
    kill.core = p_.zone.ellipsoid(lattice, 1.0, -margin_um);
    kill.rim_width_um = margin_um;
    kill.rim_kill_inner = p_.margin_kill_per_cycle;
    kill.rim_exposures = p_.freeze_thaw_cycles;
    kill.mode = agents::DeathMode::kFreeze;
    kill.antigen_scale = 1.0;  // freezing leaves antigen intact
    kill.rim_stress_damp = p_.rim_stress_damp;
    kill.cut_vessels = true;  // microvascular stasis and thrombosis in the frozen core
    kill.kill_immune = true;
    kill.debris_clearance_days = p_.debris_clearance_days;
    return kill;
  }
  void apply(agents::Lesion& lesion, int application, std::uint64_t event,
             TreatmentEvent& out) const override {
    apply_zone_action(*zone_action(lesion.lattice(), application), lesion, event, out);
  }

 private:
  CryoParams p_;
};

struct IreParams {
  ZoneParams zone;
  double rim_width_mm = 0.0;
  double rim_kill_probability = 0.5;
  double debris_clearance_days = 30.0;

  template <class V>
  void visit(V&& v) {
    zone.visit(v, "radius of the irreversible-electroporation zone");
    v(rim_width_mm, ParamInfo{"rim_width_mm", Bounds::closed(0.0, kMaxWidthMm), "mm",
                              "width of the reversible-electroporation rim (graded kill)"});
    v(rim_kill_probability,
      ParamInfo{"rim_kill_probability", Bounds::unit_interval(), "",
                "kill probability at the inner edge of the rim, falling linearly to 0"});
    v(debris_clearance_days, ParamInfo{"debris_clearance_days", Bounds::non_negative(), "days",
                                       "time the debris stays in place"});
  }
};

class Electroporation final : public Treatment {
 public:
  void read(TableReader& reader) override { p_.visit(reader); }
  void write(TableWriter& writer) const override {
    IreParams copy = p_;
    copy.visit(ZoneKeyFilter<TableWriter>{writer, p_.zone});
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    p_.zone.check(lesion, fail);
  }
  std::optional<ZoneAction> zone_action(const model::Lattice& lattice,
                                        int /*application*/) const override {
    agents::ZoneKill kill;
    kill.core = p_.zone.ellipsoid(lattice);
    kill.rim_width_um = p_.rim_width_mm * kUmPerMm;
    kill.rim_kill_inner = p_.rim_kill_probability;
    kill.mode = agents::DeathMode::kElectroporation;
    kill.antigen_scale = 1.0;  // non-thermal: proteins are not denatured
    kill.cut_vessels = false;  // the extracellular matrix and large vessels are spared
    kill.kill_immune = true;   // the field is cell-type agnostic
    kill.debris_clearance_days = p_.debris_clearance_days;
    return kill;
  }
  void apply(agents::Lesion& lesion, int application, std::uint64_t event,
             TreatmentEvent& out) const override {
    apply_zone_action(*zone_action(lesion.lattice(), application), lesion, event, out);
  }

 private:
  IreParams p_;
};

}  // namespace

std::unique_ptr<Treatment> make_thermal_ablation(std::string_view) {
  return std::make_unique<ThermalAblation>();
}
std::unique_ptr<Treatment> make_cryoablation(std::string_view) {
  return std::make_unique<Cryoablation>();
}
std::unique_ptr<Treatment> make_electroporation(std::string_view) {
  return std::make_unique<Electroporation>();
}

}  // namespace isv::scenarios
