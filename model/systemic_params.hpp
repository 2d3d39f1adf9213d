// Typed parameters of the patient's systemic model: checkpoint antibodies (two-compartment
// population PK), their dose schedules, and the lymph node / blood T-cell programme shared by
// every antigen specificity. Defaults and sources are tabulated in docs/systemic.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/param_spec.hpp"

namespace isv::model {

// The molecule an antibody blocks; occupancy is reported per target. kVEGFA (bevacizumab's
// ligand) is not a checkpoint: its blood occupancy acts in tissue through the [vegf] table
// (model/vegf_params.hpp: vessel normalisation raises T-cell entry into every lesion, and
// division slows in population lesions).
enum class CheckpointTarget { kPD1, kPDL1, kCTLA4, kVEGFA };

// The checkpoint targets proper (PD-1, PD-L1, CTLA-4), the first three enumerators.
inline constexpr int kCheckpointTargetCount = 3;

// "PD-1", "PD-L1", "CTLA-4", "VEGF-A" (the spelling used in scenario files and output).
std::string_view to_string(CheckpointTarget target) noexcept;
// Inverse of to_string; std::nullopt for anything else.
std::optional<CheckpointTarget> parse_checkpoint_target(std::string_view text) noexcept;

// One monoclonal antibody: a linear two-compartment model (CL, Vc, Q, Vp) at a reference body
// weight, with power-law (allometric) body-weight effects, plus its binding affinity.
// `name` and `target` identify the drug and are not numeric parameters, so visit() leaves them
// to the reader (table key and a `target` string parsed by parse_checkpoint_target).
struct AntibodyDrug {
  std::string name;
  CheckpointTarget target = CheckpointTarget::kPD1;
  double clearance_L_per_day = 0.2;
  double central_volume_L = 3.5;
  double intercompartmental_L_per_day = 0.7;
  double peripheral_volume_L = 3.0;
  double kd_nM = 4.0;
  double molecular_weight_kDa = 146.0;
  double reference_body_weight_kg = 70.0;
  double clearance_weight_exponent = 0.0;
  double central_volume_weight_exponent = 0.0;
  double intercompartmental_weight_exponent = 0.0;
  double peripheral_volume_weight_exponent = 0.0;

  template <class V>
  void visit(V&& v) {
    v(clearance_L_per_day, ParamInfo{"clearance_L_per_day", Bounds::non_negative(), "L/day",
                                     "linear clearance CL from the central compartment"});
    v(central_volume_L,
      ParamInfo{"central_volume_L", Bounds::positive(), "L", "central volume of distribution Vc"});
    v(intercompartmental_L_per_day,
      ParamInfo{"intercompartmental_L_per_day", Bounds::non_negative(), "L/day",
                "intercompartmental clearance Q between central and peripheral compartments"});
    v(peripheral_volume_L, ParamInfo{"peripheral_volume_L", Bounds::positive(), "L",
                                     "peripheral volume of distribution Vp"});
    v(kd_nM, ParamInfo{"kd_nM", Bounds::positive(), "nM",
                       "equilibrium dissociation constant for the target (occupancy C/(C+Kd))"});
    v(molecular_weight_kDa, ParamInfo{"molecular_weight_kDa", Bounds::closed(1.0, 1000.0), "kDa",
                                      "molecular weight, converts mg/L to nM"});
    v(reference_body_weight_kg,
      ParamInfo{"reference_body_weight_kg", Bounds::positive(), "kg",
                "body weight at which CL, Vc, Q and Vp hold (the popPK reference patient)"});
    v(clearance_weight_exponent,
      ParamInfo{"clearance_weight_exponent", Bounds::closed(-3.0, 3.0), "",
                "CL scales as (weight / reference weight)^exponent"});
    v(central_volume_weight_exponent,
      ParamInfo{"central_volume_weight_exponent", Bounds::closed(-3.0, 3.0), "",
                "Vc scales as (weight / reference weight)^exponent"});
    v(intercompartmental_weight_exponent,
      ParamInfo{"intercompartmental_weight_exponent", Bounds::closed(-3.0, 3.0), "",
                "Q scales as (weight / reference weight)^exponent"});
    v(peripheral_volume_weight_exponent,
      ParamInfo{"peripheral_volume_weight_exponent", Bounds::closed(-3.0, 3.0), "",
                "Vp scales as (weight / reference weight)^exponent"});
  }
};

// A regular dosing schedule as a scenario states it. Exactly one of dose_mg (flat) and
// dose_mg_per_kg (weight-based) must be positive; expand_schedule() resolves it to DoseEvents.
struct DoseSchedule {
  std::string drug;
  double start_day = 0.0;
  double every_days = 21.0;
  int count = 1;
  double dose_mg = 0.0;
  double dose_mg_per_kg = 0.0;
  double infusion_min = 30.0;

