// A small column table (values kept as text, columns flagged numeric) written as CSV and as an
// HDF5 group with one dataset per column (float64 for numeric columns, NaN for blanks; strings
// otherwise), which h5py and pandas (via h5py) read without PyTables.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace isv::output {

struct TextTable {
  std::vector<std::string> names;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;

  void add_column(std::string name, bool is_numeric) {
    names.push_back(std::move(name));
    numeric.push_back(is_numeric);
  }
  // Index of a column, adding it (and blanks in earlier rows) if new.
  std::size_t column(const std::string& name, bool is_numeric);
};

// Deterministic number text: up to 10 significant digits, "" for NaN.
std::string number_cell(double v);

void write_csv(const TextTable& table, const std::filesystem::path& file);

// Writes `table` as datasets under `group` (created) of an open HDF5 file id.
void write_h5_table(long long file_id, const std::string& group, const TextTable& table,
                    const std::string& file_name);

}  // namespace isv::output
