// The calibration file of `isvsim calibrate` (docs/calibration.md): a base scenario, priors
// over dotted scenario keys, the targets (gathered read-outs with observed values and scales)
// and the ABC-SMC settings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "analysis/abc_smc.hpp"

namespace isv::cli {

// distance = sqrt(sum over targets of ((simulated - value) / scale)^2)
struct CalibrationTarget {
  std::string readout;  // a summary.csv column of `sweep gather`
  double value = 0.0;
  double scale = 1.0;
};

struct CalibrationSpec {
  std::filesystem::path file;
  std::filesystem::path base;  // resolved against the file's folder
  std::string name;
  analysis::AbcConfig abc;  // parameter names are the dotted scenario keys
  std::vector<CalibrationTarget> targets;
};

// Throws model::ConfigError naming file:line:col and key for any bad or unknown key.
CalibrationSpec parse_calibration(std::string_view text, const std::filesystem::path& file);
CalibrationSpec load_calibration(const std::filesystem::path& file);

// The sweep that runs one batch of proposals: one arm per proposal ("q<index>"), each with
// its own seed (`[[arm]] seed = model_seed`, a pure function of the calibration seed, the
// generation and the proposal index), so proposals never share simulation noise and the
// posterior does not depend on max_batch.
std::string batch_sweep_text(const CalibrationSpec& spec,
                             std::span<const analysis::AbcProposal> batch);

}  // namespace isv::cli
