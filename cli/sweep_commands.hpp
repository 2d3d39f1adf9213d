// `isvsim sweep plan | run | status | slurm | gather`: the CLI11 wiring of sweeps. Errors are
// thrown (model::ConfigError for bad input) and printed by main().
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/sweep_runner.hpp"
#include "scenarios/sweep_size.hpp"
#include "scenarios/sweep_slurm.hpp"

namespace isv::cli {

class SweepCommands {
 public:
  // Registers `sweep` and its subcommands on `app`.
  explicit SweepCommands(CLI::App& app);
  bool selected() const { return sweep_->parsed(); }
  // Runs the chosen subcommand; returns the exit code.
  int execute();

 private:
  int plan() const;
  int status() const;
  int slurm();
  int gather() const;

  CLI::App* sweep_ = nullptr;
  CLI::App *plan_ = nullptr, *run_ = nullptr, *status_ = nullptr, *slurm_ = nullptr,
           *gather_ = nullptr;
  // Sample indices are 64-bit and every sample has files: 10^12 is far beyond any real sweep.
  static constexpr std::uint64_t kMaxSamplesCeiling = 1000000000000;
  std::string sweep_file_, dir_;
  std::uint64_t max_samples_ = scenarios::kDefaultMaxSamples;
  SweepRunOptions run_options_;
  std::string run_dir_;
  scenarios::SlurmOptions slurm_options_;
  bool submit_ = false;
};

}  // namespace isv::cli
