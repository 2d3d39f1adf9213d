// Lymph-node priming, programmed expansion and the blood / memory pools of one specificity.
#include "model/lymph_node.hpp"

#include <cstdio>
#include <string>

#include "model/errors.hpp"
#include "model/units.hpp"

namespace isv::model {

namespace {

// Reports the first parameter outside the bounds its visit() declares.
struct BoundsCheck {
  void operator()(const double& value, const ParamInfo& info) const { check(value, info); }
  void operator()(const int& value, const ParamInfo& info) const {
    check(static_cast<double>(value), info);
  }
  static void check(double value, const ParamInfo& info) {
    if (!info.bounds.contains(value))
      throw ScenarioError("lymph-node parameter " + std::string(info.key) +
                                  " is out of range");
  }
};

constexpr double per_day_to_per_h(double rate_per_day) {
  return rate_per_day / units::kHoursPerDay;
}

}  // namespace

LymphNodeRates to_rates(const LymphNodeParams& params) {
  LymphNodeParams checked = params;
  checked.visit(BoundsCheck{});
  LymphNodeRates r;
  r.naive_pool_cells = params.naive_precursors_per_specificity;
  r.naive_replenishment_per_h = per_day_to_per_h(params.naive_replenishment_rate_per_day);
  r.activation_per_h = per_day_to_per_h(params.activation_rate_per_day);
  r.antigen_half_max_cell_eq = params.antigen_half_max_cell_eq;
  r.antigen_clearance_per_h = per_day_to_per_h(params.antigen_clearance_per_day);
  r.ctla4_activation_boost = params.ctla4_activation_boost;
  r.divisions = params.divisions;
  r.division_per_h = per_day_to_per_h(params.division_rate_per_day);
  r.memory_fraction = params.memory_fraction;
  r.memory_death_per_h = per_day_to_per_h(params.memory_death_rate_per_day);
  r.memory_reactivation_per_h = per_day_to_per_h(params.memory_reactivation_rate_per_day);
  r.effector_death_per_h = per_day_to_per_h(params.effector_blood_death_rate_per_day);
  return r;
}

void lymph_node_initial_state(const LymphNodeRates& rates, std::span<double> block) {
  for (double& v : block) v = 0.0;
  block[LymphNodeLayout::kNaive] = rates.naive_pool_cells;
}

void lymph_node_derivative(const LymphNodeRates& r, std::span<const double> x,
                           double antigen_in_cell_eq_per_h, double ctla4_occupancy,
                           std::span<double> dxdt) noexcept {
  const LymphNodeLayout at{r.divisions};
  const double antigen = x[LymphNodeLayout::kAntigen];
  const double naive = x[LymphNodeLayout::kNaive];
  const double memory = x[at.memory()];
  // Saturating antigen signal; the same presented antigen drives naive and memory cells.
  const double signal = antigen / (antigen + r.antigen_half_max_cell_eq);
  const double activation = r.activation_per_h * naive * signal *
                            (1.0 + r.ctla4_activation_boost * ctla4_occupancy);
  const double reactivation = r.memory_reactivation_per_h * memory * signal;

  dxdt[LymphNodeLayout::kAntigen] = antigen_in_cell_eq_per_h - r.antigen_clearance_per_h * antigen;
  dxdt[LymphNodeLayout::kNaive] =
      r.naive_replenishment_per_h * (r.naive_pool_cells - naive) - activation;

  // Generation i divides at rate r and its two daughters enter generation i + 1, so a cell that
  // enters generation 0 leaves the last generation as 2^n cells after an Erlang(n, r) delay.
  const int first = LymphNodeLayout::kFirstExpansion;
  const int n = r.divisions;
  dxdt[first] = activation + reactivation - r.division_per_h * x[first];
  for (int i = 1; i < n; ++i)
    dxdt[first + i] = 2.0 * r.division_per_h * x[first + i - 1] - r.division_per_h * x[first + i];
  const double output = 2.0 * r.division_per_h * x[first + n - 1];

  dxdt[at.blood()] = (1.0 - r.memory_fraction) * output - r.effector_death_per_h * x[at.blood()];
  dxdt[at.memory()] =
      r.memory_fraction * output - r.memory_death_per_h * memory - reactivation;
}

std::vector<std::string> lymph_node_state_names(int k, int divisions) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "antigen%02d_", k);
  const std::string p(prefix);
  std::vector<std::string> names;
  names.push_back(p + "ln_antigen_cell_eq");
  names.push_back(p + "naive_cells");
  for (int i = 0; i < divisions; ++i) {
    char gen[32];
    std::snprintf(gen, sizeof gen, "expansion%02d_cells", i);
    names.push_back(p + gen);
  }
  names.push_back(p + "blood_effector_cells");
  names.push_back(p + "memory_cells");
  return names;
}

}  // namespace isv::model
