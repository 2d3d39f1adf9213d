// Geometry and inputs of local treatments as a lesion sees them: zones on the lattice (in
// micrometres, lattice coordinates) and what happens inside them. Plain data with no scenario
// types, so that every modality (ablation, cryo, IRE, radiotherapy, embolization, biopsy) is a
// thin translation from its scenario entry to these structs (docs/treatments.md).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "agents/death_mode.hpp"
#include "model/lattice.hpp"
#include "model/units.hpp"

namespace isv::agents {

using Point3 = std::array<double, 3>;

// The point `offset_mm` away from the lattice centre (the centre of voxel (nx/2, ny/2, nz/2),
// where the initial tumour is seeded), in lattice micrometres.
inline Point3 lattice_point_um(const model::Lattice& lattice, const Point3& offset_mm) {
  const Point3 c = lattice.centre_um(lattice.index(lattice.centre_voxel()));
  return {c[0] + offset_mm[0] * model::units::kUmPerMm,
          c[1] + offset_mm[1] * model::units::kUmPerMm,
          c[2] + offset_mm[2] * model::units::kUmPerMm};
}

// True if `p` lies within the lattice's box (faces included).
inline bool lattice_contains_um(const model::Lattice& lattice, const Point3& p) {
  const double h = lattice.voxel_um();
  return p[0] >= 0.0 && p[1] >= 0.0 && p[2] >= 0.0 && p[0] <= lattice.nx() * h &&
         p[1] <= lattice.ny() * h && p[2] <= lattice.nz() * h;
}

// An axis-aligned ellipsoid (a sphere when the three semi-axes are equal).
struct Ellipsoid {
  Point3 centre_um{};
  Point3 semi_axes_um{};

  // Normalised radius: < 1 inside, 1 on the surface. Along any ray from the centre the
  // distance grows in proportion to it, which is what the rim grading uses.
  double rho(const Point3& p) const noexcept {
    double s = 0.0;
    for (int i = 0; i < 3; ++i) {
      const double d = (p[i] - centre_um[i]) / semi_axes_um[i];
      s += d * d;
    }
    return std::sqrt(s);
  }
  bool contains(const Point3& p) const noexcept { return rho(p) <= 1.0; }
  // The same ellipsoid grown by `width_um` along each semi-axis.
  Ellipsoid grown(double width_um) const noexcept {
    return {centre_um,
            {semi_axes_um[0] + width_um, semi_axes_um[1] + width_um, semi_axes_um[2] + width_um}};
  }
};

// A cylinder (a biopsy core): axis through the centre along a unit direction.
struct Cylinder {
  Point3 centre_um{};
  Point3 axis{0.0, 0.0, 1.0};  // unit vector
  double radius_um = 0.0;
  double half_length_um = 0.0;

  bool contains(const Point3& p) const noexcept {
    const Point3 d{p[0] - centre_um[0], p[1] - centre_um[1], p[2] - centre_um[2]};
    const double along = d[0] * axis[0] + d[1] * axis[1] + d[2] * axis[2];
    if (std::abs(along) > half_length_um) return false;
    const double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] - along * along;
    return r2 <= radius_um * radius_um;
  }
};

// A lethal core plus a sublethal rim (thermal ablation, cryoablation, IRE). Every cell in the
// core dies; in the rim a cell dies with probability 1 - (1 - p1)^exposures, where p1 falls
// linearly from rim_kill_inner at the core surface to 0 at the rim's outer surface.
struct ZoneKill {
  Ellipsoid core;
  double rim_width_um = 0.0;
  double rim_kill_inner = 0.0;  // per-exposure kill probability at the core surface
  int rim_exposures = 1;        // independent exposures of the rim (freeze-thaw cycles)
  DeathMode mode = DeathMode::kCoagulation;
  double antigen_scale = 1.0;          // x the mode's intact antigen (heat denaturation < 1)
  double rim_stress_damp = 0.0;        // DAMP (cell-eq) per surviving rim tumour cell, x grade
  bool cut_vessels = true;             // core perfusion set to zero for good
  bool kill_immune = true;             // T cells and DCs in the core die (in the rim, graded)
  double debris_clearance_days = 0.0;  // how long the killed cells' debris stays
};

// Linear-quadratic survival parameters of one cell population.
struct LqParams {
  double alpha_per_gy = 0.0;
  double beta_per_gy2 = 0.0;
  double survival(double dose_gy) const noexcept {
    return std::exp(-(alpha_per_gy * dose_gy + beta_per_gy2 * dose_gy * dose_gy));
  }
};

// One radiotherapy fraction to a field: each tumour cell and each T cell inside survives with
// its population's LQ probability; DCs are spared (comparatively radioresistant).
struct RadiationFraction {
  Ellipsoid field;
  double dose_gy = 0.0;
  LqParams tumor;
  LqParams lymphocyte;
  double debris_clearance_days = 0.0;
};

// What a treatment found in its zone before acting, and what it did.
struct ZoneTally {
  std::int64_t zone_voxels = 0;   // voxels of the lethal core / field / biopsy core
  std::int64_t tumor_viable = 0;  // viable tumour cells in the zone (core + rim) before
  std::int64_t tumor_dead = 0;    // debris voxels in the zone before
  std::int64_t tcells = 0;
  std::int64_t dcs = 0;
  std::int64_t tumor_killed = 0;
  std::int64_t tcells_killed = 0;
  std::int64_t dcs_killed = 0;
  std::int64_t vessels_cut = 0;  // voxels whose perfusion was set to zero for good
};

}  // namespace isv::agents
