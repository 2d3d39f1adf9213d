// Tumour-cell behaviour as pure functions: decide reads the previous state and returns an
// intent for the cell's own slot; the lesion's commit phase resolves intents.
#pragma once

#include <cstdint>
#include <span>

#include "agents/death_mode.hpp"
#include "agents/tumor_cells.hpp"
#include "model/lattice.hpp"
#include "model/rng.hpp"
#include "model/tumor_params.hpp"

namespace isv::agents {

enum class TumorAction : std::uint8_t { kNone, kDivide, kDie };

struct TumorIntent {
  TumorAction action = TumorAction::kNone;
  TumorPhase phase = TumorPhase::kCycling;  // the cell's phase after this step
  float cycle_age_h = 0.0f;                 // the cell's cycle age after this step
  std::int32_t target = -1;                 // voxel to divide into
  std::uint32_t priority = 0;               // random tie-break among divisions into one voxel
  DeathMode death_mode = DeathMode::kNecrosis;  // when action == kDie
};

// What a cell may read of its surroundings (all from the previous state).
struct TumorContext {
  const model::Lattice& lattice;
  std::span<const float> oxygen_mmHg;
  std::span<const std::int32_t> tumor_at;  // voxel -> tumour cell index, -1 if none
  std::span<const float> debris_clear_h;   // voxel -> time debris clears, < 0 if none
  const model::TumorParams& params;
  double dt_h;
  std::uint64_t seed;
  std::uint64_t step;
};

// True if a voxel can receive a daughter cell.
inline bool voxel_free(const TumorContext& ctx, std::int32_t v) noexcept {
  return ctx.tumor_at[v] < 0 && ctx.debris_clear_h[v] < 0.0f;
}

TumorIntent decide_tumor(const TumorCells& cells, std::size_t i, const TumorContext& ctx) noexcept;

// Cycle length of a newborn cell (hours), drawn from the cell's own counter stream.
float draw_cycle_length_h(const model::TumorParams& params, std::uint64_t seed,
                          model::Stream stream, std::uint64_t step, std::uint64_t cell_id) noexcept;

}  // namespace isv::agents
