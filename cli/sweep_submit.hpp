// `isvsim sweep slurm --submit`: runs `sbatch --parsable SCRIPT` with an argument vector
// (posix_spawnp, PATH lookup, no shell), so no character of the script's path is ever read as
// shell syntax.
#pragma once

#include <filesystem>
#include <string>

namespace isv::cli {

// The job id sbatch printed ("1234", or "1234;cluster" cut at ';'). Throws model::IoError if
// sbatch cannot be started, fails, or prints no id; its stderr goes to ours.
std::string submit_sbatch(const std::filesystem::path& script);

}  // namespace isv::cli
