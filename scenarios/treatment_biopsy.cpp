// Biopsy: counts what a needle core holds at a time (viable and dead tumour, T cells, DCs) into
// the event record. An agent lesion is left unchanged; a population lesion loses the core's
// tissue (viable, necrotic, effectors), by each voxel's share inside the core.
#include <cmath>

#include "model/units.hpp"
#include "scenarios/toml_table.hpp"
#include "scenarios/treatment_geometry.hpp"
#include "scenarios/treatment_modalities.hpp"

namespace isv::scenarios {
namespace {

using model::Bounds;
using model::ParamInfo;
using model::units::kUmPerMm;

struct BiopsyParams {
  std::vector<double> centre_mm{0.0, 0.0, 0.0};
  std::vector<double> direction{0.0, 0.0, 1.0};
  double radius_mm = 0.4;
  double length_mm = 10.0;

  template <class V>
  void visit(V&& v) {
    v(centre_mm, ParamInfo{"centre_mm", Bounds::closed(-kMaxZoneMm, kMaxZoneMm), "mm",
                           "core centre [x, y, z] relative to the lattice centre"});
    v(direction, ParamInfo{"direction", Bounds::closed(-1.0, 1.0), "",
                           "needle direction [x, y, z] (normalised here)"});
    v(radius_mm, ParamInfo{"radius_mm", {0.0, kMaxZoneMm, true, false}, "mm", "core radius"});
    v(length_mm, ParamInfo{"length_mm", {0.0, kMaxZoneMm, true, false}, "mm", "core length"});
  }
};

class Biopsy final : public Treatment {
 public:
  void read(TableReader& reader) override { p_.visit(reader); }
  void write(TableWriter& writer) const override {
    BiopsyParams copy = p_;
    copy.visit(writer);
  }
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const override {
    check_centre(lesion, p_.centre_mm, "centre_mm", fail);
    if (p_.direction.size() != 3 || norm() == 0.0)
      fail("direction", "needs three values [x, y, z], not all zero");
  }
  void apply(agents::Lesion& lesion, int /*application*/, std::uint64_t /*event*/,
             TreatmentEvent& out) const override {
    out.tally = lesion.count_in_zone(cylinder(lesion.lattice()));
  }
  bool acts_on_population(const model::Lattice& /*lattice*/) const override { return true; }
  void apply_population(agents::PopulationLesion& lesion, int /*application*/,
                        TreatmentEvent& out) const override {
    out.tally = lesion.remove_core(cylinder(lesion.lattice()));
  }

 private:
  agents::Cylinder cylinder(const model::Lattice& lattice) const {
    agents::Cylinder core;
    core.centre_um =
        agents::lattice_point_um(lattice, {p_.centre_mm[0], p_.centre_mm[1], p_.centre_mm[2]});
    const double n = norm();
    core.axis = {p_.direction[0] / n, p_.direction[1] / n, p_.direction[2] / n};
    core.radius_um = p_.radius_mm * kUmPerMm;
    core.half_length_um = 0.5 * p_.length_mm * kUmPerMm;
    return core;
  }
  double norm() const {
    return std::sqrt(p_.direction[0] * p_.direction[0] + p_.direction[1] * p_.direction[1] +
                     p_.direction[2] * p_.direction[2]);
  }
  BiopsyParams p_;
};

}  // namespace

std::unique_ptr<Treatment> make_biopsy(std::string_view) { return std::make_unique<Biopsy>(); }

}  // namespace isv::scenarios
