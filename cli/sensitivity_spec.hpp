// The sensitivity file of `isvsim sensitivity plan` (docs/calibration.md): a base scenario,
// the inputs (dotted scenario keys with ranges) and the method, turned into the sweep that
// runs the design: one [[arm]] per distinct design point, all arms sharing one seed per
// replicate (common random numbers, so the indices measure the inputs, not the noise).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/morris.hpp"
#include "analysis/sobol_sensitivity.hpp"

namespace isv::cli {

enum class SensitivityMethod { kSobol, kMorris };

struct SensitivitySpec {
  std::filesystem::path file;
  std::string text;            // byte for byte: `sensitivity report` re-derives the design
  std::filesystem::path base;  // resolved against the file's folder
  std::string name;
  SensitivityMethod method = SensitivityMethod::kSobol;
  std::size_t samples = 0;  // Sobol: base sample size N; Morris: trajectories r
  int levels = 4;           // Morris grid levels p
  std::uint64_t seed = 1;
  int replicates = 1;
  int bootstrap_resamples = 1000;
  std::vector<analysis::InputRange> inputs;
  std::vector<std::string> input_where;  // file:line:col of each [[input]]
};

// Throws model::ConfigError naming file:line:col and key for any bad or unknown key.
SensitivitySpec parse_sensitivity(std::string_view text, const std::filesystem::path& file);
SensitivitySpec load_sensitivity(const std::filesystem::path& file);

// The design's rows and the distinct points among them (a Morris design may visit a grid
// point twice; a sweep refuses two identical arms).
struct SensitivityDesign {
  analysis::SaltelliDesign sobol;
  analysis::MorrisDesign morris;
  std::size_t rows = 0;
  std::vector<std::size_t> point_of_row;    // row -> distinct point
  std::vector<std::vector<double>> points;  // distinct points, first-seen order
};
SensitivityDesign make_design(const SensitivitySpec& spec);

// "p00000": the arm of a distinct point.
std::string point_arm_name(std::size_t point);

// The sweep file text that runs the design on the base scenario.
std::string design_sweep_text(const SensitivitySpec& spec, const SensitivityDesign& design);

}  // namespace isv::cli
