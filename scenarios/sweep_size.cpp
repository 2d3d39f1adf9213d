// Overflow-safe sweep sizes and the sample limit (see sweep_size.hpp).
#include "scenarios/sweep_size.hpp"

#include <cstdio>
#include <limits>

#include "model/errors.hpp"

namespace isv::scenarios {

void SweepCount::times(std::uint64_t factor) {
  approx *= static_cast<double>(factor);
  if (overflow) return;
  if (factor != 0 && exact > std::numeric_limits<std::uint64_t>::max() / factor) {
    overflow = true;
    return;
  }
  exact *= factor;
}

std::string SweepCount::text() const {
  if (!overflow) return std::to_string(exact);
  char buf[48];
  std::snprintf(buf, sizeof buf, "about %.3g", approx);
  return buf;
}

SweepSize sweep_size(const SweepSpec& spec) {
  SweepSize size;
  for (const GridAxis& axis : spec.grid) size.grid_points.times(axis.values.size());
  size.samples = size.grid_points;
  size.samples.times(static_cast<std::uint64_t>(spec.samples));
  size.samples.times(static_cast<std::uint64_t>(spec.replicates));
  size.samples.times(spec.arms.size());
  return size;
}

namespace {
std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

void check_sweep_size(const SweepSpec& spec, std::uint64_t max_samples) {
  const SweepSize size = sweep_size(spec);
  const std::string limit = std::to_string(max_samples);
  const std::string raise = "raise the limit with `isvsim sweep plan --max-samples N`";
  if (size.grid_points.exceeds(max_samples))
    throw model::ConfigError(spec.grid.front().source.where + ": [[grid]]: " +
                             plural(spec.grid.size(), "axis makes", "axes make") + " " +
                             size.grid_points.text() + " grid points, more than the limit of " +
                             limit + " samples; use fewer axes or values, or " + raise);
  if (size.samples.exceeds(max_samples))
    throw model::ConfigError(spec.file.string() + ": the sweep has " + size.samples.text() +
                             " samples (" +
                             plural(size.grid_points.exact, "grid point", "grid points") +
                             " x sweep.samples = " + std::to_string(spec.samples) +
                             " x sweep.replicates = " + std::to_string(spec.replicates) + " x " +
                             plural(spec.arms.size(), "arm", "arms") +
                             "), more than the limit of " + limit + "; reduce them, or " + raise);
}

}  // namespace isv::scenarios
