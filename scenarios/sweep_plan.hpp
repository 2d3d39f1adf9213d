// Expands a sweep into its samples: grid points × draws (patients) × replicates × arms, each
// with its derived seed and its effective scenario, checked by the scenario loader. Every
// error names the sweep file, line and key that caused it, and is raised before anything runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/sweep_size.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::scenarios {

struct PlannedSample {
  std::int64_t index = 0;
  std::size_t arm = 0;       // into SweepPlan::arm_names
  std::int64_t point = 0;    // grid point
  std::int64_t patient = 0;  // draw of the [[sample]] parameters
  std::int64_t replicate = 0;
  std::uint64_t seed = 0;           // model::derive_run_seed(master, point, patient, replicate)
  std::vector<std::string> values;  // one per SweepPlan::columns, as TOML value text
  std::string scenario_toml;        // the effective scenario: what the run loads
  std::uint64_t hash = 0;           // model::fnv1a64(scenario_toml)
};

struct SweepPlan {
  std::vector<std::string> arm_names;
  // Varied keys: grid axes, sampled parameters, then with a [population] the row column
  // (kPopulationRowColumn) and the population's scenario keys.
  std::vector<std::string> columns;
  std::vector<PlannedSample> samples;  // index order: point, patient, replicate, arm (fastest)
};

// Throws model::ConfigError (bad key, value or bound; names sweep file:line and key; more than
// `max_samples` samples, checked before anything is read or built) or model::ScenarioError
// (inconsistent scenario, e.g. arms that change nothing).
SweepPlan plan_sweep(const SweepSpec& spec, std::uint64_t max_samples = kDefaultMaxSamples);

// The base scenario text with an arm's `remove` and `add` applied (the base text itself when
// the arm has neither). `base_name` is used in error messages.
std::string arm_scenario_text(const std::string& base_text, const std::string& base_name,
                              const Arm& arm);

}  // namespace isv::scenarios
