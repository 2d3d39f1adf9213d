// The patient's systemic model: one ODE system (Boost.Odeint, Dormand-Prince 5(4) with error
// control) holding the two-compartment PK of every antibody in the scenario and, for each of K
// antigen specificities, lymph-node priming, programmed expansion, blood effectors and memory.
// Lesions exchange with it once per coupling step: they hand in antigen inflow and draw whole
// effector cells out of the blood pool. Deterministic; equations in docs/systemic.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/antibody_pk.hpp"
#include "model/lymph_node.hpp"
#include "model/systemic_params.hpp"

namespace isv::model {

class SystemicModel {
 public:
  static constexpr int kMaxAntigens = 64;
  // Error control of every integration step (absolute in mg / cells / cell-eq, and relative).
  static constexpr double kAbsTolerance = 1.0e-9;
  static constexpr double kRelTolerance = 1.0e-9;

  // Starts at t = 0 h with no drug on board, full naive pools and no antigen; boluses due at
  // t = 0 are already given (the state at time t includes every dose at or before t).
  // Throws ScenarioError for inconsistent input (bad dose, duplicate or unsafe drug names,
  // antigen_count outside 1..64, non-positive body weight).
  SystemicModel(std::vector<AntibodyDrug> drugs, std::vector<DoseEvent> doses, LymphNodeParams ln,
                int antigen_count, double body_weight_kg);

  // Integrates from time_h() to time_h() + dt_h with the antigen inflow of each specificity
  // (tumour-cell equivalents per hour) held constant. Doses due in (t, t + dt] are given
  // exactly: the integration stops at each bolus and at each infusion start and end. The result
  // depends only on (state, time, inputs), so a restored model continues bit for bit.
  void advance(double dt_h, std::span<const double> antigen_in_cell_eq_per_h);

  double time_h() const noexcept { return time_h_; }
  int antigen_count() const noexcept { return antigen_count_; }
  int drug_count() const noexcept { return static_cast<int>(drugs_.size()); }
  const AntibodyDrug& drug(int d) const { return drugs_.at(static_cast<std::size_t>(d)); }
  int divisions() const noexcept { return layout_.divisions; }

  // Blood effector pool of specificity k (cells, continuous).
  double blood_effectors(int k) const;
  // Cells leaving the blood for lesions. Throws std::logic_error if `cells` exceeds the pool,
  // std::invalid_argument if it is negative.
  void remove_blood_effectors(int k, double cells);
  // Cells that were drawn but could not be placed go back to the pool.
  void return_blood_effectors(int k, double cells);
  // Drug d reaching the blood outside the dose schedule (an intratumoral injection's leak),
  // added to its central compartment now. Throws std::invalid_argument if `mg` is negative.
  void add_to_central_mg(int d, double mg);

  double naive_cells(int k) const;
  double memory_precursor_cells(int k) const;  // not yet recallable
  double memory_cells(int k) const;
  double lymph_node_antigen_cell_eq(int k) const;
  // Cells in expansion generations 0 .. n-1 of specificity k: the primary chain (activated
  // naive cells) and the secondary chain (reactivated memory cells).
  std::span<const double> primary_expansion_cells(int k) const;
  std::span<const double> secondary_expansion_cells(int k) const;

  // Central-compartment concentration of drug d.
  double drug_concentration_mg_per_L(int d) const;
  // Sum over the drugs binding `target` of their central concentrations, in nM.
  double concentration_nM(CheckpointTarget target) const;
  // Fraction of `target` bound. Drugs sharing a target compete for one site:
  // sum_i (C_i/Kd_i) / (1 + sum_i (C_i/Kd_i)), which is C/(C+Kd) for a single drug.
  double occupancy(CheckpointTarget target) const;

  // One name per ODE state, in state() order ("nivolumab_central_mg",
  // "antigen00_blood_effector_cells", ...), for /timeseries/systemic/<name>.
  std::vector<std::string> state_names() const;
  std::span<const double> state() const noexcept { return x_; }
  // Restores a checkpoint taken with time_h() and state(); sizes must match.
  void restore(double time_h, std::span<const double> state);

 private:
  struct DrugRuntime {
    TwoCompartmentRates rates;
    double nM_per_mg_central = 0.0;  // central amount (mg) -> concentration (nM)
  };

  void derivative(const std::vector<double>& x, std::vector<double>& dxdt) const;
  void integrate(double t_from_h, double t_to_h);
  void give_boluses_at(double t_h);
  void set_infusion_rates(double t_h);
  double occupancy_of(CheckpointTarget target, const std::vector<double>& x) const;
  std::size_t central_index(int d) const { return 2 * static_cast<std::size_t>(d); }
  std::size_t block_begin(int k) const;
  std::size_t checked_block(int k) const;

  std::vector<AntibodyDrug> drugs_;
  std::vector<DrugRuntime> runtime_;
  std::vector<DoseEvent> doses_;  // sorted by time
  LymphNodeRates ln_;
  LymphNodeLayout layout_;
  int antigen_count_ = 1;
  double time_h_ = 0.0;
  std::vector<double> x_;
  std::vector<double> antigen_in_;         // per specificity, held over a step
  std::vector<double> infusion_mg_per_h_;  // per drug, constant between breakpoints
};

}  // namespace isv::model
