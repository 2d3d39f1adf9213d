// The [population] table of a sweep: the sweep's patients are rows of a virtual population
// file (analysis/population_file.hpp), each row's columns becoming overrides of the base
// scenario for that patient in every arm. Rows are taken in file order when every weight is
// equal, and drawn with replacement in proportion to their weights otherwise (stream
// kSweepPopulation, keyed by the sweep seed and the patient index). docs/sweeps.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/sweep_reader.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::scenarios {

// Reads [population] (file, patients, columns) into spec.population; throws ConfigError naming
// the sweep file, line and key.
void read_population_table(const toml::table& table, SweepSpec& spec);

struct PopulationPatient {
  std::int64_t row = 0;                  // data row of the file, 0 = first patient
  std::vector<SweepOverride> overrides;  // one per column, in file order
};

struct SweepPatients {
  std::vector<std::string> keys;      // the scenario key of each column, in file order
  std::vector<SweepOverride> header;  // per column: key, no value, source = the header line
  bool weighted = false;              // drawn by weight (else the first rows in order)
  std::vector<PopulationPatient> patients;
};

// Reads the population file and selects the sweep's patients. Each override's source names
// "<file>:<line>: column '<name>'", so a value the scenario refuses points at its row.
// Throws model::ConfigError (missing or malformed file, unknown mapped column, too many
// patients, a key mapped twice, all weights zero).
SweepPatients load_sweep_population(const SweepSpec& spec);

// The column of the manifest and summary holding each sample's population row.
inline constexpr const char* kPopulationRowColumn = "population.row";

}  // namespace isv::scenarios
