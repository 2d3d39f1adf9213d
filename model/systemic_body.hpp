// Where circulating effectors go over one exchange step: to the lesions and, when the body
// compartment is on, to the patient's non-tumour tissue (a sink). Equations in docs/systemic.md,
// "Body compartment". Pure arithmetic: the simulation draws whole cells from these expectations.
#pragma once

#include <span>
#include <vector>

namespace isv::model {

// Entry weight (cm^3 of fully perfused tumour-equivalent tissue) of the patient's non-tumour
// tissue: body weight x tissue volume per kg x entry per cm^3 relative to tumour. 0 when
// `tissue_cm3_per_kg` is 0 (the compartment is off). Throws std::invalid_argument for a
// negative or non-finite argument.
double body_entry_weight_cm3(double body_weight_kg, double tissue_cm3_per_kg,
                             double relative_entry_weight);

struct EffectorExits {
  std::vector<double> lesion_mean_cells;  // expected cells entering each lesion over the step
  double body_cells = 0.0;                // cells entering non-tumour tissue (deterministic)
};

// Expected exits from a blood pool of `pool_cells` over `dt_h` at `entry_per_cell_per_cm3_per_h`.
// body_weight_cm3 == 0: the lesions are the only destinations, each at the linear rate
//   rate * pool * w_l * dt (the pre-body form, kept bit for bit; the caller caps by the pool).
// body_weight_cm3 > 0: competing first-order exits over the step; with W = sum_l w_l + W_body,
//   the pool loses pool * (1 - exp(-rate * W * dt)), of which destination i takes w_i / W.
EffectorExits effector_exits(double pool_cells, double entry_per_cell_per_cm3_per_h,
                             std::span<const double> lesion_weight_cm3, double body_weight_cm3,
                             double dt_h);

}  // namespace isv::model
