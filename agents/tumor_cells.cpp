// Stable, parallel removal of tumour cells.
#include "agents/tumor_cells.hpp"

#include "agents/store_ops.hpp"

namespace isv::agents {

void TumorCells::keep_only(const std::vector<std::int32_t>& keep, TumorCells& spare) {
  gather_kept(id, spare.id, keep);
  gather_kept(voxel, spare.voxel, keep);
  gather_kept(cycle_length_h, spare.cycle_length_h, keep);
  gather_kept(cycle_age_h, spare.cycle_age_h, keep);
  gather_kept(phase, spare.phase, keep);
  gather_kept(antigen_mask, spare.antigen_mask, keep);
  gather_kept(pdl1, spare.pdl1, keep);
}

}  // namespace isv::agents
