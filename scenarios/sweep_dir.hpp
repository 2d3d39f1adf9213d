// The sweep directory: what `sweep plan` writes and `sweep run / status / slurm / gather` read.
//   DIR/plan.toml             sweep name, original sweep file, sweep and plan hashes (written
//                             last: a DIR without it holds no complete plan)
//   DIR/sweep.toml            the sweep file, byte for byte
//   DIR/manifest.csv          one row per sample: index, arm, point, patient, replicate, seed,
//                             hash (FNV-1a 64 of the effective scenario), varied parameters
//   DIR/scenarios/NNNNN.toml  the effective scenario of sample NNNNN (what the run loads)
//   DIR/runs/NNNNN.h5         finished output (NNNNN.h5.part while running)
//   DIR/failures/NNNNN.txt    exit code and stderr tail of the last failed attempt
//   DIR/logs/NNNNN.log        stderr of the last local attempt; Slurm logs slurm-*.out
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/sweep_plan.hpp"

namespace isv::scenarios {

class SweepDir {
 public:
  explicit SweepDir(std::filesystem::path root) : root_(std::move(root)) {}
  const std::filesystem::path& root() const noexcept { return root_; }
  std::filesystem::path plan_file() const { return root_ / "plan.toml"; }
  std::filesystem::path sweep_copy() const { return root_ / "sweep.toml"; }
  std::filesystem::path manifest() const { return root_ / "manifest.csv"; }
  std::filesystem::path scenario(std::int64_t i) const;
  std::filesystem::path run(std::int64_t i) const;
  std::filesystem::path lock(std::int64_t i) const;
  std::filesystem::path checkpoint(std::int64_t i) const;  // seam for checkpoint/restart
  std::filesystem::path failure(std::int64_t i) const;
  std::filesystem::path log(std::int64_t i) const;

 private:
  std::filesystem::path root_;
};

// "00042": sample file stem (at least 5 digits).
std::string sample_stem(std::int64_t index);

struct ManifestRow {
  std::int64_t index = 0;
  std::string arm;
  std::int64_t point = 0, patient = 0, replicate = 0;
  std::uint64_t seed = 0;
  std::string hash;                 // 16 hex digits
  std::vector<std::string> values;  // per Manifest::columns
};

struct Manifest {
  std::string name;
  std::filesystem::path sweep_file;  // where the sweep was planned from
  std::string sweep_hash, plan_hash;
  std::vector<std::string> columns;  // varied parameter keys
  std::vector<ManifestRow> rows;     // rows[i].index == i
};

enum class PlanOutcome { kCreated, kUnchanged };

// Writes the plan into `dir` (created if missing). Re-planning the same sweep into the same
// DIR is a no-op; a DIR planned from another sweep (or whose plan changed because the base
// scenario changed) is refused with model::ConfigError.
PlanOutcome write_sweep_dir(const std::filesystem::path& dir, const SweepSpec& spec,
                            const SweepPlan& plan);

// Reads plan.toml and manifest.csv; model::ConfigError if DIR holds no complete plan.
Manifest read_manifest(const std::filesystem::path& dir);

// CSV field quoting (RFC 4180) and splitting of one line.
std::string csv_field(std::string_view text);
std::vector<std::string> split_csv_line(std::string_view line);

}  // namespace isv::scenarios
