// Checkpoint-antibody pharmacokinetics: the library of published population-PK defaults, a
// patient's individual two-compartment rate constants, terminal half-life, unit conversion and
// the expansion of dose schedules into dose events. Sources: docs/systemic.md.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "model/systemic_params.hpp"

namespace isv::model {

// Fresh copies of the built-in antibodies (nivolumab, pembrolizumab, atezolizumab, durvalumab,
// ipilimumab, tremelimumab, bevacizumab), each at its popPK reference patient. Bevacizumab
// (anti-VEGF-A) acts in tissue through model/vegf_params.hpp (docs/clinical_scale.md).
std::vector<AntibodyDrug> antibody_library();

// The library entry called `name` (lower case, e.g. "nivolumab"), or std::nullopt.
std::optional<AntibodyDrug> find_antibody(std::string_view name);

// Micro-constants of one drug in one patient (body weight applied), per hour.
struct TwoCompartmentRates {
  double elimination_per_h = 0.0;            // k10 = CL / Vc
  double central_to_peripheral_per_h = 0.0;  // k12 = Q / Vc
  double peripheral_to_central_per_h = 0.0;  // k21 = Q / Vp
  double central_volume_L = 0.0;
  double peripheral_volume_L = 0.0;
};

// CL, Vc, Q, Vp scaled to `body_weight_kg` by the drug's weight exponents, as rates per hour.
// Throws std::invalid_argument for a non-positive weight.
TwoCompartmentRates individual_rates(const AntibodyDrug& drug, double body_weight_kg);

// Terminal (beta-phase) half-life: ln 2 over the smaller eigenvalue of the two-compartment
// system, in days, for a patient of `body_weight_kg`.
double terminal_half_life_days(const AntibodyDrug& drug, double body_weight_kg);

// mg/L of an antibody of molecular weight `kDa` expressed in nM.
constexpr double mg_per_L_to_nM(double mg_per_L, double molecular_weight_kDa) {
  return mg_per_L * 1.0e3 / molecular_weight_kDa;
}

// The administrations of one schedule, with mg/kg doses resolved by `body_weight_kg`; the drug
// is looked up by name in `drugs` (the list the SystemicModel will be built with).
// Throws ScenarioError for an unknown drug, a dose that is not exactly one of flat or mg/kg,
// or a repeated schedule without a positive interval.
std::vector<DoseEvent> expand_schedule(const DoseSchedule& schedule,
                                       std::span<const AntibodyDrug> drugs, double body_weight_kg);

}  // namespace isv::model
