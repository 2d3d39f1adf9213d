// Population lesion growth: division in the perfused tumour, cell loss everywhere, necrosis in
// the hypoxic core, clearance of necrotic mass, and the outward push of what no longer fits.
// Model and assumptions: docs/clinical_scale.md, "Growth".
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "agents/population_lesion.hpp"
#include "agents/population_sum.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::kHoursPerDay;
using model::units::kUmPerMm;

// Tumour mass below this share of a full voxel does not count as reaching the boundary.
constexpr double kBoundaryShare = 0.01;

}  // namespace

// The lesion's equivalent-sphere radius from its mass (viable + necrotic, at packing density):
// depth below the surface is measured from it (a compact lesion; docs/clinical_scale.md).
void PopulationLesion::update_geometry() {
  const double mass = active_sum([&](std::int32_t v) { return viable_[v] + necrotic_[v]; });
  const double volume_mm3 = mass / config_.population.tumor_cells_per_mm3;
  radius_mm_ = std::cbrt(3.0 * volume_mm3 / (4.0 * std::numbers::pi));
}

// Per voxel, exact exponential solution over the step of
//   dV/dt = (b s - l - n (1 - s_core)) V,   dN/dt = n V_core - N / clearance,
// s = perfused share (0 in the core or without vessels), n = core necrosis; b carries the
// VEGF-A blockade factor of the step (model/vegf_params.hpp). Cells lost (l) and
// killed leave no mass; necrotic cells stay until cleared. Each voxel writes only its own
// slots, so the result does not depend on the thread count.
void PopulationLesion::grow_and_die() {
  const model::PopulationParams& p = config_.population;
  const double dt_d = dt_h_ / kHoursPerDay;
  std::vector<double>& died = scratch_;
  for_each_active([&](std::int32_t v) {
    const double cells = viable_[v];
    died[v] = 0.0;
    if (cells > 0.0) {
      const bool core = depth_mm(v) > p.perfused_depth_mm;
      const double share = perfused_share(v);
      const double necrosis = core ? p.core_necrosis_rate_per_day : 0.0;
      const double out_rate = p.cell_loss_rate_per_day + necrosis;
      // Anti-VEGF-A slows division where the tumour is perfused (1 without drug: exact).
      const double net = p.proliferation_rate_per_day * proliferation_factor_ * share - out_rate;
      const double after = cells * std::exp(net * dt_d);
      // Of the cells that left over the step, the share that died of necrosis stays as mass.
      const double left = out_rate > 0.0 ? (cells + after) * 0.5 * out_rate * dt_d : 0.0;
      viable_[v] = after;
      necrotic_[v] += out_rate > 0.0 ? left * necrosis / out_rate : 0.0;
      died[v] = left;
    }
    tissue_share_[v] =
        std::max(tissue_share_[v], std::min(1.0, (viable_[v] + necrotic_[v]) / capacity_));
    if (necrotic_[v] > 0.0)
      necrotic_[v] = p.necrotic_clearance_days > 0.0
                         ? necrotic_[v] * std::exp(-dt_d / p.necrotic_clearance_days)
                         : 0.0;
  });
  const double deaths = active_sum([&](std::int32_t v) { return died[v]; });
  deaths_total_ += deaths;
  release_antigen(deaths);
}

// Mass over a voxel's capacity moves to the neighbours farther from the lesion centre, in
// proportion to how directly they lie outward (the cosine between the radial direction and
// the neighbour's offset), visiting voxels from the centre outward so that mass pushed on is
// passed on within the same step. The centre voxel pushes equally in every direction. Mass
// that would leave the domain stays (compressed) and marks the boundary.
void PopulationLesion::push_outward() {
  // The 26 neighbour offsets, their index steps and unit directions.
  struct Offset {
    int dx, dy, dz;
    std::int64_t step;
    double ux, uy, uz;
  };
  std::array<Offset, 26> offsets{};
  int m = 0;
  const std::int64_t sx = 1, sy = lattice_.nx(),
                     sz = static_cast<std::int64_t>(lattice_.nx()) * lattice_.ny();
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if (dx == 0 && dy == 0 && dz == 0) continue;
        const double len = std::sqrt(static_cast<double>(dx * dx + dy * dy + dz * dz));
        offsets[m++] = {dx, dy, dz, dx * sx + dy * sy + dz * sz, dx / len, dy / len, dz / len};
      }
  const model::Voxel3 c = lattice_.centre_voxel();
  const double cap = capacity_;
  const double shell = std::sqrt(3.0) * lattice_.voxel_um() / kUmPerMm;
  const auto n = static_cast<std::int64_t>(outward_order_.size());
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int32_t v = outward_order_[i];
    if (distance_mm_[v] > reach_mm_ + shell) break;  // nothing beyond: no mass to push
    const double mass = viable_[v] + necrotic_[v];
    if (mass <= cap) continue;
    const model::Voxel3 p = lattice_.voxel(v);
    const double rx = p.x - c.x, ry = p.y - c.y, rz = p.z - c.z;
    const bool centre = rx == 0.0 && ry == 0.0 && rz == 0.0;
    std::array<double, 26> weight{};
    double total = 0.0;
    bool cut = false;  // an outward direction leaves the domain
    for (int j = 0; j < 26; ++j) {
      const Offset& o = offsets[j];
      const double w = centre ? 1.0 : std::max(0.0, rx * o.ux + ry * o.uy + rz * o.uz);
      if (w == 0.0) continue;
      if (!lattice_.contains(p.x + o.dx, p.y + o.dy, p.z + o.dz)) {
        cut = true;
        continue;
      }
      weight[j] = w;
      total += w;
    }
    if (cut && boundary_day_ < 0.0) boundary_day_ = time_h() / kHoursPerDay;
    if (total <= 0.0) continue;
    const double excess = mass - cap;
    const double move_viable = viable_[v] * excess / mass;
    const double move_necrotic = necrotic_[v] * excess / mass;
    viable_[v] -= move_viable;
    necrotic_[v] -= move_necrotic;
    for (int j = 0; j < 26; ++j) {
      if (weight[j] == 0.0) continue;
      const std::int64_t q = v + offsets[j].step;
      const double moved = move_viable * weight[j] / total;
      // The antigen-negative share of the receiving voxel: the mass-weighted mix.
      if (moved > 0.0)
        negative_share_[q] =
            (viable_[q] * negative_share_[q] + moved * negative_share_[v]) / (viable_[q] + moved);
      viable_[q] += moved;
      necrotic_[q] += move_necrotic * weight[j] / total;
      tissue_share_[q] =
          std::max(tissue_share_[q], std::min(1.0, (viable_[q] + necrotic_[q]) / cap));
      reach_mm_ = std::max(reach_mm_, distance_mm_[q]);
    }
  }
  update_active();
}

// Tumour mass in the outer voxel layer: the domain no longer holds the lesion.
void PopulationLesion::note_boundary() {
  if (boundary_day_ >= 0.0) return;
  const double threshold = kBoundaryShare * capacity_;
  for (std::int64_t i = 0; i < active_; ++i) {
    const std::int32_t v = outward_order_[i];
    if (viable_[v] + necrotic_[v] <= threshold) continue;
    const model::Voxel3 p = lattice_.voxel(v);
    if (p.x == 0 || p.y == 0 || p.z == 0 || p.x == lattice_.nx() - 1 || p.y == lattice_.ny() - 1 ||
        p.z == lattice_.nz() - 1) {
      boundary_day_ = (time_h() + dt_h_) / kHoursPerDay;
      return;
    }
  }
}

}  // namespace isv::agents
