// Analysis command files (cli/analysis_files.hpp).
#include "cli/analysis_files.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include "model/errors.hpp"
#include "model/safe_file.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_dir.hpp"

namespace isv::cli {
namespace fs = std::filesystem;

void write_text_file(const fs::path& path, const std::string& text, const std::string& what) {
  model::write_text_file_atomically(path, text, what);
}

std::vector<double> gathered_readout(const fs::path& dir, const std::string& readout,
                                     std::size_t samples) {
  const fs::path csv = dir / "summary.csv";
  if (!fs::exists(csv)) {
    throw model::ConfigError(csv.string() + ": missing; run `isvsim sweep gather " + dir.string() +
                             "` first");
  }
  std::istringstream in(scenarios::read_input_file(csv, "sweep summary", std::uintmax_t{1} << 31));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = scenarios::split_csv_line(line);
  std::ptrdiff_t col_index = -1, col_status = -1, col_value = -1;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c] == "index") col_index = static_cast<std::ptrdiff_t>(c);
    if (header[c] == "status") col_status = static_cast<std::ptrdiff_t>(c);
    if (header[c] == readout) col_value = static_cast<std::ptrdiff_t>(c);
  }
  if (col_index < 0 || col_status < 0) {
    throw model::ConfigError(csv.string() + ":1: not a sweep summary (no index/status columns)");
  }
  if (col_value < 0) {
    std::string list;
    for (const std::string& h : header) list += (list.empty() ? "" : ", ") + h;
    throw model::ConfigError(csv.string() + ":1: no read-out column '" + readout +
                             "' (columns: " + list + ")");
  }
  std::vector<double> values(samples, std::nan(""));
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    const std::vector<std::string> cells = scenarios::split_csv_line(line);
    if (cells.size() != header.size()) {
      throw model::ConfigError(csv.string() + ":" + std::to_string(line_no) + ": " +
                               std::to_string(cells.size()) + " cells, header has " +
                               std::to_string(header.size()));
    }
    const std::string& index_text = cells[static_cast<std::size_t>(col_index)];
    std::size_t index = 0;
    const auto ir =
        std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
    if (ir.ec != std::errc() || ir.ptr != index_text.data() + index_text.size()) {
      throw model::ConfigError(csv.string() + ":" + std::to_string(line_no) + ": index '" +
                               index_text + "' is not a sample index");
    }
    const std::string& text = cells[static_cast<std::size_t>(col_value)];
    double v = 0.0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (index < samples && cells[static_cast<std::size_t>(col_status)] == "done" &&
        r.ec == std::errc() && r.ptr == text.data() + text.size()) {
      values[index] = v;
    }
  }
  return values;
}

}  // namespace isv::cli
