// Small helpers for the lesion's parallel loops (fixed grain sizes; results never depend on
// how TBB splits the ranges because each iteration writes only its own slot).
#pragma once

#include <cstdint>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace isv::agents {

inline constexpr std::int64_t kCellGrain = 1 << 12;
inline constexpr std::int64_t kVoxelGrain = 1 << 14;

template <class F>
void for_each_index(std::int64_t n, std::int64_t grain, F&& f) {
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, n, grain),
                    [&](const tbb::blocked_range<std::int64_t>& r) {
                      for (std::int64_t i = r.begin(); i != r.end(); ++i) f(i);
                    });
}

}  // namespace isv::agents
