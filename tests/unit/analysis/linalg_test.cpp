// Cholesky factors and weighted moments on hand-worked matrices.
#include "analysis/linalg.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace isv::analysis {
namespace {

// [[4, 2], [2, 3]] = L L^T with L = [[2, 0], [1, sqrt 2]].
TEST(Linalg, CholeskyOfATwoByTwo) {
  SquareMatrix a(2);
  a(0, 0) = 4.0;
  a(0, 1) = a(1, 0) = 2.0;
  a(1, 1) = 3.0;
  const auto l = cholesky(a);
  ASSERT_TRUE(l.has_value());
  EXPECT_DOUBLE_EQ((*l)(0, 0), 2.0);
  EXPECT_DOUBLE_EQ((*l)(1, 0), 1.0);
  EXPECT_DOUBLE_EQ((*l)(1, 1), std::sqrt(2.0));
  EXPECT_EQ((*l)(0, 1), 0.0);
  std::vector<double> y(2), b{2.0, 1.0 + std::sqrt(2.0)};
  lower_multiply(*l, std::vector<double>{1.0, 1.0}, y);
  EXPECT_DOUBLE_EQ(y[0], b[0]);
  EXPECT_DOUBLE_EQ(y[1], b[1]);
  lower_solve_in_place(*l, b);
  EXPECT_DOUBLE_EQ(b[0], 1.0);
  EXPECT_DOUBLE_EQ(b[1], 1.0);
}

TEST(Linalg, CholeskyRefusesIndefiniteAndAsymmetricMatrices) {
  SquareMatrix a(2);
  a(0, 0) = a(1, 1) = 1.0;
  a(0, 1) = a(1, 0) = 1.5;  // eigenvalues 2.5 and -0.5
  std::size_t row = 99;
  EXPECT_FALSE(cholesky(a, &row).has_value());
  EXPECT_EQ(row, 1u);
  a(0, 1) = 0.5;
  EXPECT_FALSE(cholesky(a).has_value());
}

// Points (0, 0), (2, 0), (0, 4) with weights 1/2, 1/4, 1/4: mean (0.5, 1);
// var x = 0.5*0.25 + 0.25*2.25 + 0.25*0.25 = 0.75; var y = 0.5*1 + 0.25*1 + 0.25*9 = 3;
// cov = 0.5*0.5 + 0.25*(1.5*-1) + 0.25*(-0.5*3) = 0.25 - 0.375 - 0.375 = -0.5.
TEST(Linalg, WeightedMoments) {
  const std::vector<double> pts{0, 0, 2, 0, 0, 4}, w{0.5, 0.25, 0.25};
  std::vector<double> mean;
  SquareMatrix cov;
  weighted_moments(pts, w, 2, mean, cov);
  EXPECT_DOUBLE_EQ(mean[0], 0.5);
  EXPECT_DOUBLE_EQ(mean[1], 1.0);
  EXPECT_DOUBLE_EQ(cov(0, 0), 0.75);
  EXPECT_DOUBLE_EQ(cov(1, 1), 3.0);
  EXPECT_DOUBLE_EQ(cov(0, 1), -0.5);
  EXPECT_DOUBLE_EQ(cov(1, 0), -0.5);
}

}  // namespace
}  // namespace isv::analysis
