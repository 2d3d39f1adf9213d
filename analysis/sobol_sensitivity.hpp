// Variance-based global sensitivity (Sobol indices): the Saltelli sample design from a Sobol
// low-discrepancy sequence (Boost.Random), first-order indices by the estimator of Saltelli et
// al. 2010 (Comput Phys Commun 181:259, Table 2 (b)), total indices by Jansen 1999 (Comput
// Phys Commun 117:35, Table 2 (f) of Saltelli et al. 2010), with percentile bootstrap
// intervals. The model is run by the caller (e.g. as a sweep): this file makes the points and
// turns the outputs into indices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/stats.hpp"

namespace isv::analysis {

// One input of a sensitivity analysis: uniform on [lower, upper].
struct InputRange {
  std::string name;
  double lower = 0.0;
  double upper = 1.0;
};

// The first `n` points of the `dim`-dimensional Sobol sequence (Bratley and Fox 1988 tables of
// boost::random::sobol), after skipping `skip` points, in [0, 1)^dim, row-major. Boost starts
// the sequence at its first non-zero point.
std::vector<double> sobol_points(std::size_t n, std::size_t dim, std::uint64_t skip = 0);

// The Saltelli design for k inputs and base sample size n: the rows of A (n), B (n) and A_B^i
// for i = 0..k-1 (n each: A with column i taken from B), in that order, in the inputs' units.
// A and B are the two halves of one 2k-dimensional Sobol sequence. n(k + 2) model runs.
struct SaltelliDesign {
  std::size_t base_samples = 0;  // n
  std::size_t inputs = 0;        // k
  std::vector<double> points;    // n (k + 2) rows of k values

  std::size_t rows() const { return base_samples * (inputs + 2); }
  std::span<const double> row(std::size_t r) const { return {points.data() + r * inputs, inputs}; }
  // Row index of A[j], B[j] and A_B^i[j].
  std::size_t row_a(std::size_t j) const { return j; }
  std::size_t row_b(std::size_t j) const { return base_samples + j; }
  std::size_t row_ab(std::size_t i, std::size_t j) const { return (2 + i) * base_samples + j; }
};

// Throws std::invalid_argument for no inputs, n < 2, an empty or inverted range, or more inputs
// than the Sobol tables allow (Boost: 3667 dimensions, so 1833 inputs).
SaltelliDesign saltelli_design(std::span<const InputRange> inputs, std::size_t base_samples,
                               std::uint64_t skip = 0);

struct SobolIndex {
  std::string name;
  model::Interval first_order;  // S_i with its bootstrap interval
  model::Interval total;        // S_Ti with its bootstrap interval
};

struct SobolResult {
  double output_mean = 0.0;
  double output_variance = 0.0;  // of the 2n outputs of A and B
  std::vector<SobolIndex> indices;
};

// Indices from the outputs of a design's rows (`outputs[r]` for `design.row(r)`). The interval
// is the percentile bootstrap over the n base rows (each resample keeps A[j], B[j] and all
// A_B^i[j] of a row together); resample b draws from CounterRng(seed, kStreamSobolBootstrap,
// 0, b). Throws std::invalid_argument on a size mismatch, a non-finite output or an output of
// zero variance (no index is defined).
SobolResult sobol_indices(const SaltelliDesign& design, std::span<const InputRange> inputs,
                          std::span<const double> outputs, int resamples = 1000,
                          std::uint64_t seed = 0, double level = 0.95);

}  // namespace isv::analysis
