// Population lesion snapshots (/snapshots/<lesion>/ in the HDF5 file, shown by ParaView through
// the XDMF sidecar): a cell-state code and per-voxel fields in physical units.
#include <algorithm>

#include "agents/population_lesion.hpp"
#include "agents/voxel_code.hpp"

namespace isv::agents {
namespace {

// Tumour mass below this share of a full voxel counts as tissue in the cell-state code.
constexpr double kPresentShare = 0.01;

}  // namespace

void PopulationLesion::cell_state_codes(std::span<std::uint8_t> out) const {
  const double present = kPresentShare * capacity_;
  for (std::size_t v = 0; v < out.size(); ++v) {
    const auto i = static_cast<std::int32_t>(v);
    VoxelCode code = VoxelCode::kTissue;
    if (necrotic_[v] >= present && necrotic_[v] > viable_[v])
      code = VoxelCode::kDebris;
    else if (viable_[v] >= present)
      code = perfused_share(i) > 0.0 ? VoxelCode::kTumorCycling : VoxelCode::kTumorHypoxic;
    out[v] = static_cast<std::uint8_t>(code);
  }
}

// Densities per mm^3 so that fields of lesions on different voxel sizes compare directly.
std::vector<NamedField> PopulationLesion::snapshot_fields() const {
  const auto n = static_cast<std::size_t>(lattice_.size());
  const double per_mm3 = 1.0 / voxel_mm3();
  snapshot_buffer_.resize(4 * n);
  float* viable = snapshot_buffer_.data();
  float* necrotic = viable + n;
  float* cd8 = necrotic + n;
  float* vessels = cd8 + n;
  for (std::size_t v = 0; v < n; ++v) {
    viable[v] = static_cast<float>(viable_[v] * per_mm3);
    necrotic[v] = static_cast<float>(necrotic_[v] * per_mm3);
    double e = 0.0;
    for (int k = 0; k < antigens_; ++k) e += effectors_[static_cast<std::size_t>(k) * n + v];
    cd8[v] = static_cast<float>(e * per_mm3);
    // Intact and not occluded by an embolization (population_local.cpp).
    vessels[v] = open_.empty() ? vessels_[v] : static_cast<float>(vessels_[v] * open_[v]);
  }
  return {{"tumor_viable_per_mm3", "cells/mm^3", {viable, n}},
          {"tumor_necrotic_per_mm3", "cells/mm^3", {necrotic, n}},
          {"cd8_per_mm3", "cells/mm^3", {cd8, n}},
          {"vessels_intact", "share of voxel volume", {vessels, n}}};
}

}  // namespace isv::agents
