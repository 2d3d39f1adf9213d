// Cholesky factorisation, triangular products and weighted moments (analysis/linalg.hpp).
#include "analysis/linalg.hpp"

#include <cmath>

namespace isv::analysis {

SquareMatrix SquareMatrix::identity(std::size_t n) {
  SquareMatrix m(n);
  for (std::size_t i = 0; i < n; ++i) m(i, i) = 1.0;
  return m;
}

std::optional<SquareMatrix> cholesky(const SquareMatrix& a, std::size_t* failed_row) {
  const std::size_t n = a.size;
  SquareMatrix l(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (a(i, j) != a(j, i)) {
        if (failed_row != nullptr) *failed_row = i;
        return std::nullopt;
      }
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    double pivot = a(j, j);
    for (std::size_t k = 0; k < j; ++k) pivot -= l(j, k) * l(j, k);
    if (!(pivot > 0.0) || !std::isfinite(pivot)) {
      if (failed_row != nullptr) *failed_row = j;
      return std::nullopt;
    }
    l(j, j) = std::sqrt(pivot);
    for (std::size_t i = j + 1; i < n; ++i) {
      double sum = a(i, j);
      for (std::size_t k = 0; k < j; ++k) sum -= l(i, k) * l(j, k);
      l(i, j) = sum / l(j, j);
    }
  }
  return l;
}

void lower_multiply(const SquareMatrix& l, std::span<const double> x, std::span<double> y) {
  for (std::size_t i = 0; i < l.size; ++i) {
    double sum = 0.0;
    for (std::size_t k = 0; k <= i; ++k) sum += l(i, k) * x[k];
    y[i] = sum;
  }
}

void lower_solve_in_place(const SquareMatrix& l, std::span<double> b) {
  for (std::size_t i = 0; i < l.size; ++i) {
    double sum = b[i];
    for (std::size_t k = 0; k < i; ++k) sum -= l(i, k) * b[k];
    b[i] = sum / l(i, i);
  }
}

void weighted_moments(std::span<const double> points, std::span<const double> weights,
                      std::size_t dim, std::vector<double>& mean, SquareMatrix& covariance) {
  const std::size_t rows = weights.size();
  mean.assign(dim, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t i = 0; i < dim; ++i) mean[i] += weights[r] * points[r * dim + i];
  }
  covariance = SquareMatrix(dim);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t i = 0; i < dim; ++i) {
      const double di = points[r * dim + i] - mean[i];
      for (std::size_t j = 0; j <= i; ++j) {
        covariance(i, j) += weights[r] * di * (points[r * dim + j] - mean[j]);
      }
    }
  }
  for (std::size_t i = 0; i < dim; ++i) {
    for (std::size_t j = 0; j < i; ++j) covariance(j, i) = covariance(i, j);
  }
}

}  // namespace isv::analysis
