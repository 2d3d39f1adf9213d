// Small dense linear algebra for the analysis layer: row-major square matrices of a few dozen
// rows at most (one per calibrated parameter), so plain loops in a fixed order (reproducible
// bits) and no external BLAS.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace isv::analysis {

// A dense d x d matrix, row-major.
struct SquareMatrix {
  std::size_t size = 0;
  std::vector<double> values;  // size * size

  SquareMatrix() = default;
  explicit SquareMatrix(std::size_t n) : size(n), values(n * n, 0.0) {}
  double& operator()(std::size_t i, std::size_t j) { return values[i * size + j]; }
  double operator()(std::size_t i, std::size_t j) const { return values[i * size + j]; }
  static SquareMatrix identity(std::size_t n);
};

// Lower-triangular Cholesky factor L with L L^T = a, or empty if `a` is not symmetric positive
// definite; `failed_row` (if given) receives the first row whose pivot is not positive.
std::optional<SquareMatrix> cholesky(const SquareMatrix& a, std::size_t* failed_row = nullptr);

// y = L x for a lower-triangular L.
void lower_multiply(const SquareMatrix& l, std::span<const double> x, std::span<double> y);

// Solves L y = b (forward substitution) in place of b.
void lower_solve_in_place(const SquareMatrix& l, std::span<double> b);

// Weighted mean and covariance (weights sum to one; divisor 1, the population covariance) of
// `rows` points of dimension `dim`, stored row-major in `points`.
void weighted_moments(std::span<const double> points, std::span<const double> weights,
                      std::size_t dim, std::vector<double>& mean, SquareMatrix& covariance);

}  // namespace isv::analysis
