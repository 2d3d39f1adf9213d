// The lymph-node / blood T-cell block of the systemic ODE for one antigen specificity:
// presented antigen, naive precursors, chains of expansion generations (the priming delay and
// the 2^n burst) for primary and recall responses, blood effectors and memory.
// Equations: docs/systemic.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/systemic_params.hpp"

namespace isv::model {

// LymphNodeParams converted to per-hour rates once, so the right-hand side does no unit work.
struct LymphNodeRates {
  double naive_pool_cells = 0.0;
  double naive_replenishment_per_h = 0.0;
  double activation_per_h = 0.0;
  double antigen_half_max_cell_eq = 1.0;
  double antigen_clearance_per_h = 0.0;
  double ctla4_activation_boost = 0.0;
  int divisions = 1;
  double division_per_h = 0.0;
  double memory_fraction = 0.0;
  double memory_maturation_per_h = 0.0;
  double memory_death_per_h = 0.0;
  double memory_reactivation_per_h = 0.0;
  double effector_death_per_h = 0.0;
};

// Throws ScenarioError if a value is outside the bounds its visit() declares.
LymphNodeRates to_rates(const LymphNodeParams& params);

// Where each quantity sits inside one specificity's block of the state vector:
// [antigen, naive, primary_0 .. primary_{n-1}, secondary_0 .. secondary_{n-1}, blood,
//  memory precursors, memory]. Primary generations expand activated naive cells; secondary
// generations expand reactivated memory cells, whose progeny all become effectors; memory
// precursors mature into recallable memory (see docs/systemic.md for why).
struct LymphNodeLayout {
  int divisions = 1;

  static constexpr int kAntigen = 0;
  static constexpr int kNaive = 1;
  static constexpr int kFirstPrimary = 2;
  int first_secondary() const noexcept { return kFirstPrimary + divisions; }
  int blood() const noexcept { return kFirstPrimary + 2 * divisions; }
  int memory_precursor() const noexcept { return kFirstPrimary + 2 * divisions + 1; }
  int memory() const noexcept { return kFirstPrimary + 2 * divisions + 2; }
  int size() const noexcept { return kFirstPrimary + 2 * divisions + 3; }
};

// The state of one specificity before any antigen: a full naive pool, everything else zero.
void lymph_node_initial_state(const LymphNodeRates& rates, std::span<double> block);

// d(block)/dt in units per hour, for an antigen inflow (tumour-cell equivalents per hour) held
// over the step and the current CTLA-4 occupancy (0..1).
void lymph_node_derivative(const LymphNodeRates& rates, std::span<const double> block,
                           double antigen_in_cell_eq_per_h, double ctla4_occupancy,
                           std::span<double> dblock_dt) noexcept;

// Output names of the block of specificity `k`, in layout order, e.g. "antigen03_naive_cells".
std::vector<std::string> lymph_node_state_names(int k, int divisions);

}  // namespace isv::model
