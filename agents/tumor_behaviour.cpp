// Tumour-cell fate: anoxic necrosis, hypoxic pause, cycling, division or contact inhibition.
#include "agents/tumor_behaviour.hpp"

#include <cmath>

#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;

float draw_cycle_length_h(const model::TumorParams& params, std::uint64_t seed, Stream stream,
                          std::uint64_t step, std::uint64_t cell_id) noexcept {
  CounterRng rng(seed, stream, step, cell_id);
  const double mean_h = model::units::days_to_hours(params.doubling_time_days);
  return static_cast<float>(rng.lognormal_mean_cv(mean_h, params.doubling_time_cv));
}

TumorIntent decide_tumor(const TumorCells& cells, std::size_t i, const TumorContext& ctx) noexcept {
  const model::TumorParams& p = ctx.params;
  const std::int32_t voxel = cells.voxel[i];
  const std::uint64_t id = cells.id[i];
  const double oxygen = ctx.oxygen_mmHg[voxel];
  TumorIntent intent;
  intent.cycle_age_h = cells.cycle_age_h[i];

  if (p.apoptosis_rate_per_day > 0.0) {
    const double rate_per_h = p.apoptosis_rate_per_day / model::units::kHoursPerDay;
    CounterRng rng(ctx.seed, Stream::kApoptosis, ctx.step, id);
    if (rng.uniform() < -std::expm1(-rate_per_h * ctx.dt_h)) {
      intent.action = TumorAction::kDie;
      intent.death_mode = DeathMode::kApoptosis;
      intent.phase = cells.phase[i];
      return intent;
    }
  }
  if (oxygen < p.anoxic_threshold_mmHg) {
    const double rate_per_h = p.anoxic_death_rate_per_day / model::units::kHoursPerDay;
    CounterRng rng(ctx.seed, Stream::kNecrosis, ctx.step, id);
    if (rng.uniform() < -std::expm1(-rate_per_h * ctx.dt_h)) {
      intent.action = TumorAction::kDie;
      intent.death_mode = DeathMode::kNecrosis;
    }
    intent.phase = TumorPhase::kHypoxic;
    return intent;
  }
  if (oxygen < p.hypoxic_threshold_mmHg) {
    intent.phase = TumorPhase::kHypoxic;
    return intent;
  }

  intent.cycle_age_h += static_cast<float>(ctx.dt_h);
  if (intent.cycle_age_h < cells.cycle_length_h[i]) return intent;

  model::Lattice::Neighbours neighbours;
  const int n = ctx.lattice.moore_neighbours(voxel, neighbours);
  std::array<std::int32_t, model::Lattice::kMaxNeighbours> free_voxels;
  int n_free = 0;
  for (int k = 0; k < n; ++k)
    if (voxel_free(ctx, neighbours[k])) free_voxels[n_free++] = neighbours[k];
  if (n_free == 0) {
    intent.phase = TumorPhase::kQuiescent;
    return intent;
  }
  CounterRng rng(ctx.seed, Stream::kDivisionTarget, ctx.step, id);
  intent.action = TumorAction::kDivide;
  intent.target = free_voxels[rng.below(static_cast<std::uint32_t>(n_free))];
  intent.priority = rng.next_u32();
  return intent;
}

}  // namespace isv::agents
