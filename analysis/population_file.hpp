// A virtual population on disk: a CSV of one row per patient (parameters, then its weight)
// after a header block of provenance lines "# key: value" (generator, seed, targets, the isvsim
// version, ...). Values are written as shortest round-trip decimals, so reading a file back
// gives exactly the numbers that were written.
//
//   # isvsim virtual population
//   # isvsim_version: 0.1.0
//   # generator: gaussian-copula
//   # seed: 42
//   k_growth_per_day,ln_kill,weight
//   0.213,1.5,0.001
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace isv::analysis {

struct Population {
  // Provenance in file order. Keys: letters, digits, '_', '.', '-'; values: one line.
  // write_population adds isvsim_version (ISV_VERSION) first if it is missing.
  std::vector<std::pair<std::string, std::string>> provenance;
  std::vector<std::string> names;  // parameter columns
  std::vector<double> values;      // rows x names.size(), row-major
  std::vector<double> weights;     // one per row, >= 0, finite

  std::size_t size() const { return weights.size(); }
  // The file line of data row `row` (0 = first patient) in the file this was read from.
  std::size_t line_of_row(std::size_t row) const { return provenance.size() + 3 + row; }
  const std::string* find(const std::string& key) const;
};

// Throws std::invalid_argument for an inconsistent population (sizes, names, a bad key or a
// line break in a value, a negative or non-finite weight, a non-finite value) and model::IoError
// if the file cannot be written. The file is replaced atomically (model/safe_file.hpp).
void write_population(const std::filesystem::path& path, const Population& population);
std::string population_text(const Population& population);

// Throws model::ConfigError "<file>:<line>: ..." for any malformed content (missing magic
// line, header, a column count, a value that is not a number, a bad weight) and model::IoError
// if the file cannot be read.
Population read_population(const std::filesystem::path& path);
Population parse_population(std::string_view text, const std::string& source);

}  // namespace isv::analysis
