// Closed-form dose and Lea–Catcheside increments of a decaying source (radionuclide_dose.hpp).
#include "agents/radionuclide_dose.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace isv::agents {
namespace {

// ∫_{a}^{b} exp(-k τ) dτ for k > 0, written with expm1 so short intervals keep their digits.
double decay_integral(double k, double a, double b) noexcept {
  return std::exp(-k * a) * -std::expm1(-k * (b - a)) / k;
}

// ∫_{a}^{b} τ exp(-k τ) dτ for k > 0.
double weighted_decay_integral(double k, double a, double b) noexcept {
  auto antiderivative = [k](double t) { return -std::exp(-k * t) * (k * t + 1.0) / (k * k); };
  return antiderivative(b) - antiderivative(a);
}

// Relative closeness of the repair and decay rates below which the μ = λ limit is used (the
// general formula divides by μ - λ).
constexpr double kEqualRatesTolerance = 1e-6;

}  // namespace

DoseIncrement dose_increment(const RadionuclideDelivery& d, double t0_h, double t1_h) noexcept {
  const double a = std::max(t0_h - d.start_h, 0.0);
  const double b = std::max(t1_h - d.start_h, 0.0);
  DoseIncrement inc;
  if (!(b > a) || !(d.half_life_h > 0.0) || !(d.total_dose_gy > 0.0)) return inc;
  const double lambda = std::numbers::ln2 / d.half_life_h;
  const double mu = d.repair_half_time_h > 0.0 ? std::numbers::ln2 / d.repair_half_time_h : 0.0;
  const double r0 = d.total_dose_gy * lambda;  // initial dose rate, Gy/h
  inc.dose_gy = r0 * decay_integral(lambda, a, b);
  // q(τ) = r0 (e^{-λτ} - e^{-μτ}) / (μ - λ), so 2 R q = 2 r0² (e^{-2λτ} - e^{-(λ+μ)τ}) / (μ - λ).
  if (std::abs(mu - lambda) > kEqualRatesTolerance * (mu + lambda)) {
    inc.quadratic_gy2 = 2.0 * r0 * r0 *
                        (decay_integral(2.0 * lambda, a, b) - decay_integral(lambda + mu, a, b)) /
                        (mu - lambda);
  } else {  // μ = λ: q(τ) = r0 τ e^{-λτ}
    inc.quadratic_gy2 = 2.0 * r0 * r0 * weighted_decay_integral(2.0 * lambda, a, b);
  }
  return inc;
}

double dose_delivered_gy(const RadionuclideDelivery& d, double time_h) noexcept {
  const double elapsed_h = time_h - d.start_h;
  if (!(elapsed_h > 0.0) || !(d.half_life_h > 0.0)) return 0.0;
  return d.total_dose_gy * -std::expm1(-std::numbers::ln2 * elapsed_h / d.half_life_h);
}

}  // namespace isv::agents
