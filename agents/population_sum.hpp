// A sum over n terms whose result does not depend on the thread count: fixed blocks summed in
// parallel, the block sums added in block order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "agents/parallel_loops.hpp"

namespace isv::agents {

template <class F>
double ordered_sum(std::int64_t n, F&& term) {
  const std::int64_t blocks = (n + kVoxelGrain - 1) / kVoxelGrain;
  std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
  for_each_index(blocks, 1, [&](std::int64_t b) {
    double s = 0.0;
    const std::int64_t end = std::min(n, (b + 1) * kVoxelGrain);
    for (std::int64_t i = b * kVoxelGrain; i < end; ++i) s += term(i);
    partial[static_cast<std::size_t>(b)] = s;
  });
  double total = 0.0;
  for (double s : partial) total += s;
  return total;
}

}  // namespace isv::agents
