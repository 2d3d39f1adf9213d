// Scenario zone geometry → lattice zones, and the checks that keep a zone on its lesion.
#include "scenarios/treatment_geometry.hpp"

#include <algorithm>
#include <sstream>

#include "model/units.hpp"

namespace isv::scenarios {

using model::units::kUmPerMm;

model::Lattice lattice_of(const agents::LesionConfig& lesion) {
  const model::LatticeParams& l = lesion.lattice;
  return model::Lattice(l.nx, l.ny, l.nz, l.voxel_um);
}

void check_centre(const agents::LesionConfig& lesion, const std::vector<double>& centre_mm,
                  std::string_view key, const TreatmentFail& fail) {
  if (centre_mm.size() != 3) fail(key, "needs three values [x, y, z] (mm)");
  const model::Lattice lattice = lattice_of(lesion);
  const agents::Point3 p =
      agents::lattice_point_um(lattice, {centre_mm[0], centre_mm[1], centre_mm[2]});
  if (agents::lattice_contains_um(lattice, p)) return;
  const agents::Point3 c = agents::lattice_point_um(lattice, {0.0, 0.0, 0.0});
  const double h = lattice.voxel_um();
  std::ostringstream s;
  s << "the zone centre lies outside lesion '" << lesion.name << "' (its lattice spans x "
    << -c[0] / kUmPerMm << " to " << (lattice.nx() * h - c[0]) / kUmPerMm << ", y "
    << -c[1] / kUmPerMm << " to " << (lattice.ny() * h - c[1]) / kUmPerMm << ", z "
    << -c[2] / kUmPerMm << " to " << (lattice.nz() * h - c[2]) / kUmPerMm
    << " mm around its centre)";
  fail(key, s.str());
}

agents::Ellipsoid ZoneParams::ellipsoid(const model::Lattice& lattice, double scale,
                                        double grow_um) const {
  agents::Ellipsoid e;
  e.centre_um = agents::lattice_point_um(lattice, {centre_mm[0], centre_mm[1], centre_mm[2]});
  for (int i = 0; i < 3; ++i) {
    const double a_mm = semi_axes_mm.empty() ? radius_mm : semi_axes_mm[i];
    e.semi_axes_um[i] = a_mm * scale * kUmPerMm + grow_um;
  }
  return e;
}

double ZoneParams::min_semi_axis_mm() const {
  if (semi_axes_mm.size() != 3) return radius_mm;
  return std::min({semi_axes_mm[0], semi_axes_mm[1], semi_axes_mm[2]});
}

void ZoneParams::check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const {
  if (!semi_axes_mm.empty() && semi_axes_mm.size() != 3)
    fail("semi_axes_mm", "needs three values [a, b, c] (mm) or none");
  check_centre(lesion, centre_mm, "centre_mm", fail);
}

}  // namespace isv::scenarios
