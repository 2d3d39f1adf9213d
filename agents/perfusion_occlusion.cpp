// Embolic occlusion and recanalization (see perfusion_occlusion.hpp).
#include "agents/perfusion_occlusion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "agents/parallel_loops.hpp"

namespace isv::agents {

void PerfusionOcclusion::add(Occlusion occlusion, std::int64_t voxels) {
  if (!(occlusion.occlusion_fraction >= 0.0 && occlusion.occlusion_fraction <= 1.0))
    throw std::invalid_argument("occlusion_fraction must lie in [0, 1]");
  std::sort(occlusion.voxels.begin(), occlusion.voxels.end());
  occlusion.voxels.erase(std::unique(occlusion.voxels.begin(), occlusion.voxels.end()),
                         occlusion.voxels.end());
  if (!occlusion.voxels.empty() &&
      (occlusion.voxels.front() < 0 || occlusion.voxels.back() >= voxels))
    throw std::invalid_argument("occlusion territory outside the lattice");
  occlusions_.push_back(std::move(occlusion));
}

double PerfusionOcclusion::remaining_fraction(std::size_t k, double time_h) const noexcept {
  const Occlusion& o = occlusions_[k];
  const double elapsed_h = time_h - o.start_h;
  if (elapsed_h < 0.0) return 0.0;
  if (!(o.recanalization_half_time_h > 0.0)) return o.occlusion_fraction;
  return o.occlusion_fraction * std::exp2(-elapsed_h / o.recanalization_half_time_h);
}

void PerfusionOcclusion::flow_multiplier(double time_h, std::span<float> out) const {
  std::fill(out.begin(), out.end(), 1.0f);
  // Occlusions in the order they were applied; within one, voxels are unique, so the parallel
  // writes never collide and the products are formed in a fixed order.
  for (std::size_t k = 0; k < occlusions_.size(); ++k) {
    const auto open = static_cast<float>(1.0 - remaining_fraction(k, time_h));
    const std::vector<std::int32_t>& voxels = occlusions_[k].voxels;
    for_each_index(static_cast<std::int64_t>(voxels.size()), kVoxelGrain,
                   [&](std::int64_t i) { out[voxels[i]] *= open; });  // "occlusion.multiplier"
  }
}

}  // namespace isv::agents
