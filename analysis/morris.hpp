// Morris elementary-effects screening (Morris 1991, Technometrics 33:161) with the mu* measure
// of Campolongo, Cariboni and Saltelli 2007 (Environ Model Softw 22:1509): r one-at-a-time
// trajectories on a p-level grid of the unit cube, k + 1 points each. The caller runs the
// model on the design's points (e.g. as a sweep) and passes the outputs back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/sobol_sensitivity.hpp"

namespace isv::analysis {

struct MorrisDesign {
  std::size_t trajectories = 0;  // r
  std::size_t inputs = 0;        // k
  int levels = 0;                // p
  std::vector<double> points;    // r (k + 1) rows of k values, in the inputs' units
  // For step s (1..k) of trajectory t: the input that moved between rows s - 1 and s, and
  // whether it moved up (+delta) or down. Indexed t * k + (s - 1).
  std::vector<std::size_t> moved_input;
  std::vector<bool> moved_up;

  std::size_t rows() const { return trajectories * (inputs + 1); }
  std::span<const double> row(std::size_t r) const { return {points.data() + r * inputs, inputs}; }
};

// r trajectories on p levels (p even, >= 2; delta = p / (2 (p - 1)) of each range, the usual
// choice that makes every level equally likely). Trajectory t draws its base point, input
// order and directions from CounterRng(seed, kStreamMorrisTrajectory, 0, t). Throws
// std::invalid_argument for r < 2, an odd or small p, or a bad range.
MorrisDesign morris_design(std::span<const InputRange> inputs, std::size_t trajectories, int levels,
                           std::uint64_t seed);

struct MorrisIndex {
  std::string name;
  double mu = 0.0;       // mean elementary effect (signed)
  double mu_star = 0.0;  // mean |elementary effect|: overall influence
  double sigma = 0.0;    // standard deviation (divisor r - 1): non-linearity or interaction
};

// Elementary effects (f(after) - f(before)) / (+-delta) with delta in units of the unit cube,
// so a linear f = c x on a range of width w gives c w for every trajectory. Throws
// std::invalid_argument on a size mismatch or a non-finite output.
std::vector<MorrisIndex> morris_indices(const MorrisDesign& design,
                                        std::span<const InputRange> inputs,
                                        std::span<const double> outputs);

}  // namespace isv::analysis
