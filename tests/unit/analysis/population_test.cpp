// Virtual populations: correlated draws, plausibility, and selection to a clinical read-out.
#include "analysis/population.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace isv::analysis {
namespace {

struct Moments {
  double mean = 0.0, sd = 0.0;
};
Moments moments(const std::vector<double>& x, const std::vector<double>* w = nullptr) {
  Moments m;
  double total = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double wi = w ? (*w)[i] : 1.0;
    m.mean += wi * x[i];
    total += wi;
  }
  m.mean /= total;
  for (std::size_t i = 0; i < x.size(); ++i) {
    m.sd += (w ? (*w)[i] : 1.0) * (x[i] - m.mean) * (x[i] - m.mean);
  }
  m.sd = std::sqrt(m.sd / total);
  return m;
}

CopulaSpec lognormal_pair(double rho) {
  CopulaSpec s;
  s.parameters = {{"growth", Distribution::lognormal(0.2, 0.4)},
                  {"kill", Distribution::lognormal(3.0, 0.25)}};
  s.correlation = SquareMatrix::identity(2);
  s.correlation(0, 1) = s.correlation(1, 0) = rho;
  return s;
}

// With log-normal marginals the copula is the multivariate log-normal: the logs are normal
// with mean log(median), sd sigma and correlation rho. n = 20,000: the standard errors are
// sigma / sqrt(n) = 0.003 for the log-means, 0.002 for the sds, (1 - rho^2) / sqrt(n) = 0.003
// for rho = 0.7; tolerances are about 4 of them.
TEST(Population, LogNormalCopulaHasTheRequestedMarginalsAndCorrelation) {
  const PlausiblePatients p =
      generate_plausible(lognormal_pair(0.7), 20000, 5, nullptr, 100000, "pop.toml");
  ASSERT_EQ(p.size(), 20000u);
  EXPECT_EQ(p.candidates, 20000u);
  std::vector<double> a, b;
  for (std::size_t k = 0; k < p.size(); ++k) {
    a.push_back(std::log(p.values[2 * k]));
    b.push_back(std::log(p.values[2 * k + 1]));
  }
  const Moments ma = moments(a), mb = moments(b);
  EXPECT_NEAR(ma.mean, std::log(0.2), 0.012);
  EXPECT_NEAR(ma.sd, 0.4, 0.008);
  EXPECT_NEAR(mb.mean, std::log(3.0), 0.008);
  EXPECT_NEAR(mb.sd, 0.25, 0.005);
  double cov = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) cov += (a[k] - ma.mean) * (b[k] - mb.mean);
  EXPECT_NEAR(cov / static_cast<double>(a.size()) / (ma.sd * mb.sd), 0.7, 0.012);
}

TEST(Population, BoundsAndPhysiologicalChecksRejectAndAreCounted) {
  CopulaSpec s = lognormal_pair(0.0);
  s.parameters[0].upper = 0.3;
  s.parameters[1].lower = 2.0;
  const auto check = [](std::span<const double> x) { return x[0] * x[1] < 0.75; };
  const PlausiblePatients p = generate_plausible(s, 2000, 8, check, 100000, "pop.toml");
  ASSERT_EQ(p.size(), 2000u);
  EXPECT_GT(p.out_of_bounds, 0u);
  EXPECT_GT(p.implausible, 0u);
  EXPECT_EQ(p.candidates, p.size() + p.out_of_bounds + p.implausible);
  for (std::size_t k = 0; k < p.size(); ++k) {
    EXPECT_LE(p.values[2 * k], 0.3);
    EXPECT_GE(p.values[2 * k + 1], 2.0);
    EXPECT_LT(p.values[2 * k] * p.values[2 * k + 1], 0.75);
  }
  // Same seed, same patients; too few candidates allowed: a clear error.
  EXPECT_EQ(generate_plausible(s, 2000, 8, check, 100000, "pop.toml").values, p.values);
  EXPECT_THROW(generate_plausible(s, 2000, 8, check, 2100, "pop.toml"), std::runtime_error);
}

