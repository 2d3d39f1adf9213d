// Removal of agents from a lesion's state, shared by the phases and the treatments: one
// definition of what a tumour death does, in one deterministic order.
//   reads:  tumor, tcells, config (debris clearance), step
//   writes: tumor (+ spare), tumor_at, debris_clear_h, deaths_*, fields and antigen totals
//           (via release_from_death), tcells (+ spare), tcell_count, kill_targets, indices,
//           block_counts
#pragma once

#include <optional>

#include "agents/lesion_state.hpp"
#include "agents/tumor_phases.hpp"
#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

// How a dying tumour cell leaves its voxel: `antigen_scale` multiplies the intact antigen
// released; `clear_at_h` (default: the tumour's debris clearance after this step) is when
// the debris clears.
struct DeathRelease {
  double antigen_scale = 1.0;
  std::optional<float> clear_at_h;
};

// Kills every tumour cell i with dies(i), in ascending index order, by mode_of(i): release,
// debris, counts, stable compaction of the store. `dies` and `mode_of` are pure functions of
// the index over the state at the call (evaluated in parallel, `dies` more than once).
// Returns the number killed.
template <class Dies, class ModeOf>
std::int64_t kill_tumor_where(LesionState& s, const Dies& dies, const ModeOf& mode_of,
                              const DeathRelease& release = {}) {
  const auto n = static_cast<std::int64_t>(s.tumor.size());
  std::vector<std::int32_t>& dying = s.kill_targets;
  model::parallel_compact(n, dies, dying, s.block_counts);
  if (dying.empty()) return 0;
  const float clear_h = release.clear_at_h.value_or(static_cast<float>(
      s.end_time_h() + model::units::days_to_hours(s.config.tumor.debris_clearance_days)));
  for (const std::int32_t i : dying) {
    const DeathMode mode = mode_of(i);
    release_from_death(s, i, mode, release.antigen_scale);
    ++s.deaths_by_mode[static_cast<std::size_t>(mode)];
    s.debris_clear_h[s.tumor.voxel[i]] = clear_h;
    s.tumor_at[s.tumor.voxel[i]] = -1;
  }
  const auto killed = static_cast<std::int64_t>(dying.size());
  s.deaths_total += killed;
  // Stable compaction: survivors keep their relative order.
  model::parallel_compact(
      n, [&](std::int64_t i) { return !dies(i); }, s.indices, s.block_counts);
  keep_rows(s.tumor, s.indices, s.tumor_spare);
  rebuild_tumor_index(s);
  return killed;
}

// Removes every T cell i with dies(i) (pure, as above), keeping the others in order.
template <class Dies>
std::int64_t remove_tcells_where(LesionState& s, const Dies& dies) {
  const auto n = static_cast<std::int64_t>(s.tcells.size());
  if (n == 0) return 0;
  model::parallel_compact(
      n, [&](std::int64_t i) { return !dies(i); }, s.indices, s.block_counts);
  const std::int64_t killed = n - static_cast<std::int64_t>(s.indices.size());
  if (killed == 0) return 0;
  for (std::int64_t i = 0; i < n; ++i)
    if (dies(i)) --s.tcell_count[s.tcells.voxel[i]];
  keep_rows(s.tcells, s.indices, s.tcells_spare);
  return killed;
}

}  // namespace isv::agents
