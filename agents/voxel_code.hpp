// The per-voxel cell-state codes written to snapshots (/snapshots/<lesion>/cell_state).
#pragma once

#include <cstdint>
#include <string_view>

namespace isv::agents {

enum class VoxelCode : std::uint8_t {
  kTissue = 0,
  kTumorCycling = 1,
  kTumorQuiescent = 2,
  kTumorHypoxic = 3,
  kDebris = 4,
};

// Stored as the `codes` attribute of cell_state datasets so that files document themselves.
inline constexpr std::string_view kVoxelCodeLegend =
    "0=tissue (no tumour cell), 1=tumour cycling, 2=tumour quiescent (contact-inhibited), "
    "3=tumour hypoxic, 4=necrotic debris";

}  // namespace isv::agents
