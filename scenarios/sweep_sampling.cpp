// Random and Latin-hypercube draws by CDF inversion (see sweep_sampling.hpp).
#include "scenarios/sweep_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "model/rng.hpp"

namespace isv::scenarios {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double normal_quantile(double p) {
  // P. J. Acklam (2003), rational approximations in three regions.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  if (p <= 0.0) return -HUGE_VAL;
  if (p >= 1.0) return HUGE_VAL;
  constexpr double kLow = 0.02425;
  double x;
  if (p < kLow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - kLow) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  // One Halley step on the exact CDF.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

double sampled_value(const SampledParam& p, double u) {
  double v = 0.0;
  switch (p.distribution) {
    case Distribution::kUniform:
      v = p.min + u * (p.max - p.min);
      break;
    case Distribution::kLogUniform:
      v = std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min)));
      break;
    case Distribution::kNormal:
    case Distribution::kLogNormal: {
      // Truncation: map u into [F(min), F(max)] of the underlying standard normal.
      const bool log_scale = p.distribution == Distribution::kLogNormal;
      const double centre = log_scale ? std::log(p.mean) : p.mean;
      const auto z_of = [&](double bound, bool present, double open) {
        if (!present) return open;
        if (log_scale) return bound > 0.0 ? (std::log(bound) - centre) / p.sd : -HUGE_VAL;
        return (bound - centre) / p.sd;
      };
      const double lo = normal_cdf(z_of(p.min, p.has_min, -HUGE_VAL));
      const double hi = normal_cdf(z_of(p.max, p.has_max, HUGE_VAL));
      const double z = normal_quantile(lo + u * (hi - lo));
      v = log_scale ? std::exp(centre + p.sd * z) : centre + p.sd * z;
      break;
    }
  }
  if (p.has_min) v = std::max(v, p.min);  // rounding at the edges only
  if (p.has_max) v = std::min(v, p.max);
  return p.integer ? std::round(v) : v;
}

std::vector<std::vector<double>> draw_sampled_values(const SweepSpec& spec) {
  const auto n = static_cast<std::uint32_t>(spec.samples);
  std::vector<std::vector<double>> values(n, std::vector<double>(spec.sampled.size()));
  for (std::size_t k = 0; k < spec.sampled.size(); ++k) {
    std::vector<std::uint32_t> stratum(n);
    std::iota(stratum.begin(), stratum.end(), 0u);
    if (spec.design == SampleDesign::kLatinHypercube) {
      // Fisher–Yates: each parameter gets its own permutation of the n strata.
      model::CounterRng order(spec.seed, model::Stream::kSweepLhsOrder, k, 0);
      for (std::uint32_t i = n; i > 1; --i) std::swap(stratum[i - 1], stratum[order.below(i)]);
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      model::CounterRng rng(spec.seed, model::Stream::kSweepDraw, k, i);
      double u = rng.uniform();
      if (u <= 0.0) u = 0x1.0p-54;  // keep the inverse CDF finite
      if (spec.design == SampleDesign::kLatinHypercube) u = (stratum[i] + u) / n;
      values[i][k] = sampled_value(spec.sampled[k], u);
    }
  }
  return values;
}

}  // namespace isv::scenarios
