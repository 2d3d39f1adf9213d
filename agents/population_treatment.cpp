// Treatments of a population lesion: a zone kill (thermal ablation, cryoablation, IRE) or a
// radiotherapy fraction, with the same geometry structs as the agent lesion (treatment_zone.hpp).
// Each voxel is cut by the zone in proportion to the share of its volume inside, from
// 27 sub-points (agents/population_subpoints.hpp), so a 2 mm and a 10 mm margin differ even on 0.5
// mm voxels.
#include <algorithm>
#include <cmath>

#include "agents/population_lesion.hpp"
#include "agents/population_subpoints.hpp"
#include "agents/population_sum.hpp"

namespace isv::agents {
namespace {

using subpoints::far_from;
constexpr double kSampleCount = subpoints::kCount;

// Distance (um) beyond the ellipsoid's surface along the ray from its centre; 0 inside.
double beyond_surface_um(const Ellipsoid& e, const Point3& p) {
  const double rho = e.rho(p);
  if (rho <= 1.0) return 0.0;
  const double dx = p[0] - e.centre_um[0], dy = p[1] - e.centre_um[1], dz = p[2] - e.centre_um[2];
  return std::sqrt(dx * dx + dy * dy + dz * dz) * (1.0 - 1.0 / rho);
}

std::int64_t whole(double cells) { return static_cast<std::int64_t>(std::llround(cells)); }

}  // namespace

ZoneTally PopulationLesion::apply_zone_kill(const ZoneKill& kill) {
  const auto n = lattice_.size();
  std::vector<double> core_share(static_cast<std::size_t>(n), 0.0);
  std::vector<double> kill_share(static_cast<std::size_t>(n), 0.0);
  for_each_index(n, kVoxelGrain, [&](std::int64_t i) {
    const auto v = static_cast<std::int32_t>(i);
    if (far_from(lattice_, v, kill.core, kill.rim_width_um)) return;
    double core = 0.0, killed = 0.0;
    subpoints::for_each(lattice_, v, [&](const Point3& p) {
      const double beyond = beyond_surface_um(kill.core, p);
      if (beyond == 0.0) {
        core += 1.0;
        killed += 1.0;
      } else if (beyond < kill.rim_width_um) {
        const double p1 = kill.rim_kill_inner * (1.0 - beyond / kill.rim_width_um);
        killed += 1.0 - std::pow(1.0 - p1, kill.rim_exposures);
      }
    });
    core_share[v] = core / kSampleCount;
    kill_share[v] = killed / kSampleCount;
  });
  ZoneTally tally;
  tally.zone_voxels = whole(ordered_sum(n, [&](std::int64_t v) { return core_share[v]; }));
  tally.tumor_viable =
      whole(ordered_sum(n, [&](std::int64_t v) { return kill_share[v] > 0.0 ? viable_[v] : 0.0; }));
  tally.tumor_dead = whole(
      ordered_sum(n, [&](std::int64_t v) { return kill_share[v] > 0.0 ? necrotic_[v] : 0.0; }));
  const double killed = ordered_sum(n, [&](std::int64_t v) { return viable_[v] * kill_share[v]; });
  double tcells_killed = 0.0;
  for (std::int64_t v = 0; v < n; ++v) {
    if (kill_share[v] == 0.0) continue;
    const double dead = viable_[v] * kill_share[v];
    viable_[v] -= dead;
    necrotic_[v] += dead;
    if (kill.cut_vessels) vessels_[v] *= static_cast<float>(1.0 - core_share[v]);
    if (!kill.kill_immune) continue;
    tregs_[v] -= tregs_[v] * kill_share[v];
    mdsc_[v] -= mdsc_[v] * kill_share[v];
    for (int k = 0; k < antigens_; ++k) {
      double& e = effectors_[static_cast<std::size_t>(k) * static_cast<std::size_t>(n) +
                             static_cast<std::size_t>(v)];
      tcells_killed += e * kill_share[v];
      e -= e * kill_share[v];
    }
  }
  tally.tumor_killed = whole(killed);
  tally.tcells_killed = whole(tcells_killed);
  tally.vessels_cut = kill.cut_vessels ? tally.zone_voxels : 0;
  deaths_total_ += killed;
  release_antigen(killed * kill.antigen_scale);
  update_geometry();
  return tally;
}

ZoneTally PopulationLesion::apply_radiation(const RadiationFraction& fraction) {
  const auto n = lattice_.size();
  const double tumour_survival = fraction.tumor.survival(fraction.dose_gy);
  const double tcell_survival = fraction.lymphocyte.survival(fraction.dose_gy);
  ZoneTally tally;
  double killed = 0.0, tcells_killed = 0.0, in_field = 0.0;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto v = static_cast<std::int32_t>(i);
    if (far_from(lattice_, v, fraction.field, 0.0)) continue;
    double inside = 0.0;
    subpoints::for_each(lattice_, v,
                        [&](const Point3& p) { inside += fraction.field.contains(p); });
    if (inside == 0.0) continue;
    const double share = inside / kSampleCount;
    in_field += share;
    tally.tumor_viable += whole(viable_[v]);
    const double dead = viable_[v] * share * (1.0 - tumour_survival);
    viable_[v] -= dead;
    necrotic_[v] += dead;
    killed += dead;
    tregs_[v] -= tregs_[v] * share * (1.0 - tcell_survival);  // lymphocytes alike
    for (int k = 0; k < antigens_; ++k) {
      double& e = effectors_[static_cast<std::size_t>(k) * static_cast<std::size_t>(n) +
                             static_cast<std::size_t>(i)];
      const double lost = e * share * (1.0 - tcell_survival);
      e -= lost;
      tcells_killed += lost;
    }
  }
  tally.zone_voxels = whole(in_field);
  tally.tumor_killed = whole(killed);
  tally.tcells_killed = whole(tcells_killed);
  deaths_total_ += killed;
  release_antigen(killed);
  update_geometry();
  return tally;
}

}  // namespace isv::agents
