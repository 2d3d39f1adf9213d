// Operations shared by the structure-of-arrays agent stores.
#pragma once

#include <cstdint>
#include <vector>

#include <tbb/parallel_for.h>

namespace isv::agents {

// data <- data[keep[0]], data[keep[1]], ... (stable); `spare` is swapped in as the new buffer.
template <class T>
void gather_kept(std::vector<T>& data, std::vector<T>& spare,
                 const std::vector<std::int32_t>& keep) {
  spare.resize(keep.size());
  tbb::parallel_for(std::size_t{0}, keep.size(), [&](std::size_t j) {  // "store.gather"
    spare[j] = data[static_cast<std::size_t>(keep[j])];
  });
  data.swap(spare);
}

}  // namespace isv::agents
