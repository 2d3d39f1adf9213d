// Morris trajectories and elementary effects (analysis/morris.hpp).
#include "analysis/morris.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "analysis/streams.hpp"
#include "model/rng.hpp"

namespace isv::analysis {

MorrisDesign morris_design(std::span<const InputRange> inputs, std::size_t trajectories, int levels,
                           std::uint64_t seed) {
  const std::size_t k = inputs.size();
  if (k == 0) throw std::invalid_argument("Morris design: no inputs");
  if (trajectories < 2) throw std::invalid_argument("Morris design: need at least 2 trajectories");
  if (levels < 2 || levels % 2 != 0) {
    throw std::invalid_argument("Morris design: the number of levels must be even and >= 2, not " +
                                std::to_string(levels));
  }
  for (const InputRange& in : inputs) {
    if (!std::isfinite(in.lower) || !std::isfinite(in.upper) || !(in.lower < in.upper)) {
      throw std::invalid_argument("Morris design: input '" + in.name +
                                  "' needs finite lower < upper");
    }
  }
  const double step = 1.0 / static_cast<double>(levels - 1);
  const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  // Base levels 0, 1/(p-1), ..., 1 - delta: the first p/2 levels, so that x + delta <= 1.
  const auto base_levels = static_cast<std::uint32_t>(levels / 2);

  MorrisDesign d;
  d.trajectories = trajectories;
  d.inputs = k;
  d.levels = levels;
  d.points.resize(d.rows() * k);
  d.moved_input.resize(trajectories * k);
  d.moved_up.resize(trajectories * k);
  std::vector<double> x(k);
  std::vector<std::size_t> order(k);
  for (std::size_t t = 0; t < trajectories; ++t) {
    model::CounterRng rng(seed, kStreamMorrisTrajectory, 0, t);
    std::vector<bool> up(k);
    for (std::size_t i = 0; i < k; ++i) {
      const double low = step * static_cast<double>(rng.below(base_levels));
      up[i] = (rng.next_u32() & 1u) != 0;
      x[i] = up[i] ? low : low + delta;  // start at the end the move leaves from
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) {  // Fisher-Yates
      std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);
    }
    auto write_row = [&](std::size_t s) {
      for (std::size_t c = 0; c < k; ++c) {
        d.points[(t * (k + 1) + s) * k + c] =
            inputs[c].lower + x[c] * (inputs[c].upper - inputs[c].lower);
      }
    };
    write_row(0);
    for (std::size_t s = 1; s <= k; ++s) {
      const std::size_t i = order[s - 1];
      x[i] += up[i] ? delta : -delta;
      d.moved_input[t * k + s - 1] = i;
      d.moved_up[t * k + s - 1] = up[i];
      write_row(s);
    }
  }
  return d;
}

std::vector<MorrisIndex> morris_indices(const MorrisDesign& design,
                                        std::span<const InputRange> inputs,
                                        std::span<const double> outputs) {
  const std::size_t k = design.inputs;
  const std::size_t r = design.trajectories;
  if (inputs.size() != k || outputs.size() != design.rows()) {
    throw std::invalid_argument("Morris indices: " + std::to_string(outputs.size()) +
                                " outputs and " + std::to_string(inputs.size()) +
                                " names for a design of " + std::to_string(design.rows()) +
                                " rows and " + std::to_string(k) + " inputs");
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!std::isfinite(outputs[i])) {
      throw std::invalid_argument("Morris indices: output of row " + std::to_string(i) +
                                  " is not finite");
    }
  }
  const int p = design.levels;
  const double delta = static_cast<double>(p) / (2.0 * static_cast<double>(p - 1));
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t s = 1; s <= k; ++s) {
      const std::size_t m = t * k + s - 1;
      const double change = outputs[t * (k + 1) + s] - outputs[t * (k + 1) + s - 1];
      effects[design.moved_input[m]].push_back(change / (design.moved_up[m] ? delta : -delta));
    }
  }
  std::vector<MorrisIndex> result(k);
  for (std::size_t i = 0; i < k; ++i) {
    MorrisIndex& out = result[i];
    out.name = inputs[i].name;
    const auto count = static_cast<double>(effects[i].size());
    for (const double e : effects[i]) {
      out.mu += e;
      out.mu_star += std::abs(e);
    }
    out.mu /= count;
    out.mu_star /= count;
    double ss = 0.0;
    for (const double e : effects[i]) ss += (e - out.mu) * (e - out.mu);
    out.sigma = std::sqrt(ss / (count - 1.0));
  }
  return result;
}

}  // namespace isv::analysis
