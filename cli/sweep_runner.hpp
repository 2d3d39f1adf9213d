// `isvsim sweep run DIR`: runs the pending samples of a planned sweep as child processes,
// `--jobs` at a time, skipping finished ones and recording failures without stopping the
// others; `--index I` runs exactly one (what a Slurm array task calls).
#pragma once

#include <cstdint>
#include <filesystem>

namespace isv::cli {

struct SweepRunOptions {
  std::filesystem::path dir;
  int jobs = 1;
  int threads_per_job = 1;
  std::int64_t index = -1;             // >= 0: only this sample
  bool quiet = false;                  // no progress output
  double checkpoint_every_days = 0.0;  // > 0: each sample checkpoints (survives kill -9)
};

// Returns the process exit code: 0 all requested samples done, 1 some failed, 3 interrupted
// (SIGINT, SIGTERM or SIGUSR1: running samples are stopped after their current step and stay
// pending), 4 (--index) the sample is running in another process.
int run_sweep(const SweepRunOptions& options);

}  // namespace isv::cli
