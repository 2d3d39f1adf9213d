// The sbatch script of a sweep: one Slurm array task per pending sample, each calling
// `isvsim sweep run DIR --index $SLURM_ARRAY_TASK_ID`. Before the time limit Slurm signals the
// batch shell (--signal=B:USR1@SECONDS), which passes the signal on; the sample stops after
// its current step and the task requeues itself (--requeue), so the sample runs again (from
// its checkpoint once checkpoints exist, from scratch until then).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace isv::scenarios {

struct SlurmOptions {
  std::string partition, time = "01:00:00", mem, account;
  int cpus_per_task = 1;
  int max_concurrent = 0;  // 0: no %K throttle
  int signal_seconds = 120;
  std::vector<std::string> extra;  // --name[=value], each an #SBATCH line (value quoted)
};

// "0-3,7,9-10": Slurm array ranges of ascending indices.
std::string array_ranges(const std::vector<std::int64_t>& indices);

// The script text. Throws model::ConfigError (naming the option, path or DIR/plan.toml key)
// for a sweep name outside valid_sweep_name(), a path with a control character, or a Slurm
// option that fails check_slurm_options() (sweep_slurm_checks.hpp): nothing written into the
// script can run as a command or change another directive.
std::string sbatch_script(const std::filesystem::path& isvsim, const std::filesystem::path& dir,
                          const std::string& name, const std::vector<std::int64_t>& pending,
                          const SlurmOptions& options);

}  // namespace isv::scenarios
