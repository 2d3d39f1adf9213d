// How many samples a sweep expands into, computed without overflow and checked against a
// limit before any sample is built: a sweep file of ten lines can ask for 10^11 runs, or a grid
// of 64 two-valued axes for 2^64, and planning must refuse it at once, not allocate for minutes
// or wrap a counter.
#pragma once

#include <cstdint>
#include <string>

#include "scenarios/sweep_spec.hpp"

namespace isv::scenarios {

// Default of `sweep plan --max-samples` (docs/sweeps.md says why this value).
inline constexpr std::uint64_t kDefaultMaxSamples = 100000;

// A count that may exceed 64 bits: exact while it fits, else `overflow` with an approximation.
struct SweepCount {
  std::uint64_t exact = 1;
  double approx = 1.0;
  bool overflow = false;
  void times(std::uint64_t factor);
  bool exceeds(std::uint64_t limit) const { return overflow || exact > limit; }
  std::string text() const;  // "1200", or "about 1.84e+19" after an overflow
};

struct SweepSize {
  SweepCount grid_points;  // product of the [[grid]] axis lengths
  SweepCount samples;      // grid points x draws x replicates x arms
};

SweepSize sweep_size(const SweepSpec& spec);

// Throws model::ConfigError naming the sweep file (and the first [[grid]] line for a grid that
// alone is too large), the count, how it is made up and the limit, with how to raise it.
void check_sweep_size(const SweepSpec& spec, std::uint64_t max_samples);

}  // namespace isv::scenarios