  template <class V>
  void visit(V&& v) {
    v(drug, ParamInfo{"drug", Bounds::any(), "", "name of the antibody (library or scenario)"});
    v(start_day, ParamInfo{"start_day", Bounds::non_negative(), "days", "time of the first dose"});
    v(every_days, ParamInfo{"every_days", Bounds::non_negative(), "days",
                            "interval between doses (needed when count > 1)"});
    v(count, ParamInfo{"count", Bounds::closed(1, 10000), "", "number of doses"});
    v(dose_mg, ParamInfo{"dose_mg", Bounds::non_negative(), "mg", "flat dose per administration"});
    v(dose_mg_per_kg, ParamInfo{"dose_mg_per_kg", Bounds::non_negative(), "mg/kg",
                                "weight-based dose per administration"});
    v(infusion_min, ParamInfo{"infusion_min", Bounds::closed(0.0, 1440.0), "min",
                              "intravenous infusion duration; 0 = bolus"});
  }
};

// One resolved administration: `drug` indexes the drug list given to the SystemicModel.
struct DoseEvent {
  int drug = 0;
  double time_h = 0.0;
  double amount_mg = 0.0;
  double infusion_h = 0.0;  // 0 = bolus
};

// Lymph-node priming and the blood / memory T-cell pools. One set per patient; it applies to
// every tracked antigen specificity.
struct LymphNodeParams {
  // 5.05e5 naive CD8/mL blood x 5000 mL x precursor frequency 1e-6 (docs/systemic.md).
  double naive_precursors_per_specificity = 2525.0;
  double naive_replenishment_rate_per_day = 2.9e-4;
  double activation_rate_per_day = 23.0;
  double antigen_half_max_cell_eq = 100.0;
  double antigen_clearance_per_day = 0.35;
  double ctla4_activation_boost = 2.0;
  int divisions = 8;
  double division_rate_per_day = 1.0;
  double memory_fraction = 0.05;
  double memory_maturation_days = 30.0;
  double memory_death_rate_per_day = 1.9e-4;
  double memory_reactivation_rate_per_day = 23.0;
  double effector_blood_death_rate_per_day = 0.2;

  template <class V>
  void visit(V&& v) {
    v(naive_precursors_per_specificity,
      ParamInfo{"naive_precursors_per_specificity", Bounds::non_negative(), "cells",
                "naive CD8 T cells able to recognise one tracked antigen"});
    v(naive_replenishment_rate_per_day,
      ParamInfo{"naive_replenishment_rate_per_day", Bounds::non_negative(), "1/day",
                "rate at which a depleted naive precursor pool relaxes back to its size"});
    v(activation_rate_per_day,
      ParamInfo{"activation_rate_per_day", Bounds::non_negative(), "1/day",
                "maximal activation rate of a naive precursor at saturating antigen"});
    v(antigen_half_max_cell_eq,
      ParamInfo{"antigen_half_max_cell_eq", Bounds::positive(), "cell-eq",
                "lymph-node antigen load (tumour-cell equivalents) giving half-maximal priming"});
    v(antigen_clearance_per_day,
      ParamInfo{"antigen_clearance_per_day", Bounds::non_negative(), "1/day",
                "loss rate of presented antigen in the lymph node (DC death, degradation)"});
    v(ctla4_activation_boost,
      ParamInfo{"ctla4_activation_boost", Bounds::non_negative(), "",
                "activation is multiplied by (1 + boost x CTLA-4 occupancy)"});
    v(divisions, ParamInfo{"divisions", Bounds::closed(1, 24), "",
                           "programmed divisions after activation (2^n effectors per cell)"});
    v(division_rate_per_day, ParamInfo{"division_rate_per_day", Bounds::positive(), "1/day",
                                       "division rate of each expansion generation"});
    v(memory_fraction, ParamInfo{"memory_fraction", Bounds::unit_interval(), "",
                                 "share of expanded cells that become memory, not effectors"});
    v(memory_maturation_days,
      ParamInfo{"memory_maturation_days", Bounds::positive(), "days",
                "mean time for a memory precursor to become recallable memory"});
    v(memory_death_rate_per_day,
      ParamInfo{"memory_death_rate_per_day", Bounds::non_negative(), "1/day",
                "loss rate of memory precursors and memory cells"});
    v(memory_reactivation_rate_per_day,
      ParamInfo{"memory_reactivation_rate_per_day", Bounds::non_negative(), "1/day",
                "maximal rate at which a memory cell re-enters expansion at saturating antigen"});
    v(effector_blood_death_rate_per_day,
      ParamInfo{"effector_blood_death_rate_per_day", Bounds::non_negative(), "1/day",
                "death rate of effector CD8 T cells in the blood pool"});
  }
};

}  // namespace isv::model
