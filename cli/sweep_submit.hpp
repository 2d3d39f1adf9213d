// Slurm from the CLI (`isvsim sweep slurm`, `isvsim calibrate --slurm`): the shared options,
// writing a sweep directory's batch script, and running sbatch / squeue with an argument vector
// (posix_spawnp, PATH lookup, no shell), so no character of a path is ever read as shell syntax.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/sweep_slurm.hpp"

namespace isv::cli {

// The job id sbatch printed ("1234", or "1234;cluster" cut at ';'). Throws model::IoError if
// sbatch cannot be started, fails, or prints no id; its stderr goes to ours.
std::string submit_sbatch(const std::filesystem::path& script);

// Whether job `job_id` (or a task of it) is still in Slurm's queue (`squeue`). Throws
// model::IoError if squeue cannot be started.
bool slurm_job_active(const std::string& job_id);

// Writes DIR/sweep.sbatch (absolute paths): one array task per pending sample. Throws
// model::ConfigError for a refused option, name or path (nothing is written then).
std::filesystem::path write_sbatch(const std::filesystem::path& dir, const std::string& name,
                                   const std::vector<std::int64_t>& pending,
                                   const scenarios::SlurmOptions& options);

// The sbatch options of `sweep slurm` (--partition, --time, ..., extra options after --).
void add_slurm_options(CLI::App& app, scenarios::SlurmOptions& options);

}  // namespace isv::cli
