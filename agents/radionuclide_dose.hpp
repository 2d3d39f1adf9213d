// Absorbed dose of a radionuclide deposited in a territory (TARE, Y-90 microspheres): the dose
// rate decays with the physical half-life, R(t) = R0 exp(-λ t), so the total dose is R0 / λ.
// Cells survive by the linear–quadratic model for continuous irradiation with first-order
// repair of sublethal damage (Lea–Catcheside; Dale 1985):
//   -ln S(t) = α D(t) + β Q(t),   dq/dt = R - μ q,   dQ/dt = 2 R q,
// where q is the unrepaired (sublethal) dose and μ = ln 2 / repair half-time. Over the whole
// decay Q = G D² with G = λ / (λ + μ). Every increment over a step is integrated in closed form,
// so the dose the lattice receives equals the decay integral to round-off at any step length.
#pragma once

#include <cstdint>
#include <vector>

namespace isv::agents {

struct RadionuclideDelivery {
  std::vector<std::int32_t> voxels;  // territory, ascending voxel indices
  double start_h = 0.0;              // time the microspheres lodge
  double total_dose_gy = 0.0;        // dose to full decay, R0 / λ
  double half_life_h = 64.1;         // physical half-life (Y-90)
  double repair_half_time_h = 1.5;   // sublethal-damage repair half-time of the tumour cells
  double alpha_per_gy = 0.0;         // LQ of the tumour cells
  double beta_per_gy2 = 0.0;
};

// What a delivery adds over one interval.
struct DoseIncrement {
  double dose_gy = 0.0;        // ∫ R dt
  double quadratic_gy2 = 0.0;  // ∫ 2 R q dt (the dose-squared term, repair included)
};

// Increment of delivery `d` over [t0_h, t1_h] (absolute lesion times; nothing before start_h).
DoseIncrement dose_increment(const RadionuclideDelivery& d, double t0_h, double t1_h) noexcept;

// Dose delivered from start_h to time_h, R0/λ (1 - exp(-λ (t - start))): the decay integral.
double dose_delivered_gy(const RadionuclideDelivery& d, double time_h) noexcept;

// Log-kill -ln(S(t1)/S(t0)) of a cell irradiated by `d` throughout [t0_h, t1_h]: the hazard a
// surviving cell faces over that interval.
inline double log_kill(const RadionuclideDelivery& d, const DoseIncrement& inc) noexcept {
  return d.alpha_per_gy * inc.dose_gy + d.beta_per_gy2 * inc.quadratic_gy2;
}

}  // namespace isv::agents
