// One-dimensional distributions shared by the analysis layer: ABC-SMC priors and the marginals
// of a virtual population. Densities on the log scale (exact zero outside the support), draws
// from model::CounterRng, quantiles for the Gaussian copula.
#pragma once

#include <string>
#include <string_view>

#include "model/rng.hpp"

namespace isv::analysis {

enum class DistributionKind { kUniform, kNormal, kLogNormal };

// uniform(a = lower, b = upper); normal(a = mean, b = standard deviation);
// lognormal(a = median = exp(mu), b = sigma of the logarithm).
struct Distribution {
  DistributionKind kind = DistributionKind::kUniform;
  double a = 0.0;
  double b = 1.0;

  static Distribution uniform(double lower, double upper) {
    return {DistributionKind::kUniform, lower, upper};
  }
  static Distribution normal(double mean, double sd) {
    return {DistributionKind::kNormal, mean, sd};
  }
  static Distribution lognormal(double median, double sigma_log) {
    return {DistributionKind::kLogNormal, median, sigma_log};
  }
  bool operator==(const Distribution&) const = default;
};

// Throws std::invalid_argument naming `what` unless the parameters are finite and valid
// (lower < upper; sd, median, sigma > 0).
void validate(const Distribution& d, std::string_view what);

// log density at x; -infinity outside the support.
double log_density(const Distribution& d, double x) noexcept;

// A draw using the generator's next numbers.
double sample(const Distribution& d, model::CounterRng& rng) noexcept;

// The u-quantile, 0 < u < 1 (u is clamped to [2^-53, 1 - 2^-53]).
double quantile(const Distribution& d, double u);

// "uniform(0.5, 2)", "normal(0, 1)", "lognormal(1.2, 0.3)": shortest round-trip decimals.
std::string describe(const Distribution& d);

// Shortest decimal text that reads back to exactly `x` (std::to_chars).
std::string exact_decimal(double x);

}  // namespace isv::analysis
