// Population lesion read-outs a pathologist recognises: CD8 and Treg densities per mm^2 of a
// section in the tumour core and the invasive margin, and the immune cells as a point set for
// snapshots. Definitions: agents/section_densities.hpp; docs/clinical_scale.md, "Read-outs".
#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

#include "agents/population_lesion.hpp"
#include "agents/population_sum.hpp"
#include "agents/section_densities.hpp"
#include "model/units.hpp"

namespace isv::agents {

// The per-voxel Treg counts of the local immune kinetics (cells, lattice order).
std::span<const double> PopulationLesion::tregs_per_voxel() const noexcept { return tregs_; }

// Voxels are visited in outward order up to the outer edge of the margin band (beyond it every
// share is 0), summed in fixed blocks: the same result at any thread count. The depth below the
// border is the growth model's (the equivalent-sphere radius less the distance from the
// centre), so the margin follows the tumour mass, necrotic or treated mass included.
void PopulationLesion::fill_section_densities(LesionReadouts& out) const {
  const double h_mm = lattice_.voxel_um() / model::units::kUmPerMm;
  const double vox_mm3 = voxel_mm3();
  const double edge_mm = radius_mm_ + 0.5 * ihc::kInvasiveMarginWidthMm + std::sqrt(3.0) * h_mm;
  const auto n = static_cast<std::int64_t>(
      std::partition_point(outward_order_.begin(), outward_order_.end(),
                           [&](std::int32_t v) { return distance_mm_[v] <= edge_mm; }) -
      outward_order_.begin());
  const auto voxels = static_cast<std::size_t>(lattice_.size());
  const std::span<const double> tregs = tregs_per_voxel();
  auto cd8 = [&](std::int32_t v) {
    double e = 0.0;
    for (int k = 0; k < antigens_; ++k) e += effectors_[static_cast<std::size_t>(k) * voxels + v];
    return e;
  };
  auto share = [&](std::int64_t i) {
    return ihc::region_shares(depth_mm(outward_order_[i]), h_mm);
  };
  // Sums over the visited voxels of f(voxel) x the voxel's share in the core, in the margin.
  auto sums = [&](auto&& f) {
    return std::pair{
        ordered_sum(n, [&](std::int64_t i) { return share(i).core * f(outward_order_[i]); }),
        ordered_sum(n, [&](std::int64_t i) { return share(i).margin * f(outward_order_[i]); })};
  };
  ihc::RegionTally c, t;
  std::tie(c.core_mm3, c.margin_mm3) = sums([&](std::int32_t) { return vox_mm3; });
  t.core_mm3 = c.core_mm3;
  t.margin_mm3 = c.margin_mm3;
  std::tie(c.core_cells, c.margin_cells) = sums(cd8);
  if (!tregs.empty())
    std::tie(t.core_cells, t.margin_cells) = sums([&](std::int32_t v) { return tregs[v]; });
  out.cd8_core_per_mm2 = c.core_per_mm2();
  out.cd8_margin_per_mm2 = c.margin_per_mm2();
  out.treg_core_per_mm2 = t.core_per_mm2();
  out.treg_margin_per_mm2 = t.margin_per_mm2();
  const double treg_cells = t.core_cells + t.margin_cells;
  out.cd8_treg_ratio = treg_cells > 0.0 ? (c.core_cells + c.margin_cells) / treg_cells : 0.0;
}

// CD8 effectors of each specificity, then Tregs, over the voxels that can hold cells.
ImmunePoints PopulationLesion::immune_points(std::int64_t max_points) const {
  const auto n = static_cast<std::size_t>(lattice_.size());
  std::vector<PointPopulation> populations;
  for (int k = 0; k < antigens_; ++k)
    populations.push_back({ImmunePointType::kCD8,
                           static_cast<std::uint8_t>(k),
                           {effectors_.data() + static_cast<std::size_t>(k) * n, n}});
  if (const std::span<const double> tregs = tregs_per_voxel(); !tregs.empty())
    populations.push_back({ImmunePointType::kTreg, kNoSpecificity, tregs});
  return sample_immune_points(lattice_, {outward_order_.data(), static_cast<std::size_t>(active_)},
                              populations, max_points);
}

}  // namespace isv::agents