TEST(Population, CorrelationMatrixErrorsNameTheSourceAndRow) {
  CopulaSpec s = lognormal_pair(0.5);
  s.parameters.push_back({"dose", Distribution::uniform(0.0, 1.0)});
  s.correlation = SquareMatrix::identity(3);
  // Pairwise admissible, jointly impossible: corr(x,y) = corr(y,z) = 0.9 but corr(x,z) = -0.9.
  s.correlation(0, 1) = s.correlation(1, 0) = 0.9;
  s.correlation(1, 2) = s.correlation(2, 1) = 0.9;
  s.correlation(0, 2) = s.correlation(2, 0) = -0.9;
  try {
    generate_plausible(s, 10, 1, nullptr, 100, "trial.toml");
    FAIL() << "an indefinite correlation matrix was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "trial.toml: correlation matrix is not positive definite (Cholesky fails at row 3, "
              "'dose')");
  }
  s.correlation(0, 2) = 0.1;  // no longer symmetric
  EXPECT_THROW(generate_plausible(s, 10, 1, nullptr, 100, "trial.toml"), std::invalid_argument);
  s.correlation = SquareMatrix::identity(2);  // wrong size
  EXPECT_THROW(generate_plausible(s, 10, 1, nullptr, 100, "trial.toml"), std::invalid_argument);
  s.correlation = SquareMatrix::identity(3);
  s.correlation(1, 1) = 2.0;
  EXPECT_THROW(generate_plausible(s, 10, 1, nullptr, 100, "trial.toml"), std::invalid_argument);
}

// Plausible read-outs ~ N(0, 1) (10,000 patients); the clinical target N(0.5, 0.5). Selected
// and weighted populations must match the target's mean and sd: with about 4,000 kept the
// standard error of the mean is 0.008; the kernel estimate of the plausible density adds a
// smoothing bias of order h^2 (h = 0.17). Tolerances 0.04.
TEST(Population, SelectionAndWeightsMatchATargetDensity) {
  CopulaSpec s;
  s.parameters = {{"readout", Distribution::normal(0.0, 1.0)}};
  const PlausiblePatients p = generate_plausible(s, 10000, 3, nullptr, 10000, "pop");
  ReadoutTarget target;
  target.density = Distribution::normal(0.5, 0.5);
  const std::vector<std::size_t> kept = select_virtual_patients(target, p.values, 4);
  std::vector<double> selected;
  for (const std::size_t k : kept) selected.push_back(p.values[k]);
  EXPECT_GT(selected.size(), 2500u);
  EXPECT_LT(selected.size(), 7500u);
  const Moments m = moments(selected);
  EXPECT_NEAR(m.mean, 0.5, 0.04);
  EXPECT_NEAR(m.sd, 0.5, 0.04);
  const std::vector<double> w = importance_weights(target, p.values);
  const Moments mw = moments(p.values, &w);
  EXPECT_NEAR(mw.mean, 0.5, 0.04);
  EXPECT_NEAR(mw.sd, 0.5, 0.04);
  EXPECT_EQ(select_virtual_patients(target, p.values, 4), kept);
}

// A binned clinical target: volume doubling time < 3, 3-9, > 9 months in 35 %, 27.4 % and
// 37.6 % of patients (Nathani et al. 2021); plausible doubling times log-normal around 5.
// Binomial standard error at ~4,000 kept: 0.008; tolerance 0.03.
TEST(Population, SelectionMatchesAHistogramTarget) {
  CopulaSpec s;
  s.parameters = {{"doubling_months", Distribution::lognormal(5.0, 0.8)}};
  const PlausiblePatients p = generate_plausible(s, 10000, 12, nullptr, 10000, "pop");
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ReadoutTarget target{
      ReadoutTarget::Kind::kHistogram, {}, {-kInf, 3.0, 9.0, kInf}, {0.35, 0.274, 0.376}};
  const std::vector<std::size_t> kept = select_virtual_patients(target, p.values, 13);
  std::array<double, 3> share{};
  for (const std::size_t k : kept) {
    const double v = p.values[k];
    share[v < 3.0 ? 0 : (v < 9.0 ? 1 : 2)] += 1.0 / static_cast<double>(kept.size());
  }
  EXPECT_NEAR(share[0], 0.35, 0.03);
  EXPECT_NEAR(share[1], 0.274, 0.03);
  EXPECT_NEAR(share[2], 0.376, 0.03);
  const std::vector<double> w = importance_weights(target, p.values);
  double above9 = 0.0;
  for (std::size_t k = 0; k < w.size(); ++k) above9 += p.values[k] >= 9.0 ? w[k] : 0.0;
  EXPECT_NEAR(above9, 0.376, 1e-12);  // exact for a histogram: bin mass / bin count per patient
  EXPECT_NE(target.describe().find("[3, 9): 0.274"), std::string::npos) << target.describe();

  // A bin the plausible patients never reach cannot be matched: refused.
  ReadoutTarget unreachable{ReadoutTarget::Kind::kHistogram, {}, {-kInf, 1e6, kInf}, {0.5, 0.5}};
  EXPECT_THROW(select_virtual_patients(unreachable, p.values, 1), std::invalid_argument);
}

}  // namespace
}  // namespace isv::analysis
