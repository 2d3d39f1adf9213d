// Files of the analysis commands (sensitivity, calibrate): atomic text writes, and a read-out
// column of a gathered sweep (DIR/summary.csv) by sample index.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace isv::cli {

// Replaces `path` atomically (temporary file, fsync, rename; model/safe_file.hpp).
void write_text_file(const std::filesystem::path& path, const std::string& text,
                     const std::string& what);

// Column `readout` of DIR/summary.csv for samples 0 .. samples-1; NaN where the sample is not
// done or the cell is not a number. Throws model::ConfigError naming the file (and line) if
// the summary is missing, is not a sweep summary, or has no such column (listing them).
std::vector<double> gathered_readout(const std::filesystem::path& dir, const std::string& readout,
                                     std::size_t samples);

}  // namespace isv::cli
