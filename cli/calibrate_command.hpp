// `isvsim calibrate FILE -o DIR`: ABC-SMC calibration whose generations run as sweeps. Each
// batch of proposals is a sweep directory DIR/gen-G/batch-B (one arm per proposal), run with
// `--jobs` local processes (or, with --slurm, as a Slurm job array: cli/calibrate_slurm.hpp),
// gathered, and turned into distances. DIR/state.abc is saved after
// every generation, so the same command run again after a kill continues where it stopped,
// reusing the finished samples of a half-done batch; the posterior is the same bytes at any
// --jobs and whether or not the run was interrupted (docs/calibration.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/calibrate_slurm.hpp"

namespace isv::cli {

class CalibrateCommand {
 public:
  explicit CalibrateCommand(CLI::App& app);
  bool selected() const { return command_->parsed(); }
  // 0 finished; 1 samples failed; 3 interrupted (run again to resume); 5 waiting for a Slurm
  // job (--slurm without --poll: run again when it has ended).
  int execute() const;

 private:
  CLI::App* command_ = nullptr;
  std::string spec_file_, dir_;
  int jobs_ = 1;
  int threads_per_job_ = 1;
  CalibrateSlurm slurm_;
  int poll_seconds_ = 0;

  int run_once() const;
};

}  // namespace isv::cli
