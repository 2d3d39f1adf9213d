// `isvsim calibrate --slurm`: a batch of proposals runs as a Slurm job array instead of local
// processes. The driver writes the batch's sweep.sbatch (the `sweep slurm` script), submits it
// with --submit and records the job id in the batch directory, then exits (code 5) or, with
// --poll, sleeps and looks again; run again, it collects the finished samples and goes on.
// docs/calibration.md.
#pragma once

#include <filesystem>
#include <string>

#include "scenarios/sweep_slurm.hpp"

namespace isv::cli {

inline constexpr int kExitWaitingForSlurm = 5;

struct CalibrateSlurm {
  bool enabled = false;
  bool submit = false;
  scenarios::SlurmOptions options;
};

enum class SlurmBatchState {
  kDone,     // every sample has its run file: gather it
  kWaiting,  // script written or job submitted / still queued: run again later
  kFailed,   // the submitted job left the queue with samples unfinished
};

struct SlurmBatch {
  SlurmBatchState state = SlurmBatchState::kDone;
  std::string message;  // what to do next (kWaiting, kFailed)
};

// The job id of a batch submitted by `calibrate --slurm --submit`, in the batch directory.
std::filesystem::path slurm_job_file(const std::filesystem::path& batch_dir);

// For a planned batch directory: kDone if every sample is finished; else, if a recorded job is
// still in Slurm's queue, kWaiting; if it has left the queue, kFailed (the record is removed, so
// the next call submits the unfinished samples again); if none is recorded, writes the script
// for the pending samples, submits it with `slurm.submit`, and returns kWaiting.
SlurmBatch slurm_batch(const std::filesystem::path& batch_dir, const CalibrateSlurm& slurm);

}  // namespace isv::cli
