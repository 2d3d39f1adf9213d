// Structure-of-arrays store of tumour-cell agents. Other cell types get stores of their own
// beside this one in the Lesion; each store is plain data, changed only in commit phases, and
// declares its columns once (agents/store_ops.hpp: reserve, append, removal, checkpoint).
#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "agents/store_ops.hpp"

namespace isv::agents {

enum class TumorPhase : std::uint8_t {
  kCycling = 0,    // progressing through the cell cycle
  kQuiescent = 1,  // cycle complete but no free neighbour voxel (contact inhibition)
  kHypoxic = 2,    // oxygen below the hypoxic threshold: cycle paused
};

struct TumorCells {
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<float> cycle_length_h;  // drawn per cell at birth
  std::vector<float> cycle_age_h;     // time spent cycling since birth
  std::vector<TumorPhase> phase;
  std::vector<std::uint64_t> antigen_mask;  // bit k set: expresses tracked antigen k
  std::vector<float> pdl1;                  // PD-L1 expression, multiples of baseline

  std::size_t size() const noexcept { return id.size(); }

  // Every member, in declaration order (agents/store_ops.hpp).
  static constexpr auto columns() {
    return std::tuple{&TumorCells::id,          &TumorCells::voxel, &TumorCells::cycle_length_h,
                      &TumorCells::cycle_age_h, &TumorCells::phase, &TumorCells::antigen_mask,
                      &TumorCells::pdl1};
  }

  // A new cell, cycling. Only called from serial commit phases.
  void append(std::uint64_t new_id, std::int32_t at_voxel, float length_h, float age_h,
              std::uint64_t mask, float pdl1_level) {
    append_row(*this, new_id, at_voxel, length_h, age_h, TumorPhase::kCycling, mask, pdl1_level);
  }
};
static_assert(declared_layout_matches<TumorCells>(),
              "TumorCells::columns() must list every member");

}  // namespace isv::agents
