// Distributions of the analysis layer (analysis/priors.hpp).
#include "analysis/priors.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace isv::analysis {
namespace {

constexpr double kLogSqrtTwoPi = 0.91893853320467274178;  // log(sqrt(2 pi))

}  // namespace

void validate(const Distribution& d, std::string_view what) {
  const std::string name(what);
  if (!std::isfinite(d.a) || !std::isfinite(d.b)) {
    throw std::invalid_argument(name + ": distribution parameters must be finite");
  }
  switch (d.kind) {
    case DistributionKind::kUniform:
      if (!(d.a < d.b)) throw std::invalid_argument(name + ": uniform needs lower < upper");
      break;
    case DistributionKind::kNormal:
      if (!(d.b > 0.0)) throw std::invalid_argument(name + ": normal needs sd > 0");
      break;
    case DistributionKind::kLogNormal:
      if (!(d.a > 0.0) || !(d.b > 0.0)) {
        throw std::invalid_argument(name + ": lognormal needs median > 0 and sigma > 0");
      }
      break;
  }
}

double log_density(const Distribution& d, double x) noexcept {
  constexpr double kMinusInf = -std::numeric_limits<double>::infinity();
  switch (d.kind) {
    case DistributionKind::kUniform:
      return (x >= d.a && x <= d.b) ? -std::log(d.b - d.a) : kMinusInf;
    case DistributionKind::kNormal: {
      const double z = (x - d.a) / d.b;
      return -0.5 * z * z - std::log(d.b) - kLogSqrtTwoPi;
    }
    case DistributionKind::kLogNormal: {
      if (!(x > 0.0)) return kMinusInf;
      const double z = (std::log(x) - std::log(d.a)) / d.b;
      return -0.5 * z * z - std::log(d.b * x) - kLogSqrtTwoPi;
    }
  }
  return kMinusInf;
}

double sample(const Distribution& d, model::CounterRng& rng) noexcept {
  switch (d.kind) {
    case DistributionKind::kUniform:
      return d.a + rng.uniform() * (d.b - d.a);
    case DistributionKind::kNormal:
      return d.a + d.b * rng.normal();
    case DistributionKind::kLogNormal:
      return d.a * std::exp(d.b * rng.normal());
  }
  return d.a;
}

double quantile(const Distribution& d, double u) {
  constexpr double kEdge = 0x1.0p-53;
  u = std::clamp(u, kEdge, 1.0 - kEdge);
  switch (d.kind) {
    case DistributionKind::kUniform:
      return d.a + u * (d.b - d.a);
    case DistributionKind::kNormal:
      return d.a + d.b * boost::math::quantile(boost::math::normal_distribution<double>(), u);
    case DistributionKind::kLogNormal:
      return d.a *
             std::exp(d.b * boost::math::quantile(boost::math::normal_distribution<double>(), u));
  }
  return d.a;
}

std::string exact_decimal(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

std::string describe(const Distribution& d) {
  const char* name = d.kind == DistributionKind::kUniform  ? "uniform"
                     : d.kind == DistributionKind::kNormal ? "normal"
                                                           : "lognormal";
  return std::string(name) + "(" + exact_decimal(d.a) + ", " + exact_decimal(d.b) + ")";
}

}  // namespace isv::analysis
