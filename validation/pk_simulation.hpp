// The library antibodies run through model::SystemicModel exactly as a scenario's [[dose]]
// entries are (expand_schedule, then advance with no antigen), and the exposure metrics the
// PK cases compare: trough, peak, interval mean and terminal half-life. Header-only helpers
// of pk_cases.cpp, and the profiles it writes for the plot.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/antibody_pk.hpp"
#include "model/systemic_model.hpp"

namespace isv::validation {

constexpr double kHoursPerDay = 24.0;
constexpr double kJustBefore_h = 1.0e-6;  // a trough is read this long before the next dose

struct Regimen {
  const char* drug;
  double dose_mg = 0.0;
  double dose_mg_per_kg = 0.0;
  double every_days = 21.0;
  double infusion_min = 30.0;
  double kg = 0.0;  // 0: the drug's popPK reference weight
  int count = 0;    // doses; 0: as many as the sampled times reach
};

inline model::AntibodyDrug library(const char* name) { return model::find_antibody(name).value(); }

inline double weight(const Regimen& r) {
  return r.kg > 0.0 ? r.kg : library(r.drug).reference_body_weight_kg;
}

// Central concentration (mg/L = ug/mL) at each of `times_h` (ascending), doses given up to
// the last time, as the simulator's systemic model computes it.
inline std::vector<double> concentrations(const Regimen& r, const std::vector<double>& times_h) {
  const std::vector<model::AntibodyDrug> drugs{library(r.drug)};
  model::DoseSchedule s;
  s.drug = r.drug;
  s.every_days = r.every_days;
  s.count =
      r.count > 0 ? r.count : static_cast<int>(times_h.back() / kHoursPerDay / r.every_days) + 1;
  s.dose_mg = r.dose_mg;
  s.dose_mg_per_kg = r.dose_mg_per_kg;
  s.infusion_min = r.infusion_min;
  model::SystemicModel m(drugs, model::expand_schedule(s, drugs, weight(r)),
                         model::LymphNodeParams{}, 1, weight(r));
  const std::vector<double> no_antigen(1, 0.0);
  std::vector<double> c;
  for (const double t : times_h) {
    if (t > m.time_h()) m.advance(t - m.time_h(), no_antigen);
    c.push_back(m.drug_concentration_mg_per_L(0));
  }
  return c;
}

// Index of the first dose at or after `day`.
inline int dose_at_or_after(const Regimen& r, double day) {
  return static_cast<int>(std::ceil(day / r.every_days - 1e-9));
}
inline double dose_time_h(const Regimen& r, int k) { return k * r.every_days * kHoursPerDay; }

inline double trough_before(const Regimen& r, int k) {
  return concentrations(r, {dose_time_h(r, k) - kJustBefore_h})[0];
}
inline double peak_after(const Regimen& r, int k) {
  return concentrations(r, {dose_time_h(r, k) + r.infusion_min / 60.0 + kJustBefore_h})[0];
}
// Mean concentration over the dosing interval that starts with dose k (trapezoid, 0.1 h).
inline double average_over(const Regimen& r, int k) {
  const double t0 = dose_time_h(r, k), tau = r.every_days * kHoursPerDay;
  const int n = static_cast<int>(tau / 0.1);
  std::vector<double> t;
  for (int i = 0; i <= n; ++i) t.push_back(t0 + tau * i / n);
  t.back() -= kJustBefore_h;
  const std::vector<double> c = concentrations(r, t);
  double area = 0.0;
  for (int i = 0; i < n; ++i) area += 0.5 * (c[i] + c[i + 1]) * (t[i + 1] - t[i]);
  return area / (t.back() - t.front());
}
// Terminal half-life (days) fitted to the simulated decline 60-120 days after one dose.
inline double simulated_half_life_days(const Regimen& r) {
  Regimen once = r;
  once.every_days = 1.0e4;
  const std::vector<double> c = concentrations(once, {60.0 * kHoursPerDay, 120.0 * kHoursPerDay});
  return 60.0 * std::log(2.0) / std::log(c[0] / c[1]);
}

// Concentration of every labelled regimen, every 12 h for 26 weeks: day,drug regimen,ug/mL.
inline bool write_profiles(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const struct {
    const char* label;
    Regimen r;
  } regimens[] = {
      {"nivolumab 240 mg Q2W", {"nivolumab", 240.0, 0.0, 14.0, 30.0}},
      {"nivolumab 480 mg Q4W", {"nivolumab", 480.0, 0.0, 28.0, 30.0}},
      {"pembrolizumab 200 mg Q3W", {"pembrolizumab", 200.0, 0.0, 21.0, 30.0}},
      {"atezolizumab 1200 mg Q3W", {"atezolizumab", 1200.0, 0.0, 21.0, 60.0}},
      {"durvalumab 1500 mg Q4W", {"durvalumab", 1500.0, 0.0, 28.0, 60.0}},
      {"ipilimumab 3 mg/kg Q3W x4", {"ipilimumab", 0.0, 3.0, 21.0, 90.0, 0.0, 4}},
      {"tremelimumab 300 mg once", {"tremelimumab", 300.0, 0.0, 1.0e4, 60.0}},
      {"bevacizumab 5 mg/kg Q2W", {"bevacizumab", 0.0, 5.0, 14.0, 90.0}},
  };
  std::fprintf(f, "day,regimen,concentration_ug_per_mL\n");
  for (const auto& g : regimens) {
    std::vector<double> t;
    for (int i = 1; i <= 182 * 2; ++i) t.push_back(i * 12.0);
    const std::vector<double> c = concentrations(g.r, t);
    for (std::size_t i = 0; i < t.size(); ++i)
      std::fprintf(f, "%.2f,%s,%.6g\n", t[i] / kHoursPerDay, g.label, c[i]);
  }
  return std::fclose(f) == 0;
}

}  // namespace isv::validation
