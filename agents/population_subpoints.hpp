// Sub-voxel sampling shared by the treatments of a population lesion: the share of a voxel's
// volume inside a zone, a territory or a biopsy core is counted on kSubpoints^3 regularly spaced
// points, so that geometry finer than a voxel (a 2 mm margin on 1 mm voxels) still counts.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "agents/treatment_zone.hpp"
#include "model/lattice.hpp"

namespace isv::agents::subpoints {

inline constexpr int kPerAxis = 3;
inline constexpr double kCount = kPerAxis * kPerAxis * kPerAxis;

// Calls f(point_um) for the kPerAxis^3 sub-points of voxel v.
template <class F>
void for_each(const model::Lattice& lattice, std::int32_t v, F&& f) {
  const auto c = lattice.centre_um(v);
  const double h = lattice.voxel_um();
  for (int i = 0; i < kPerAxis; ++i)
    for (int j = 0; j < kPerAxis; ++j)
      for (int k = 0; k < kPerAxis; ++k)
        f(Point3{c[0] + h * ((i + 0.5) / kPerAxis - 0.5), c[1] + h * ((j + 0.5) / kPerAxis - 0.5),
                 c[2] + h * ((k + 0.5) / kPerAxis - 0.5)});
}

// Share (0..1) of voxel v's volume inside `shape` (anything with contains(Point3)).
template <class Shape>
double share_inside(const model::Lattice& lattice, std::int32_t v, const Shape& shape) {
  double inside = 0.0;
  for_each(lattice, v, [&](const Point3& p) { inside += shape.contains(p) ? 1.0 : 0.0; });
  return inside / kCount;
}

// True if voxel v cannot touch the box of half-width `reach_um` about `centre_um` (a cheap
// bounding test before sampling).
inline bool far_from(const model::Lattice& lattice, std::int32_t v, const Point3& centre_um,
                     double reach_um) {
  const auto c = lattice.centre_um(v);
  const double r = reach_um + lattice.voxel_um();
  for (int i = 0; i < 3; ++i)
    if (std::abs(c[i] - centre_um[i]) > r) return true;
  return false;
}

// The same for an ellipsoid grown by `margin_um`.
inline bool far_from(const model::Lattice& lattice, std::int32_t v, const Ellipsoid& e,
                     double margin_um) {
  const double reach = std::max({e.semi_axes_um[0], e.semi_axes_um[1], e.semi_axes_um[2]});
  return far_from(lattice, v, e.centre_um, reach + margin_um);
}

}  // namespace isv::agents::subpoints
