// Removal of immune agents.
#include "agents/immune_cells.hpp"

#include "agents/store_ops.hpp"

namespace isv::agents {

void TCells::keep_only(const std::vector<std::int32_t>& keep, TCells& spare) {
  gather_kept(id, spare.id, keep);
  gather_kept(voxel, spare.voxel, keep);
  gather_kept(specificity, spare.specificity, keep);
  gather_kept(death_h, spare.death_h, keep);
  gather_kept(exhaustion, spare.exhaustion, keep);
  gather_kept(divisions_left, spare.divisions_left, keep);
  gather_kept(engaged, spare.engaged, keep);
}

void DendriticCells::keep_if(const std::vector<std::uint8_t>& keep) {
  std::size_t out = 0;
  const auto k = static_cast<std::size_t>(antigen_count);
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (keep[i] == 0) continue;
    id[out] = id[i];
    voxel[out] = voxel[i];
    mature[out] = mature[i];
    for (std::size_t a = 0; a < k; ++a) load[out * k + a] = load[i * k + a];
    ++out;
  }
  id.resize(out);
  voxel.resize(out);
  mature.resize(out);
  load.resize(out * k);
}

}  // namespace isv::agents
