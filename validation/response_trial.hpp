// A virtual trial of anti-PD-1 monotherapy on population lesions (validation/response_cases.cpp):
// each virtual patient is one target HCC lesion of the shipped population (diameter, growth
// rates, immunogenicity), simulated with the full patient model from
// validation/scenarios/anti_pd1_trial.toml and read by RECIST 1.1 (model/response.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/population_file.hpp"
#include "model/response.hpp"

namespace isv::validation::response {

inline constexpr const char* kDiameter = "initial_diameter_mm";
inline constexpr const char* kProliferation = "proliferation_rate_per_day";
inline constexpr const char* kLoss = "cell_loss_rate_per_day";
inline constexpr const char* kExpansion = "ctl_expansion_rate_per_day";

struct Patient {
  double diameter_mm = 30.0;
  double proliferation_per_day = 0.1;
  double loss_per_day = 0.095;
  double expansion_per_day = 1.0;
};

// The antibody regimen of an arm: a [[dose]] table replacing the base scenario's.
struct Regimen {
  std::string name;       // for reports
  std::string dose_toml;  // "[[dose]]\ndrug = ...", appended to the base scenario text
};
Regimen nivolumab_240_q2w();
Regimen pembrolizumab_200_q3w();

struct Outcome {
  model::ResponseCategory best = model::ResponseCategory::kNotEvaluable;
  double final_change_percent = 0.0;  // target diameter, end vs baseline
};

// Simulates one patient (the domain sized from the diameter, grown if the lesion meets it).
Outcome simulate(const Patient& patient, const Regimen& regimen, const std::string& base_file);
// Every patient, in parallel; results in patient order (deterministic).
std::vector<Outcome> simulate_all(const std::vector<Patient>& patients, const Regimen& regimen,
                                  const std::string& base_file);

// Patients from a population file with the four columns above (then the weight); the first
// `count` rows (all if 0). Throws std::invalid_argument naming the file for a wrong layout.
std::vector<Patient> patients_of(const analysis::Population& population, const std::string& source,
                                 std::size_t count);

// Objective response rate (CR + PR) and its exact (Clopper-Pearson) 95 % interval, in percent.
struct Rate {
  int responders = 0;
  int patients = 0;
  double percent = 0.0, lower = 0.0, upper = 0.0;
};
Rate objective_response(const std::vector<Outcome>& outcomes);

}  // namespace isv::validation::response
