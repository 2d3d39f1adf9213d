// T-cell phases of the lesion: entry from blood, migration, killing and division, ageing
// (reads and writes: see tcell_phases.hpp).
#include "agents/tcell_phases.hpp"

#include <algorithm>
#include <cmath>

#include "agents/lesion_kill.hpp"
#include "agents/parallel_loops.hpp"
#include "agents/tcell_behaviour.hpp"
#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;
using model::units::days_to_hours;
using model::units::kHoursPerDay;

double tcell_entry_weight_cm3(const LesionState& s) {
  const model::TCellParams& t = s.config.immune.tcells;
  const std::span<const float> chemokine = s.fields.chemokine();
  double sum = 0.0;  // serial, fixed order: deterministic
  for (std::int64_t v = 0; v < s.lattice.size(); ++v)
    sum += s.perfusion[v] *
           (1.0 + t.chemokine_entry_boost * hill1(chemokine[v], t.chemokine_half_max));
  return sum * s.voxel_cm3();
}

float draw_tcell_death_h(const LesionState& s, std::uint64_t id) {
  const model::TCellParams& t = s.config.immune.tcells;
  CounterRng rng(s.seed, Stream::kTCellLifespan, s.step, id);
  return static_cast<float>(s.time_h() +
                            rng.lognormal_mean_cv(days_to_hours(t.lifespan_days), t.lifespan_cv));
}

double fill_tcell_entry_cdf(LesionState& s) {
  const model::TCellParams& t = s.config.immune.tcells;
  std::vector<double>& cumulative = s.entry_cdf;
  cumulative.resize(static_cast<std::size_t>(s.lattice.size()));
  const std::span<const float> chemokine = s.fields.chemokine();
  double sum = 0.0;
  for (std::int64_t v = 0; v < s.lattice.size(); ++v) {
    sum += s.perfusion[v] *
           (1.0 + t.chemokine_entry_boost * hill1(chemokine[v], t.chemokine_half_max));
    cumulative[v] = sum;
  }
  return sum;
}

// Arriving cells enter at voxels drawn with probability proportional to the same weight that
// set their number (perfusion x chemokine boost); a full voxel sends the cell back to blood.
void place_arriving_tcells(LesionState& s, double /*dt_h*/) {
  const int antigens = s.config.immune.antigens.count;
  std::int64_t total = 0;
  for (const std::int32_t n : s.inputs.arriving_tcells) total += n;
  if (total == 0) return;
  const model::TCellParams& t = s.config.immune.tcells;
  const std::vector<double>& cumulative = s.entry_cdf;
  const double sum = fill_tcell_entry_cdf(s);
  for (int k = 0; k < antigens && k < static_cast<int>(s.inputs.arriving_tcells.size()); ++k) {
    for (std::int32_t c = 0; c < s.inputs.arriving_tcells[k]; ++c) {
      const std::uint64_t id = s.next_tcell_id;
      CounterRng rng(s.seed, Stream::kTCellPlacement, s.step, id);
      const double u = rng.uniform() * sum;
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
      const auto v = static_cast<std::int32_t>(
          std::min<std::ptrdiff_t>(it - cumulative.begin(), s.lattice.size() - 1));
      if (!(sum > 0.0) || !s.tcell_room(v)) {
        ++s.outputs.unplaced_tcells[k];
        continue;
      }
      ++s.next_tcell_id;
      s.tcells.append(id, v, static_cast<std::uint8_t>(k), draw_tcell_death_h(s, id),
                      static_cast<std::uint8_t>(t.max_divisions));
      ++s.tcell_count[v];
      ++s.tcells_arrived_total;
    }
  }
}

