// Stable, parallel removal of tumour cells.
#include "agents/tumor_cells.hpp"

#include <tbb/parallel_for.h>

namespace isv::agents {
namespace {

template <class T>
void gather(std::vector<T>& data, std::vector<T>& spare, const std::vector<std::int32_t>& keep) {
  spare.resize(keep.size());
  tbb::parallel_for(std::size_t{0}, keep.size(), [&](std::size_t j) {  // "tumor.gather"
    spare[j] = data[static_cast<std::size_t>(keep[j])];
  });
  data.swap(spare);
}

}  // namespace

void TumorCells::keep_only(const std::vector<std::int32_t>& keep, TumorCells& spare) {
  gather(id, spare.id, keep);
  gather(voxel, spare.voxel, keep);
  gather(cycle_length_h, spare.cycle_length_h, keep);
  gather(cycle_age_h, spare.cycle_age_h, keep);
  gather(phase, spare.phase, keep);
}

}  // namespace isv::agents
