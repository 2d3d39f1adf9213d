// T-cell migration and engagement decisions.
#include "agents/tcell_behaviour.hpp"

#include <cmath>
#include <cstdio>

#include "agents/treg_module.hpp"
#include "model/rng.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;

double pd1_suppression(double pdl1, double occupancy_pdl1, double occupancy_pd1,
                       const model::Pdl1Params& p) noexcept {
  const double effective = pdl1 * (1.0 - occupancy_pdl1) * (1.0 - occupancy_pd1);
  if (effective <= 0.0) return 0.0;
  const double x = std::pow(effective / p.pd1_half_max, p.pd1_hill);
  return x / (1.0 + x);
}

double kill_probability(double dt_h, double kill_rate_per_day, double suppression) noexcept {
  return -std::expm1(-dt_h * kill_rate_per_day / model::units::kHoursPerDay * (1.0 - suppression));
}

int tcell_moves_per_step(double speed_um_per_min, double step_h, double voxel_um) noexcept {
  const double moves = std::round(speed_um_per_min * 60.0 * step_h / voxel_um);
  if (!(moves >= 0.0)) return 0;
  return moves > kMaxMovesPerStep ? kMaxMovesPerStep + 1 : static_cast<int>(moves);
}

std::string tcell_moves_error(double speed_um_per_min, double step_h, double voxel_um) {
  if (tcell_moves_per_step(speed_um_per_min, step_h, voxel_um) <= kMaxMovesPerStep) return {};
  char text[256];
  std::snprintf(text, sizeof text,
                "tcells.speed_um_per_min = %g with run.step_h = %g on %g um voxels needs "
                "more than %d lattice moves per step; lower the speed or run.step_h",
                speed_um_per_min, step_h, voxel_um, kMaxMovesPerStep);
  return text;
}

TCellMoveIntent decide_tcell_move(const TCells& cells, std::size_t i, const TCellContext& ctx,
                                  int move_index) noexcept {
  const std::int32_t here = cells.voxel[i];
  model::Lattice::Neighbours neighbours;
  const int n = ctx.lattice.moore_neighbours(here, neighbours);
  CounterRng rng = move_index < kKeyedMovesPerStep
                       ? CounterRng(ctx.seed, Stream::kTCellMove,
                                    ctx.step * kKeyedMovesPerStep + move_index, cells.id[i])
                       : CounterRng(ctx.seed, Stream::kTCellMoveLate, ctx.step,
                                    cells.id[i] | (static_cast<std::uint64_t>(move_index) << 48));
  TCellMoveIntent intent;
  intent.priority = rng.next_u32();
  std::int32_t target = -1;
  if (rng.uniform() < ctx.params.tcells.chemotaxis_bias) {
    const std::span<const float> chemokine = ctx.fields.chemokine();
    float best = chemokine[here];
    for (int k = 0; k < n; ++k) {
      if (chemokine[neighbours[k]] > best) {
        best = chemokine[neighbours[k]];
        target = neighbours[k];
      }
    }
  }
  if (target < 0 && n > 0) target = neighbours[rng.below(static_cast<std::uint32_t>(n))];
  if (target >= 0 && ctx.tcell_count[target] < ctx.params.tcells.max_per_voxel)
    intent.target = target;
  return intent;
}

TCellActIntent decide_tcell_act(const TCells& cells, std::size_t i,
                                const TCellContext& ctx) noexcept {
  TCellActIntent intent;
  intent.exhaustion = cells.exhaustion[i];
  if (intent.exhaustion >= 1.0f) return intent;  // exhausted: no longer engages or kills
  const std::int32_t here = cells.voxel[i];
  const std::uint64_t bit = std::uint64_t{1} << cells.specificity[i];
  std::array<std::int32_t, model::Lattice::kMaxNeighbours + 1> targets;
  int count = 0;
  auto consider = [&](std::int32_t v) {
    const std::int32_t c = ctx.tumor_at[v];
    if (c >= 0 && (ctx.tumor.antigen_mask[c] & bit) != 0) targets[count++] = c;
  };
  consider(here);
  model::Lattice::Neighbours neighbours;
  const int n = ctx.lattice.moore_neighbours(here, neighbours);
  for (int k = 0; k < n; ++k) consider(neighbours[k]);
  if (count == 0) return intent;

  CounterRng rng(ctx.seed, Stream::kTCellKill, ctx.step, cells.id[i]);
  const std::int32_t target = targets[rng.below(static_cast<std::uint32_t>(count))];
  const model::ImmuneParams& p = ctx.params;
  const double h = pd1_suppression(
      ctx.tumor.pdl1[target], ctx.fields.occupancy(TissueTarget::kPDL1, ctx.tumor.voxel[target]),
      ctx.fields.occupancy(TissueTarget::kPD1, here), p.pdl1);
  intent.engaged = 1;
  intent.exhaustion = static_cast<float>(
      std::min(1.0, intent.exhaustion + ctx.dt_h * p.tcells.exhaustion_rate_per_day /
                                            model::units::kHoursPerDay * h));
  double p_kill = kill_probability(ctx.dt_h, p.tcells.kill_rate_per_day, h);
  if (!ctx.treg_count.empty())
    p_kill *=
        treg_kill_factor(tregs_around(ctx.lattice, ctx.treg_count, here), ctx.treg_half_cells);
  if (rng.uniform() < p_kill) {
    intent.kill_target = target;
    intent.priority = rng.next_u32();
  }
  return intent;
}

}  // namespace isv::agents
