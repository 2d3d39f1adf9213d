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
      throw ScenarioError("lymph-node parameter " + std::string(info.key) + " is out of range");
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
  r.memory_maturation_per_h = 1.0 / units::days_to_hours(params.memory_maturation_days);
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
  const double activation =
      r.activation_per_h * naive * signal * (1.0 + r.ctla4_activation_boost * ctla4_occupancy);
  const double reactivation = r.memory_reactivation_per_h * memory * signal;

  dxdt[LymphNodeLayout::kAntigen] = antigen_in_cell_eq_per_h - r.antigen_clearance_per_h * antigen;
  dxdt[LymphNodeLayout::kNaive] =
      r.naive_replenishment_per_h * (r.naive_pool_cells - naive) - activation;

  // Generation i divides at rate r and its two daughters enter generation i + 1, so a cell that
  // enters generation 0 leaves the last generation as 2^n cells after an Erlang(n, r) delay.
  const int n = r.divisions;
  const double rate = r.division_per_h;
  const auto chain = [&](int first, double inflow) {
    dxdt[first] = inflow - rate * x[first];
    for (int i = 1; i < n; ++i)
      dxdt[first + i] = 2.0 * rate * x[first + i - 1] - rate * x[first + i];
    return 2.0 * rate * x[first + n - 1];
  };
  const double primary_out = chain(LymphNodeLayout::kFirstPrimary, activation);
  // Secondary progeny all become effectors: memory formed from a recall response would feed
  // back with gain memory_fraction x 2^n (> 1 for the defaults) and grow without bound.
  const double secondary_out = chain(at.first_secondary(), reactivation);

  dxdt[at.blood()] = (1.0 - r.memory_fraction) * primary_out + secondary_out -
                     r.effector_death_per_h * x[at.blood()];
  // Memory precursors cannot be recalled until they mature (weeks after the peak), so antigen
  // that lingers after a primary response does not drain the memory it is creating.
  const double precursor = x[at.memory_precursor()];
  const double maturation = r.memory_maturation_per_h * precursor;
  dxdt[at.memory_precursor()] =
      r.memory_fraction * primary_out - maturation - r.memory_death_per_h * precursor;
  dxdt[at.memory()] = maturation - r.memory_death_per_h * memory - reactivation;
}

std::vector<std::string> lymph_node_state_names(int k, int divisions) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "antigen%02d_", k);
  const std::string p(prefix);
  std::vector<std::string> names;
  names.push_back(p + "ln_antigen_cell_eq");
  names.push_back(p + "naive_cells");
  for (const char* chain : {"primary", "secondary"}) {
    for (int i = 0; i < divisions; ++i) {
      char gen[48];
      std::snprintf(gen, sizeof gen, "%s%02d_cells", chain, i);
      names.push_back(p + gen);
    }
  }
  names.push_back(p + "blood_effector_cells");
  names.push_back(p + "memory_precursor_cells");
  names.push_back(p + "memory_cells");
  return names;
}

}  // namespace isv::model
