// The ODE behind a mean-field lesion: state layout, rates and the right-hand side.
// Equations: docs/mean_field.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/lesion_config.hpp"
#include "agents/mean_field_setup.hpp"

namespace isv::agents::mean_field {

using State = std::vector<double>;

// Debris clearance is a chain (Erlang, CV 0.5): the agent's clearance time is fixed.
inline constexpr int kDebrisStages = 4;
// Exhaustion accumulates while engaged and stops killing at a threshold, so the time to it is
// nearly fixed in the agent model: a chain of stages (Erlang, CV 0.35), not a single rate.
inline constexpr int kExhaustionStages = 8;
// T-cell lifespans are log-normal with a small CV: an ageing chain of round(1 / CV^2) stages,
// at most this many (CV >= 0.25).
inline constexpr int kMaxAgeStages = 16;

// Offsets of each block in the state vector.
struct Layout {
  struct Sizes {
    std::size_t classes, cycle_stages, antigens;
    int max_divisions;
    std::size_t age_stages;
  };
  explicit Layout(const Sizes& n);

  std::size_t classes, stages, antigens;
  std::size_t tcell_classes;  // divisions left 0 .. max_divisions
  std::size_t age_stages;
  std::size_t tumor = 0;     // [class][cycle stage] viable cells
  std::size_t clusters = 0;  // [class] clones (compact clusters of cells)
  std::size_t debris = 0;    // [kDebrisStages] debris voxels
  std::size_t perfused_occupied = 0, perfused_free = 0;  // summed perfusion (voxel units)
  std::size_t effector = 0;   // [antigen][divisions left][exhaustion stage][age stage]
  std::size_t exhausted = 0;  // [antigen][age stage]
  std::size_t pdl1 = 0, ifng = 0, damp = 0, chemokine = 0;  // well-mixed levels
  std::size_t antigen = 0;  // [antigen] free antigen, cell-eq in the lesion
  std::size_t dc_immature = 0, dc_mature = 0;
  std::size_t load_immature = 0, load_mature = 0;  // [antigen] antigen held by DCs, cell-eq
  std::size_t exported = 0, released = 0;          // [antigen] cumulative, cell-eq
  std::size_t deaths = 0, kills = 0;               // cumulative tumour deaths, T-cell kills
  std::size_t size = 0;

  std::size_t cell(std::size_t cls, std::size_t stage) const {
    return tumor + cls * stages + stage;
  }
  std::size_t effector_at(std::size_t k, std::size_t divisions_left, std::size_t exhaustion,
                          std::size_t age) const {
    return effector +
           ((k * tcell_classes + divisions_left) * kExhaustionStages + exhaustion) * age_stages +
           age;
  }
  std::size_t exhausted_at(std::size_t k, std::size_t age) const {
    return exhausted + k * age_stages + age;
  }
  double active(const State& x, std::size_t k) const;  // not exhausted, specificity k
  double exhausted_cells(const State& x, std::size_t k) const;
};

// Every rate of the model in per-hour units, derived once from the lesion's configuration.
struct Rates {
  // founder_cells: initial cells per clone (CloneSizes).
  Rates(const LesionConfig& config, double step_h, double founder_cells);

  double voxels;  // lattice voxels: the lesion's tissue volume
  double voxel_cm3;
  int neighbours;  // Moore neighbours (26 in 3-D, 8 in 2-D)
  CloneSizes clones;
  CycleModel cycle;
  double apoptosis_per_h;
  double debris_stage_per_h;  // 0: debris clears at once
  double regression_per_h, recovery_per_h;
  double step_h;  // T cells act once per step (kill probability per step)
  double kill_rate_per_day;
  int age_stages;
  double age_stage_per_h, exhaustion_per_h, ifng_secretion_per_h;
  int max_divisions;
  // Loss of each diffusing field: decay plus leakage through the box faces (box_retention).
  double ifng_loss_per_h, damp_loss_per_h, chemokine_loss_per_h, antigen_loss_per_h;
  double chemokine_production_per_h;
  double pdl1_relax_per_h;
  double dc_recruit_per_voxel_h, dc_uptake_per_h, dc_mature_per_h, dc_death_per_h, dc_leave_per_h;
  model::ImmuneParams immune;
};

// Inputs held constant over one step.
struct HeldInputs {
  double occupancy_pd1 = 0.0;
  double occupancy_pdl1 = 0.0;
};

// PD-1 suppression H at the current mean PD-L1 and occupancies.
double suppression(const Rates& r, const State& x, const Layout& l, const HeldInputs& in);

// Share of the lattice within reach of a footprint of F voxels, per voxel of footprint:
// (1 - exp(-F / N)) / F, which tends to 1 / N for a small footprint.
double share_per_footprint(double footprint_voxels, const Rates& r);

// Share of cells with a free Moore neighbour when `occupied_voxels` are taken at random:
// 1 - phi^n (the lattice filling up).
double lattice_open_share(const Rates& r, double occupied_voxels);

// Per class: viable cells, mean clone size s (>= 1) and footprint (clones x reach of one).
struct ClusterView {
  std::vector<double> viable, size, footprint;
};
ClusterView cluster_view(const Rates& r, const Layout& l, const State& x);
// Footprint of the cells expressing antigen k (voxels, overlaps not removed).
double target_footprint(const TumorClasses& tc, const ClusterView& cv, std::size_t k);

// The right-hand side dx/dt (per hour).
void derivative(const Rates& r, const Layout& l, const TumorClasses& tc, const HeldInputs& in,
                const State& x, State& dxdt);

}  // namespace isv::agents::mean_field
