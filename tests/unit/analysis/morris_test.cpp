// Morris screening on functions whose elementary effects are known exactly.
#include "analysis/morris.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace isv::analysis {
namespace {

const std::vector<InputRange> kInputs{{"a", 0.0, 1.0}, {"b", -1.0, 1.0}, {"inert", 0.0, 5.0}};

std::vector<double> evaluate(const MorrisDesign& d, double (*f)(std::span<const double>)) {
  std::vector<double> y(d.rows());
  for (std::size_t r = 0; r < d.rows(); ++r) y[r] = f(d.row(r));
  return y;
}

// f = 3 a - 2 b + 0 inert: every elementary effect of an input is coefficient x range width,
// so mu* = (3, 4, 0), mu = (3, -4, 0), sigma = 0, whatever the trajectories.
TEST(Morris, LinearFunctionGivesCoefficientTimesRangeExactly) {
  const MorrisDesign d = morris_design(kInputs, 10, 4, 7);
  const auto f = [](std::span<const double> x) { return 3.0 * x[0] - 2.0 * x[1] + 0.0 * x[2]; };
  const std::vector<MorrisIndex> m = morris_indices(d, kInputs, evaluate(d, f));
  ASSERT_EQ(m.size(), 3u);
  EXPECT_NEAR(m[0].mu_star, 3.0, 1e-12);
  EXPECT_NEAR(m[0].mu, 3.0, 1e-12);
  EXPECT_NEAR(m[1].mu_star, 4.0, 1e-12);
  EXPECT_NEAR(m[1].mu, -4.0, 1e-12);
  EXPECT_EQ(m[2].mu_star, 0.0);
  for (const MorrisIndex& i : m) EXPECT_NEAR(i.sigma, 0.0, 1e-12);
  EXPECT_EQ(m[2].name, "inert");
}

// f = a b: the effect of a is b (x 1) and of b is 2a, which vary along the grid: sigma > 0,
// while the inert input stays at exactly 0. With b symmetric about 0, mu of a averages out
// near 0 though mu* does not: the reason for mu* (Campolongo et al. 2007).
TEST(Morris, InteractionShowsAsSigmaAndInertInputStaysZero) {
  const MorrisDesign d = morris_design(kInputs, 40, 4, 3);
  const auto f = [](std::span<const double> x) { return x[0] * x[1]; };
  const std::vector<MorrisIndex> m = morris_indices(d, kInputs, evaluate(d, f));
  EXPECT_GT(m[0].sigma, 0.1);
  EXPECT_GT(m[1].sigma, 0.1);
  EXPECT_GT(m[0].mu_star, 2.0 * std::abs(m[0].mu));
  EXPECT_EQ(m[2].mu_star, 0.0);
  EXPECT_EQ(m[2].sigma, 0.0);
}

// Each trajectory moves every input once by delta = p / (2 (p - 1)) of its range, on the grid.
TEST(Morris, TrajectoriesMoveEachInputOnceByDeltaOnTheGrid) {
  const int p = 6;
  const MorrisDesign d = morris_design(kInputs, 5, p, 1);
  const double delta = 6.0 / 10.0;
  for (std::size_t t = 0; t < 5; ++t) {
    std::vector<int> moves(3, 0);
    for (std::size_t s = 1; s <= 3; ++s) {
      const auto before = d.row(t * 4 + s - 1);
      const auto after = d.row(t * 4 + s);
      const std::size_t i = d.moved_input[t * 3 + s - 1];
      ++moves[i];
      for (std::size_t c = 0; c < 3; ++c) {
        const double width = kInputs[c].upper - kInputs[c].lower;
        const double unit = (after[c] - kInputs[c].lower) / width;
        EXPECT_NEAR(unit * (p - 1), std::round(unit * (p - 1)), 1e-9);  // on a level
        EXPECT_GE(unit, -1e-12);
        EXPECT_LE(unit, 1.0 + 1e-12);
        const double change = (after[c] - before[c]) / width;
        EXPECT_NEAR(change, c == i ? (d.moved_up[t * 3 + s - 1] ? delta : -delta) : 0.0, 1e-12);
      }
    }
    EXPECT_EQ(moves, (std::vector<int>{1, 1, 1}));
  }
}

TEST(Morris, DeterministicForASeedAndRefusesBadDesigns) {
  EXPECT_EQ(morris_design(kInputs, 4, 4, 9).points, morris_design(kInputs, 4, 4, 9).points);
  EXPECT_NE(morris_design(kInputs, 4, 4, 9).points, morris_design(kInputs, 4, 4, 10).points);
  EXPECT_THROW(morris_design(kInputs, 1, 4, 1), std::invalid_argument);
  EXPECT_THROW(morris_design(kInputs, 4, 5, 1), std::invalid_argument);
  EXPECT_THROW(morris_design({}, 4, 4, 1), std::invalid_argument);
  const MorrisDesign d = morris_design(kInputs, 4, 4, 1);
  EXPECT_THROW(morris_indices(d, kInputs, std::vector<double>(3)), std::invalid_argument);
}

}  // namespace
}  // namespace isv::analysis
