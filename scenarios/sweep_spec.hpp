// A sweep file (TOML) as typed structs: the base scenario, fixed overrides, grid axes, sampled
// parameters (random or Latin hypercube), replicates, arms and declared synergy pairs. Parsing
// checks the sweep's own structure; sweep_plan.hpp checks every key against the base scenario.
// The format is documented in docs/sweeps.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace isv::scenarios {

// Where a sweep key was written, for error messages: "sweep.toml:12:1".
struct SweepSource {
  std::string where;  // file:line:column
  std::string key;    // dotted scenario key, or the sweep's own key
};

// One `--set`-style override: a dotted scenario key and a TOML value text ("3", "2.5", "\"x\"").
struct SweepOverride {
  std::string key;
  std::string value;
  SweepSource source;
};

// [[grid]]: one axis of the full factorial grid.
struct GridAxis {
  std::string key;
  std::vector<std::string> values;  // TOML value texts, in file order
  SweepSource source;
};

enum class Distribution { kUniform, kLogUniform, kNormal, kLogNormal };

// [[sample]]: one parameter drawn per sample / virtual patient.
struct SampledParam {
  std::string key;
  Distribution distribution = Distribution::kUniform;
  double min = 0.0;  // uniform / log-uniform bounds; truncation bounds for (log)normal
  double max = 0.0;
  bool has_min = false, has_max = false;
  double mean = 0.0;     // normal: mean; lognormal: median (e^mu of the underlying normal)
  double sd = 0.0;       // normal: standard deviation; lognormal: sigma of the log
  bool integer = false;  // round the draw (for integer parameters)
  SweepSource source;
};

enum class SampleDesign { kRandom, kLatinHypercube };

// [[arm]]: a named treatment set. Applied to the base scenario in this order: `remove` drops
// whole top-level tables or arrays of tables ("dose", "treatment", "lesions.met") or one entry
// ("dose[1]"); `add` merges a TOML fragment (tables deep-merged, arrays of tables appended);
// `set` applies overrides.
struct Arm {
  std::string name;
  std::vector<std::string> remove;
  std::string add_toml;  // TOML text of the `add` table, "" if none
  std::vector<SweepOverride> set;
  // The arm's own master seed for its run seeds, replacing [sweep] seed (unpaired arms, e.g.
  // the independent proposals of `isvsim calibrate`); -1: the sweep's seed (paired design).
  std::int64_t seed = -1;
  SweepSource source;
};

// [population] columns: how a column of the population file becomes a scenario override
// (value x scale). A column without an entry is itself the dotted scenario key.
struct PopulationColumnMap {
  std::string column;
  std::string key;
  double scale = 1.0;
  SweepSource source;
};

// [population]: the sweep's patients are rows of a virtual population file
// (analysis/population_file.hpp), read when the sweep is planned (sweep_population.hpp).
struct PopulationSpec {
  std::filesystem::path file;  // resolved against the sweep file's folder
  SweepSource source;          // the `file` line
  std::int64_t patients = 0;   // 0: every row (equal weights) or as many draws as rows
  std::string patients_where;  // the `patients` line, or the file name if absent
  std::vector<PopulationColumnMap> columns;
};

// [[synergy]]: a combination arm and its two monotherapy arms.
struct SynergySpec {
  std::string combination;
  std::string mono_a, mono_b;
  SweepSource source;
};

struct SweepSpec {
  std::filesystem::path file;  // the sweep file
  std::string text;            // its text, byte for byte
  std::filesystem::path base;  // base scenario, resolved against the sweep file's folder
  std::string name;
  std::uint64_t seed = 1;  // master seed: derives every run seed and draw
  int replicates = 1;
  int samples = 1;  // draws of the [[sample]] parameters (= patients); see population
  bool has_population = false;
  PopulationSpec population;  // with it, the patients are the population's (samples unused)
  SampleDesign design = SampleDesign::kRandom;
  int bootstrap_resamples = 2000;
  std::vector<SweepOverride> set;  // [set]: every sample
  std::vector<GridAxis> grid;
  std::vector<SampledParam> sampled;
  std::vector<Arm> arms;  // at least one ("base" with no changes if none declared)
  std::vector<SynergySpec> synergy;
};

// Reads and checks a sweep file. Throws model::ConfigError naming file:line:col and key.
SweepSpec load_sweep(const std::filesystem::path& file);
SweepSpec parse_sweep(std::string_view text, const std::filesystem::path& file);

}  // namespace isv::scenarios
