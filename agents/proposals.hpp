// Deterministic resolution of competing claims. In a decide phase every agent may propose a
// target (a voxel to move or divide into, a tumour cell to kill) with a random priority; the
// commit phase sorts the proposals by (target, priority, proposer id) and accepts, per target,
// the first ones up to the target's capacity. Proposer ids are unique, so the order is total
// and the outcome does not depend on the thread count or the sort algorithm.
#pragma once

#include <tbb/parallel_sort.h>

#include <cstdint>
#include <vector>

namespace isv::agents {

struct Proposal {
  std::int32_t target;     // claimed voxel or cell index
  std::uint32_t priority;  // random draw: who goes first among claims on one target
  std::uint64_t id;        // proposer's id: breaks ties
  std::int32_t agent;      // proposer's index in its store
};

inline bool proposal_before(const Proposal& a, const Proposal& b) noexcept {
  if (a.target != b.target) return a.target < b.target;
  if (a.priority != b.priority) return a.priority < b.priority;
  return a.id < b.id;
}

// Sorts `proposals` into commit order, then calls accept(p) for each accepted proposal in that
// order: per target, the first capacity(target) proposals. capacity is called once per
// target, when its first proposal comes up, so it sees the commits of lower targets.
template <class Capacity, class Accept>
void commit_proposals(std::vector<Proposal>& proposals, Capacity&& capacity, Accept&& accept) {
  tbb::parallel_sort(proposals.begin(), proposals.end(), proposal_before);
  bool first = true;
  std::int32_t current = 0;
  int room = 0;
  for (const Proposal& p : proposals) {
    if (first || p.target != current) {
      first = false;
      current = p.target;
      room = capacity(p.target);
    }
    if (room <= 0) continue;
    --room;
    accept(p);
  }
}

// One winner per target.
inline int one_per_target(std::int32_t /*target*/) noexcept { return 1; }

}  // namespace isv::agents
