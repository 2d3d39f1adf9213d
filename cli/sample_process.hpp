// One sample of a sweep as a child process: `isvsim run DIR/scenarios/N.toml -o DIR/runs/N.h5`
// started with posix_spawn (no fork of a TBB-threaded parent), holding the sample's lock so
// that no two processes — two `sweep run`s, or a Slurm task and a laptop — write one sample.
// The lock (flock on DIR/runs/N.lock) is handed to the child as fd 3, so it stays held while
// the child lives even if the process that started it dies.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "scenarios/sweep_dir.hpp"

namespace isv::cli {

// Exit codes of `isvsim run` and `isvsim sweep run` (README "Exit codes").
inline constexpr int kExitInterrupted = 3;
inline constexpr int kExitBusy = 4;  // the sample is locked by another process

// Tries to take the sample's lock; -1 if another process holds it. Throws model::IoError if
// the lock file cannot be opened. The fd is close-on-exec.
int try_lock_sample(const scenarios::SweepDir& dir, std::int64_t index);
// True while some process holds the sample's lock (status display).
bool sample_locked(const scenarios::SweepDir& dir, std::int64_t index);

// Starts the run of sample `index` with its lock `lock_fd` (closed here), stdout and stderr
// to DIR/logs/N.log. Signals SIGINT, SIGTERM, SIGUSR1 and SIGCHLD are reset to default and
// unblocked in the child. Checks first that the scenario file still has its manifest hash.
// With `checkpoint_every_days` > 0 the sample writes a checkpoint that often (run
// --checkpoint-every), so that even a SIGKILLed sample resumes instead of starting again.
pid_t spawn_sample(const std::filesystem::path& isvsim, const scenarios::SweepDir& dir,
                   const scenarios::ManifestRow& row, int threads, double checkpoint_every_days,
                   int lock_fd);

// Records a failed attempt in DIR/failures/N.txt (exit status and the tail of the log), or
// clears the record after a success. `status` is a waitpid status.
void record_outcome(const scenarios::SweepDir& dir, std::int64_t index, int status);

// "exit code 2", "signal 9 (Killed)".
std::string describe_status(int status);

// The running isvsim executable (/proc/self/exe).
std::filesystem::path self_executable();

}  // namespace isv::cli
