// Receptor occupancy of an antibody at equilibrium: the share of its target bound at
// concentration c (nM) with dissociation constant Kd (nM), c / (c + Kd); 0 without drug.
// One definition for every tissue use (PD-1/PD-L1 fields, Tregs' CTLA-4, population lesions,
// VEGF-A); the systemic model's competitive form for several drugs is in systemic_model.hpp.
#pragma once

namespace isv::model {

inline double receptor_occupancy(double c_nM, double kd_nM) noexcept {
  return c_nM > 0.0 ? c_nM / (c_nM + kd_nM) : 0.0;
}

}  // namespace isv::model
