// Saltelli design and Sobol index estimators (analysis/sobol_sensitivity.hpp).
#include "analysis/sobol_sensitivity.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <stdexcept>

#include "analysis/streams.hpp"
#include "model/rng.hpp"

namespace isv::analysis {
namespace {

// Point estimates of S_i and S_Ti for every input over the base rows `picks` (a bootstrap
// resample, or 0..n-1), written to first[i] and total[i]. Returns false if the variance is 0.
bool estimate(const SaltelliDesign& d, std::span<const double> y,
              std::span<const std::size_t> picks, std::vector<double>& first,
              std::vector<double>& total) {
  const double count = static_cast<double>(picks.size());
  double mean = 0.0;
  for (const std::size_t j : picks) mean += y[d.row_a(j)] + y[d.row_b(j)];
  mean /= 2.0 * count;
  double variance = 0.0;
  for (const std::size_t j : picks) {
    const double da = y[d.row_a(j)] - mean;
    const double db = y[d.row_b(j)] - mean;
    variance += da * da + db * db;
  }
  variance /= 2.0 * count;
  if (!(variance > 0.0)) return false;
  for (std::size_t i = 0; i < d.inputs; ++i) {
    double v_first = 0.0;  // (1/n) sum f(B) (f(A_B^i) - f(A))         Saltelli et al. 2010
    double v_total = 0.0;  // (1/2n) sum (f(A) - f(A_B^i))^2            Jansen 1999
    for (const std::size_t j : picks) {
      const double fa = y[d.row_a(j)];
      const double fab = y[d.row_ab(i, j)];
      v_first += y[d.row_b(j)] * (fab - fa);
      v_total += (fa - fab) * (fa - fab);
    }
    first[i] = v_first / count / variance;
    total[i] = v_total / (2.0 * count) / variance;
  }
  return true;
}

}  // namespace

std::vector<double> sobol_points(std::size_t n, std::size_t dim, std::uint64_t skip) {
  boost::random::sobol engine(dim);
  if (skip > 0) engine.discard(skip * dim);
  std::vector<double> points(n * dim);
  // The engine returns 64-bit integers; 2^-64 maps them onto [0, 1).
  constexpr double kScale = 0x1.0p-64;
  for (double& x : points) x = static_cast<double>(engine()) * kScale;
  return points;
}

SaltelliDesign saltelli_design(std::span<const InputRange> inputs, std::size_t base_samples,
                               std::uint64_t skip) {
  const std::size_t k = inputs.size();
  if (k == 0) throw std::invalid_argument("Sobol design: no inputs");
  if (base_samples < 2) throw std::invalid_argument("Sobol design: base sample size below 2");
  constexpr std::size_t kMaxInputs = 3667 / 2;
  if (k > kMaxInputs) {
    throw std::invalid_argument("Sobol design: " + std::to_string(k) + " inputs; at most " +
                                std::to_string(kMaxInputs));
  }
  for (const InputRange& in : inputs) {
    if (!std::isfinite(in.lower) || !std::isfinite(in.upper) || !(in.lower < in.upper)) {
      throw std::invalid_argument("Sobol design: input '" + in.name +
                                  "' needs finite lower < upper");
    }
  }
  const std::vector<double> unit = sobol_points(base_samples, 2 * k, skip);
  SaltelliDesign d;
  d.base_samples = base_samples;
  d.inputs = k;
  d.points.resize(d.rows() * k);
  auto scaled = [&](std::size_t j, std::size_t column, std::size_t input) {
    const double u = unit[j * 2 * k + column];
    return inputs[input].lower + u * (inputs[input].upper - inputs[input].lower);
  };
  for (std::size_t j = 0; j < base_samples; ++j) {
    for (std::size_t c = 0; c < k; ++c) {
      const double a = scaled(j, c, c);
      const double b = scaled(j, k + c, c);
      d.points[d.row_a(j) * k + c] = a;
      d.points[d.row_b(j) * k + c] = b;
      for (std::size_t i = 0; i < k; ++i) d.points[d.row_ab(i, j) * k + c] = (c == i) ? b : a;
    }
  }
  return d;
}

SobolResult sobol_indices(const SaltelliDesign& design, std::span<const InputRange> inputs,
                          std::span<const double> outputs, int resamples, std::uint64_t seed,
                          double level) {
  if (inputs.size() != design.inputs) {
    throw std::invalid_argument("Sobol indices: the design has " + std::to_string(design.inputs) +
                                " inputs, " + std::to_string(inputs.size()) + " names given");
  }
  if (outputs.size() != design.rows()) {
    throw std::invalid_argument("Sobol indices: " + std::to_string(outputs.size()) +
                                " outputs for a design of " + std::to_string(design.rows()) +
                                " rows");
  }
  for (std::size_t r = 0; r < outputs.size(); ++r) {
    if (!std::isfinite(outputs[r])) {
      throw std::invalid_argument("Sobol indices: output of row " + std::to_string(r) +
                                  " is not finite");
    }
  }
  if (resamples < 1 || !(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument("Sobol indices: need resamples >= 1 and 0 < level < 1");
  }
  const std::size_t n = design.base_samples;
  const std::size_t k = design.inputs;
  std::vector<std::size_t> picks(n);
  for (std::size_t j = 0; j < n; ++j) picks[j] = j;
  std::vector<double> first(k), total(k);
  if (!estimate(design, outputs, picks, first, total)) {
    throw std::invalid_argument("Sobol indices: the output does not vary; no index is defined");
  }
  SobolResult result;
  for (std::size_t j = 0; j < n; ++j) result.output_mean += outputs[j] + outputs[n + j];
  result.output_mean /= 2.0 * static_cast<double>(n);
  for (std::size_t j = 0; j < n; ++j) {
    const double da = outputs[j] - result.output_mean;
    const double db = outputs[n + j] - result.output_mean;
    result.output_variance += da * da + db * db;
  }
  result.output_variance /= 2.0 * static_cast<double>(n);

  // Bootstrap: one row of estimates per resample; a degenerate resample (zero variance) is
  // skipped, which only happens for tiny n.
  std::vector<std::vector<double>> boot_first(k), boot_total(k);
  std::vector<double> bf(k), bt(k);
  for (int b = 0; b < resamples; ++b) {
    model::CounterRng rng(seed, kStreamSobolBootstrap, 0, static_cast<std::uint64_t>(b));
    for (std::size_t j = 0; j < n; ++j) picks[j] = rng.below(static_cast<std::uint32_t>(n));
    if (!estimate(design, outputs, picks, bf, bt)) continue;
    for (std::size_t i = 0; i < k; ++i) {
      boot_first[i].push_back(bf[i]);
      boot_total[i].push_back(bt[i]);
    }
  }
  const double tail = 0.5 * (1.0 - level);
  auto interval = [&](double point, std::vector<double>& sample) {
    model::Interval ci{point, point, point};
    if (sample.empty()) return ci;
    std::sort(sample.begin(), sample.end());
    ci.lower = model::sorted_quantile(sample, tail);
    ci.upper = model::sorted_quantile(sample, 1.0 - tail);
    return ci;
  };
  for (std::size_t i = 0; i < k; ++i) {
    result.indices.push_back(
        {inputs[i].name, interval(first[i], boot_first[i]), interval(total[i], boot_total[i])});
  }
  return result;
}

}  // namespace isv::analysis