// speed x step / voxel moves per step (tcell_moves_per_step), each a two-phase update: every
// cell proposes a voxel (reading the counts of the previous move), then proposals are accepted
// in (target, priority, id) order while the target has room as counted before the move.
void move_tcells(LesionState& s, double dt_h) {
  const model::TCellParams& t = s.config.immune.tcells;
  const int moves = std::min(tcell_moves_per_step(t.speed_um_per_min, dt_h, s.lattice.voxel_um()),
                             kMaxMovesPerStep);
  const auto n = static_cast<std::int64_t>(s.tcells.size());
  if (n == 0 || moves <= 0) return;
  const TCellContext ctx = tcell_context(s);
  for (int m = 0; m < moves; ++m) {
    s.moves.resize(static_cast<std::size_t>(n));
    for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tcell.move.decide"
      const TCellMoveIntent intent = decide_tcell_move(s.tcells, i, ctx, m);
      s.moves[i] = {intent.target, intent.priority, s.tcells.id[i], static_cast<std::int32_t>(i)};
    });
    std::erase_if(s.moves, [](const Proposal& mv) { return mv.target < 0; });
    commit_proposals(
        s.moves, [&](std::int32_t target) { return t.max_per_voxel - s.tcell_count[target]; },
        [&](const Proposal& mv) {
          --s.tcell_count[s.tcells.voxel[mv.agent]];
          s.tcells.voxel[mv.agent] = mv.target;
          ++s.tcell_count[mv.target];
        });
  }
}

TCellContext tcell_context(const LesionState& s) {
  return TCellContext{s.lattice,
                      s.tumor,
                      s.tumor_at,
                      s.tcell_count,
                      s.fields,
                      s.config.immune,
                      s.dt_h,
                      s.seed,
                      s.step,
                      cell_type<TregModule>(s).count,
                      cell_params<TregModule>(s).suppression_half_cells};
}

// Engage, kill and divide. Decisions read the previous state in parallel; kills are committed
// in (target, priority, id) order so each tumour cell dies once, to the first killer.
void act_tcells(LesionState& s, double dt_h) {
  const auto n = static_cast<std::int64_t>(s.tcells.size());
  if (n == 0) return;
  const TCellContext ctx = tcell_context(s);
  s.act_intents.resize(static_cast<std::size_t>(n));
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tcell.act.decide"
    s.act_intents[i] = decide_tcell_act(s.tcells, i, ctx);
  });
  const model::TCellParams& t = s.config.immune.tcells;
  s.kills.clear();
  for (std::int64_t i = 0; i < n; ++i) {
    const TCellActIntent& a = s.act_intents[i];
    s.tcells.exhaustion[i] = a.exhaustion;
    s.tcells.engaged[i] = a.engaged;
    if (a.engaged)
      s.fields.add_ifng_secretion(s.tcells.voxel[i], static_cast<float>(t.ifng_secretion_per_h));
    if (a.kill_target >= 0)
      s.kills.push_back({a.kill_target, a.priority, s.tcells.id[i], static_cast<std::int32_t>(i)});
  }
  (void)dt_h;
  std::vector<std::uint8_t>& dies = s.dead_flags;
  dies.assign(s.tumor.size(), 0);
  model::Lattice::Neighbours neighbours;
  commit_proposals(s.kills, one_per_target, [&](const Proposal& k) {
    dies[k.target] = 1;
    ++s.tcell_kills_total;
    // Division after a kill: the daughter goes to the killer's voxel or its first neighbour
    // with room (fixed neighbour order), if any.
    if (s.tcells.divisions_left[k.agent] == 0) return;
    const std::int32_t home = s.tcells.voxel[k.agent];
    std::int32_t spot = s.tcell_room(home) ? home : -1;
    if (spot < 0) {
      const int nn = s.lattice.moore_neighbours(home, neighbours);
      for (int j = 0; j < nn && spot < 0; ++j)
        if (s.tcell_room(neighbours[j])) spot = neighbours[j];
    }
    if (spot < 0) return;
    const std::uint8_t left = --s.tcells.divisions_left[k.agent];
    const std::uint64_t id = s.next_tcell_id++;
    s.tcells.append(id, spot, s.tcells.specificity[k.agent], draw_tcell_death_h(s, id), left);
    ++s.tcell_count[spot];
  });
  kill_tumor_where(
      s, [&](std::int64_t i) { return dies[i] != 0; },
      [](std::int64_t) { return DeathMode::kTCellKill; });
}

void age_tcells(LesionState& s, double /*dt_h*/) {
  const auto now_h = static_cast<float>(s.end_time_h());
  remove_tcells_where(s, [&](std::int64_t i) { return s.tcells.death_h[i] <= now_h; });
}

}  // namespace isv::agents
