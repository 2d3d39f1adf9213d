// CD8 T-cell behaviour as pure functions of the previous state: where to move, whom to engage
// and whether to kill. The lesion's commit phases resolve the intents.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "agents/immune_cells.hpp"
#include "agents/immune_fields.hpp"
#include "agents/tumor_cells.hpp"
#include "model/immune_params.hpp"
#include "model/lattice.hpp"

namespace isv::agents {

// Moves per step. The first kKeyedMovesPerStep draw from counter (step x 64 + move) as they
// always have; later moves of the same step (large step_h or fast cells) draw from their own
// stream, keyed by (step, cell id, move), so none is dropped. The move index must fit in 16
// bits: tcell_moves_error() refuses scenarios needing more.
inline constexpr int kKeyedMovesPerStep = 64;
inline constexpr int kMaxMovesPerStep = 65535;

// Lattice moves a T cell makes in one step: speed x step / voxel size, rounded.
int tcell_moves_per_step(double speed_um_per_min, double step_h, double voxel_um) noexcept;

// Empty if a lesion can take the moves this scenario asks for; otherwise why not (one line,
// naming tcells.speed_um_per_min, run.step_h and the lattice voxel size). For scenario
// validation, before anything runs.
std::string tcell_moves_error(double speed_um_per_min, double step_h, double voxel_um);

struct TCellContext {
  const model::Lattice& lattice;
  const TumorCells& tumor;
  std::span<const std::int32_t> tumor_at;
  std::span<const std::uint8_t> tcell_count;
  const ImmuneFields& fields;
  const model::ImmuneParams& params;
  double dt_h;
  std::uint64_t seed;
  std::uint64_t step;
  // Regulatory T cells per voxel (agents/treg_module.hpp); empty while Tregs are off.
  std::span<const std::uint8_t> treg_count = {};
  double treg_half_cells = 1.0;
};

struct TCellMoveIntent {
  std::int32_t target = -1;  // -1: stay
  std::uint32_t priority = 0;
};

struct TCellActIntent {
  std::int32_t kill_target = -1;  // tumour cell index, -1 if no kill
  std::uint32_t priority = 0;
  float exhaustion = 0.0f;  // after this step
  std::uint8_t engaged = 0;
};

// PD-1 suppression H in [0, 1): a Hill function of the effective PD-L1 the cell meets, which
// falls with anti-PD-L1 occupancy on the target and anti-PD-1 occupancy on the T cell.
double pd1_suppression(double pdl1, double occupancy_pdl1, double occupancy_pd1,
                       const model::Pdl1Params& p) noexcept;

// Probability that one engaged, non-exhausted cell kills in dt: 1 - exp(-dt k (1 - H)).
double kill_probability(double dt_h, double kill_rate_per_day, double suppression) noexcept;

// Biased random walk: with probability chemotaxis_bias toward the neighbour of highest
// chemokine (if higher than here), otherwise to a uniformly chosen neighbour; a full voxel
// means staying.
TCellMoveIntent decide_tcell_move(const TCells& cells, std::size_t i, const TCellContext& ctx,
                                  int move_index) noexcept;

// Engagement of a tumour cell expressing the cell's antigen in its own or a neighbouring voxel;
// the kill probability is scaled by treg_kill_factor of the Tregs around the T cell.
TCellActIntent decide_tcell_act(const TCells& cells, std::size_t i,
                                const TCellContext& ctx) noexcept;

}  // namespace isv::agents
