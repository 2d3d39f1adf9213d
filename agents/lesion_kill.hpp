// Removal of agents from a lesion, shared by the phases and the treatments (private to
// agents/lesion_*.cpp): one definition of what a tumour death does, in one deterministic order.
#pragma once

#include "agents/lesion.hpp"
#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

template <class Dies, class ModeOf>
std::int64_t Lesion::kill_tumor_where(const Dies& dies, const ModeOf& mode_of,
                                      const DeathRelease& release) {
  const auto n = static_cast<std::int64_t>(tumor_.size());
  std::vector<std::int32_t>& dying = kill_targets_;
  model::parallel_compact(n, dies, dying, block_counts_);
  if (dying.empty()) return 0;
  const float clear_h = release.clear_at_h.value_or(static_cast<float>(
      end_time_h() + model::units::days_to_hours(config_.tumor.debris_clearance_days)));
  for (const std::int32_t i : dying) {
    const DeathMode mode = mode_of(i);
    release_from_death(i, mode, release.antigen_scale);
    ++deaths_by_mode_[static_cast<std::size_t>(mode)];
    debris_clear_h_[tumor_.voxel[i]] = clear_h;
    tumor_at_[tumor_.voxel[i]] = -1;
  }
  const auto killed = static_cast<std::int64_t>(dying.size());
  deaths_total_ += killed;
  // Stable compaction: survivors keep their relative order.
  model::parallel_compact(
      n, [&](std::int64_t i) { return !dies(i); }, indices_, block_counts_);
  keep_rows(tumor_, indices_, tumor_spare_);
  rebuild_tumor_index();
  return killed;
}

template <class Dies>
std::int64_t Lesion::remove_tcells_where(const Dies& dies) {
  const auto n = static_cast<std::int64_t>(tcells_.size());
  if (n == 0) return 0;
  model::parallel_compact(
      n, [&](std::int64_t i) { return !dies(i); }, indices_, block_counts_);
  const std::int64_t killed = n - static_cast<std::int64_t>(indices_.size());
  if (killed == 0) return 0;
  for (std::int64_t i = 0; i < n; ++i)
    if (dies(i)) --tcell_count_[tcells_.voxel[i]];
  keep_rows(tcells_, indices_, tcells_spare_);
  return killed;
}

}  // namespace isv::agents
