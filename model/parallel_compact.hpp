// Deterministic parallel stream compaction: the ascending indices i in [0, n) with pred(i).
// Blocks have a fixed size, so the result and the work split never depend on the thread count.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace isv::model {

inline constexpr std::int64_t kCompactBlock = 1 << 13;

// `block_counts` is caller-owned scratch so repeated calls do not allocate once it has grown.
template <class Pred>
void parallel_compact(std::int64_t n, Pred pred, std::vector<std::int32_t>& out,
                      std::vector<std::int64_t>& block_counts) {
  const std::int64_t blocks = (n + kCompactBlock - 1) / kCompactBlock;
  block_counts.assign(static_cast<std::size_t>(blocks) + 1, 0);
  tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {  // "compact.count"
    const std::int64_t end = std::min(n, (b + 1) * kCompactBlock);
    std::int64_t count = 0;
    for (std::int64_t i = b * kCompactBlock; i < end; ++i) count += pred(i) ? 1 : 0;
    block_counts[b + 1] = count;
  });
  for (std::int64_t b = 0; b < blocks; ++b) block_counts[b + 1] += block_counts[b];
  out.resize(static_cast<std::size_t>(block_counts[blocks]));
  tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {  // "compact.fill"
    const std::int64_t end = std::min(n, (b + 1) * kCompactBlock);
    std::int64_t at = block_counts[b];
    for (std::int64_t i = b * kCompactBlock; i < end; ++i)
      if (pred(i)) out[at++] = static_cast<std::int32_t>(i);
  });
}

}  // namespace isv::model
