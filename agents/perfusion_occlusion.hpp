// Embolic occlusion of a lesion's blood supply: each embolization blocks a share of the flow in
// a territory of voxels, and the vessels recanalize with a half-time. The lesion multiplies its
// vessel-state perfusion by the flow multiplier computed here (docs/treatments.md).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace isv::agents {

// One embolization as the lesion applies it (plain inputs, no scenario types).
struct Occlusion {
  std::vector<std::int32_t> voxels;         // territory, ascending voxel indices
  double start_h = 0.0;                     // lesion time at which the flow is cut
  double occlusion_fraction = 1.0;          // share of the flow blocked at start_h, in [0, 1]
  double recanalization_half_time_h = 0.0;  // <= 0: permanent occlusion
};

class PerfusionOcclusion {
 public:
  // Throws std::invalid_argument for a fraction outside [0, 1] or a voxel outside [0, voxels).
  void add(Occlusion occlusion, std::int64_t voxels);

  bool empty() const noexcept { return occlusions_.empty(); }
  std::span<const Occlusion> occlusions() const noexcept { return occlusions_; }

  // Share of occlusion `k` still blocking at time_h: f * 2^(-(t - t0) / T) (f before t0 is 0).
  double remaining_fraction(std::size_t k, double time_h) const noexcept;

  // Writes the flow multiplier of every voxel at time_h into `out` (lattice order):
  // the product over the occlusions covering the voxel of (1 - remaining fraction).
  // Independent occlusions of one voxel block independent shares of its flow.
  void flow_multiplier(double time_h, std::span<float> out) const;

 private:
  std::vector<Occlusion> occlusions_;
};

}  // namespace isv::agents
