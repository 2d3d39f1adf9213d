// Plausible patients, read-out targets and selection (analysis/population.hpp).
#include "analysis/population.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "analysis/streams.hpp"
#include "model/rng.hpp"

namespace isv::analysis {
namespace {

SquareMatrix checked_correlation_factor(const CopulaSpec& spec, const std::string& source) {
  const std::size_t d = spec.parameters.size();
  if (spec.correlation.size == 0) return SquareMatrix::identity(d);
  const SquareMatrix& c = spec.correlation;
  if (c.size != d) {
    throw std::invalid_argument(source + ": correlation matrix is " + std::to_string(c.size) +
                                " x " + std::to_string(c.size) + " for " + std::to_string(d) +
                                " parameters");
  }
  for (std::size_t i = 0; i < d; ++i) {
    if (c(i, i) != 1.0) {
      throw std::invalid_argument(source + ": correlation matrix diagonal entry " +
                                  std::to_string(i + 1) + " ('" + spec.parameters[i].name +
                                  "') must be 1");
    }
    for (std::size_t j = 0; j < d; ++j) {
      if (!(std::abs(c(i, j)) <= 1.0) || c(i, j) != c(j, i)) {
        throw std::invalid_argument(source + ": correlation matrix entry (" +
                                    std::to_string(i + 1) + ", " + std::to_string(j + 1) +
                                    ") must lie in [-1, 1] and equal entry (" +
                                    std::to_string(j + 1) + ", " + std::to_string(i + 1) + ")");
      }
    }
  }
  std::size_t row = 0;
  auto l = cholesky(c, &row);
  if (!l) {
    throw std::invalid_argument(source +
                                ": correlation matrix is not positive definite (Cholesky "
                                "fails at row " +
                                std::to_string(row + 1) + ", '" + spec.parameters[row].name + "')");
  }
  return *l;
}

double normal_cdf(double z) {
  return boost::math::cdf(boost::math::normal_distribution<double>(), z);
}

}  // namespace

PlausiblePatients generate_plausible(const CopulaSpec& spec, std::size_t count, std::uint64_t seed,
                                     const PlausibilityCheck& check, std::size_t max_candidates,
                                     const std::string& source) {
  const std::size_t d = spec.parameters.size();
  if (d == 0) throw std::invalid_argument(source + ": no population parameters");
  for (const PopulationParameter& p : spec.parameters) {
    validate(p.marginal, source + ": parameter '" + p.name + "'");
    if (!(p.lower < p.upper)) {
      throw std::invalid_argument(source + ": parameter '" + p.name + "' needs lower < upper");
    }
  }
  const SquareMatrix l = checked_correlation_factor(spec, source);
  PlausiblePatients out;
  out.dim = d;
  std::vector<double> z(d), correlated(d), x(d);
  while (out.size() < count) {
    if (out.candidates >= max_candidates) {
      throw std::runtime_error(source + ": only " + std::to_string(out.size()) + " of " +
                               std::to_string(count) + " plausible patients in " +
                               std::to_string(max_candidates) + " candidates (" +
                               std::to_string(out.out_of_bounds) + " out of bounds, " +
                               std::to_string(out.implausible) + " implausible)");
    }
    model::CounterRng rng(seed, kStreamPopulationCandidate, 0, out.candidates++);
    for (double& v : z) v = rng.normal();
    lower_multiply(l, z, correlated);
    bool inside = true;
    for (std::size_t i = 0; i < d; ++i) {
      const PopulationParameter& p = spec.parameters[i];
      x[i] = quantile(p.marginal, normal_cdf(correlated[i]));
      inside = inside && x[i] >= p.lower && x[i] <= p.upper;
    }
    if (!inside) {
      ++out.out_of_bounds;
    } else if (check && !check(x)) {
      ++out.implausible;
    } else {
      out.values.insert(out.values.end(), x.begin(), x.end());
    }
  }
  return out;
}

std::string ReadoutTarget::describe() const {
  if (kind == Kind::kDensity) return analysis::describe(density);
  std::string s = "histogram(";
  for (std::size_t b = 0; b < probabilities.size(); ++b) {
    s += (b ? "; [" : "[") + exact_decimal(edges[b]) + ", " + exact_decimal(edges[b + 1]) +
         "): " + exact_decimal(probabilities[b]);
  }
  return s + ")";
}

std::vector<double> density_ratios(const ReadoutTarget& target, std::span<const double> y) {
  const std::size_t n = y.size();
  if (n < 2) throw std::invalid_argument("read-out target: need at least 2 plausible patients");
  for (const double v : y) {
    if (!std::isfinite(v)) throw std::invalid_argument("read-out target: a read-out is not finite");
  }
  std::vector<double> ratio(n, 0.0);
  if (target.kind == ReadoutTarget::Kind::kHistogram) {
    const std::size_t bins = target.probabilities.size();
    if (bins == 0 || target.edges.size() != bins + 1 ||
        !std::is_sorted(target.edges.begin(), target.edges.end())) {
      throw std::invalid_argument(
          "read-out target: a histogram needs ascending edges, one more "
          "than its probabilities");
    }
    std::vector<std::size_t> counts(bins, 0);
    std::vector<std::ptrdiff_t> bin_of(n, -1);
    for (std::size_t k = 0; k < n; ++k) {
      const auto it = std::upper_bound(target.edges.begin(), target.edges.end(), y[k]);
      const std::ptrdiff_t b = (it - target.edges.begin()) - 1;
      if (b >= 0 && b < static_cast<std::ptrdiff_t>(bins)) ++counts[(bin_of[k] = b)];
    }
    for (std::size_t b = 0; b < bins; ++b) {
      if (counts[b] == 0 && target.probabilities[b] > 0.0) {
        throw std::invalid_argument("read-out target: no plausible patient in bin [" +
                                    exact_decimal(target.edges[b]) + ", " +
                                    exact_decimal(target.edges[b + 1]) +
                                    ") that the target gives mass; widen the plausible population");
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (bin_of[k] < 0) continue;
      const auto b = static_cast<std::size_t>(bin_of[k]);
      ratio[k] =
          target.probabilities[b] / (static_cast<double>(counts[b]) / static_cast<double>(n));
    }
    return ratio;
  }
  validate(target.density, "read-out target");
  double mean = 0.0;
  for (const double v : y) mean += v;
  mean /= static_cast<double>(n);
  double ss = 0.0;
  for (const double v : y) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  if (!(sd > 0.0)) throw std::invalid_argument("read-out target: the read-outs do not vary");
  // Silverman's rule of thumb, h = 1.06 sd n^(-1/5) (Silverman 1986, eq. 3.28).
  const double h = 1.06 * sd * std::pow(static_cast<double>(n), -0.2);
  std::vector<double> sorted(y.begin(), y.end());
  std::sort(sorted.begin(), sorted.end());
  const double norm = 1.0 / (static_cast<double>(n) * h * std::sqrt(2.0 * std::numbers::pi));
  for (std::size_t k = 0; k < n; ++k) {
    // Kernels beyond 6 h contribute below e^-18 = 1.5e-8 of a central one: summed over the
    // sorted neighbours within 6 h only.
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), y[k] - 6.0 * h);
    const auto hi = std::upper_bound(sorted.begin(), sorted.end(), y[k] + 6.0 * h);
    double f = 0.0;
    for (auto it = lo; it != hi; ++it) {
      const double u = (y[k] - *it) / h;
      f += std::exp(-0.5 * u * u);
    }
    ratio[k] = std::exp(log_density(target.density, y[k])) / (f * norm);
  }
  return ratio;
}

std::vector<double> importance_weights(const ReadoutTarget& target, std::span<const double> y) {
  std::vector<double> w = density_ratios(target, y);
  double total = 0.0;
  for (const double v : w) total += v;
  if (!(total > 0.0)) {
    throw std::invalid_argument("read-out target: no plausible patient has target mass");
  }
  for (double& v : w) v /= total;
  return w;
}

std::vector<std::size_t> select_virtual_patients(const ReadoutTarget& target,
                                                 std::span<const double> y, std::uint64_t seed) {
  const std::vector<double> ratio = density_ratios(target, y);
  const double top = *std::max_element(ratio.begin(), ratio.end());
  if (!(top > 0.0)) {
    throw std::invalid_argument("read-out target: no plausible patient has target mass");
  }
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < y.size(); ++k) {
    model::CounterRng rng(seed, kStreamPopulationSelection, 0, k);
    if (rng.uniform() < ratio[k] / top) kept.push_back(k);
  }
  return kept;
}

}  // namespace isv::analysis
