// Untreated growth of a virtual population of HCC lesions (validation/README.md, "Untreated
// growth"): the plausible population (a Gaussian copula over log-normal marginals of the
// initial diameter and the two growth rates of a population lesion), one patient's lesion run
// untreated between two CT scans, the volume doubling time a radiologist would report from the
// two volumes (Schwartz 1961), and the Nathani et al. 2021 histogram the population is selected
// to. Used by growth_cases.cpp (the cases and the calibration that writes the shipped file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/population.hpp"
#include "analysis/population_file.hpp"

namespace isv::validation::growth {

inline constexpr double kDaysPerMonth = 365.25 / 12.0;
inline constexpr double kIntervalDays = 90.0;  // between the two CT scans
inline constexpr double kStepH = 24.0;         // model step of these runs (exact per step)
inline constexpr double kVoxelMm = 1.0;
inline constexpr double kRegressionDiameter = 0.7;  // RECIST partial response: -30 % diameter

// Column names of the population file, in CopulaSpec order.
inline constexpr const char* kDiameter = "initial_diameter_mm";
inline constexpr const char* kProliferation = "proliferation_rate_per_day";
inline constexpr const char* kLoss = "cell_loss_rate_per_day";

struct Patient {
  double diameter_mm = 0.0;
  double proliferation_per_day = 0.0;
  double loss_per_day = 0.0;
};

struct Measure {
  double volume1_mm3 = 0.0, volume2_mm3 = 0.0;    // CT volumes (viable + debris)
  double diameter1_mm = 0.0, diameter2_mm = 0.0;  // longest axial diameters
  double growth_per_month() const;                // ln(V2 / V1) per month
  double doubling_days() const;                   // Schwartz; +infinity if not growing
  bool regressed() const { return diameter2_mm <= kRegressionDiameter * diameter1_mm; }
};

// The plausible population: marginals, bounds and correlation (documented in docs/calibration.md).
analysis::CopulaSpec prior();
// Physiological check: net rate at most ln 2 / 14 days (An et al. 2015's fastest was 11 days
// over a long interval; faster lesions would not be "untreated HCC under surveillance").
bool plausible(std::span<const double> x);
Patient patient_from(std::span<const double> x);

// Runs one lesion untreated (no immunity) for kIntervalDays on a domain sized from the lesion;
// throws std::runtime_error if the lesion reaches the domain boundary.
Measure simulate(const Patient& p);
// All patients, in parallel over patients; the result does not depend on the thread count.
std::vector<Measure> simulate_all(std::span<const Patient> patients);

// Nathani et al. 2021's three figures as one histogram of the monthly growth rate
// (ln 2 / VDT): VDT > 9 months (or not growing) 37.6 %, 4.6-9 months 12.4 %, 3-4.6 months 15 %,
// < 3 months 35 %. The pooled median 4.6 months is the edge between the middle bins.
analysis::ReadoutTarget nathani_target();

// The population file: the patients' parameters (weights from the file) and back.
std::vector<Patient> patients_of(const analysis::Population& population, const std::string& source);

}  // namespace isv::validation::growth

namespace isv::validation::growth {

// The calibration (docs/calibration.md, "Untreated growth"): `candidates` plausible patients
// from prior() drawn with `seed`, each simulated, then kept by acceptance-rejection to
// nathani_target() (analysis::select_virtual_patients, same seed). Writes the kept patients
// (weight 1 each) with their provenance to `path` and prints a summary. Returns the population.
analysis::Population calibrate(std::size_t candidates, std::uint64_t seed, const std::string& path);

}  // namespace isv::validation::growth
