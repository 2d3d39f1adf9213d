// Treatment zones as a scenario gives them: a centre in mm relative to the lesion's lattice
// centre and a radius (sphere) or three semi-axes (axis-aligned ellipsoid), in mm.
#pragma once

#include <string>
#include <vector>

#include "agents/lesion_config.hpp"
#include "agents/treatment_zone.hpp"
#include "model/param_spec.hpp"
#include "scenarios/treatment.hpp"

namespace isv::scenarios {

inline constexpr double kMaxZoneMm = 1000.0;

struct ZoneParams {
  std::vector<double> centre_mm{0.0, 0.0, 0.0};
  double radius_mm = 1.0;
  std::vector<double> semi_axes_mm;  // [] = a sphere of radius_mm

  // `radius_key` names the radius in this modality ("radius_mm", or "ice_ball_radius_mm").
  template <class V>
  void visit(V&& v, std::string_view radius_description) {
    v(centre_mm, model::ParamInfo{"centre_mm", model::Bounds::closed(-kMaxZoneMm, kMaxZoneMm), "mm",
                                  "zone centre [x, y, z] relative to the lattice centre"});
    v(radius_mm,
      model::ParamInfo{"radius_mm", {0.0, kMaxZoneMm, true, false}, "mm", radius_description});
    v(semi_axes_mm,
      model::ParamInfo{"semi_axes_mm",
                       {0.0, kMaxZoneMm, true, false},
                       "mm",
                       "[a, b, c] along x, y, z for an ellipsoid ([] = sphere of radius_mm)"});
  }

  // The zone on the lattice, its semi-axes scaled by `scale` then grown by `grow_um`.
  agents::Ellipsoid ellipsoid(const model::Lattice& lattice, double scale = 1.0,
                              double grow_um = 0.0) const;
  // Array lengths, radius vs semi-axes, centre inside the lesion's lattice.
  void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const;
  // The smallest semi-axis (mm).
  double min_semi_axis_mm() const;
};

// Wraps a TableWriter so that a zone is written with the keys it was given: radius_mm for a
// sphere, semi_axes_mm for an ellipsoid (reading both back would be an error).
template <class Writer>
struct ZoneKeyFilter {
  Writer& writer;
  const ZoneParams& zone;
  template <class T>
  void operator()(const T& value, const model::ParamInfo& info) {
    const std::string_view skip = zone.semi_axes_mm.empty() ? "semi_axes_mm" : "radius_mm";
    if (info.key != skip) writer(value, info);
  }
};

// The lattice a lesion config describes.
model::Lattice lattice_of(const agents::LesionConfig& lesion);
// Fails on `key` if `centre_mm` does not have three values or lies outside the lattice.
void check_centre(const agents::LesionConfig& lesion, const std::vector<double>& centre_mm,
                  std::string_view key, const TreatmentFail& fail);

}  // namespace isv::scenarios
