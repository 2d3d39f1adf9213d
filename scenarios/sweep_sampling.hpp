// Draws of the [[sample]] parameters of a sweep: plain random or Latin hypercube, every
// distribution by inversion of its (truncated) CDF, so one uniform number makes one value and
// both designs share the code. Draws are pure functions of the master seed (model::CounterRng,
// streams kSweepDraw and kSweepLhsOrder).
#pragma once

#include <vector>

#include "scenarios/sweep_spec.hpp"

namespace isv::scenarios {

// The value of `p` at cumulative probability `u` in (0, 1) of its truncated distribution.
double sampled_value(const SampledParam& p, double u);

// values[draw][param], `spec.samples` draws of `spec.sampled`, in the spec's design.
std::vector<std::vector<double>> draw_sampled_values(const SweepSpec& spec);

// Standard normal CDF and its inverse (Acklam's approximation refined by one Halley step:
// relative error near machine precision).
double normal_cdf(double x);
double normal_quantile(double p);

}  // namespace isv::scenarios
