// `isvsim sweep plan | run | status | slurm | gather`: the CLI11 wiring of sweeps. Errors are
// thrown (model::ConfigError for bad input) and printed by main().
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/sweep_runner.hpp"
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
  std::string sweep_file_, dir_;
  SweepRunOptions run_options_;
  std::string run_dir_;
  scenarios::SlurmOptions slurm_options_;
  bool submit_ = false;
};

}  // namespace isv::cli
