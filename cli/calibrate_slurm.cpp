// Calibration batches as Slurm job arrays (see calibrate_slurm.hpp).
#include "cli/calibrate_slurm.hpp"

#include <fstream>

#include "cli/analysis_files.hpp"
#include "cli/sweep_submit.hpp"
#include "scenarios/sweep_dir.hpp"

namespace isv::cli {
namespace fs = std::filesystem;

fs::path slurm_job_file(const fs::path& batch_dir) { return batch_dir / "slurm_job.txt"; }

SlurmBatch slurm_batch(const fs::path& batch_dir, const CalibrateSlurm& slurm) {
  const scenarios::Manifest m = scenarios::read_manifest(batch_dir);
  const scenarios::SweepDir d(batch_dir);
  std::vector<std::int64_t> pending;
  for (const scenarios::ManifestRow& r : m.rows)
    if (!fs::exists(d.run(r.index))) pending.push_back(r.index);
  if (pending.empty()) return {};
  const std::string count = std::to_string(pending.size()) + " of " +
                            std::to_string(m.rows.size()) + " sample(s) unfinished";
  const fs::path job_file = slurm_job_file(batch_dir);
  if (fs::exists(job_file)) {
    std::string id;
    std::ifstream(job_file) >> id;
    if (!id.empty() && slurm_job_active(id))
      return {SlurmBatchState::kWaiting, batch_dir.string() + ": Slurm job " + id +
                                             " is queued or running (" + count +
                                             "); run the same command again when it has ended"};
    fs::remove(job_file);  // the next call submits what is unfinished
    return {SlurmBatchState::kFailed,
            batch_dir.string() + ": Slurm job " + (id.empty() ? "?" : id) + " has ended with " +
                count +
                " (see its logs/ and failures/); run the same command again to submit them "
                "again"};
  }
  const fs::path script = write_sbatch(batch_dir, m.name, pending, slurm.options);
  const std::string tasks = std::to_string(pending.size()) +
                            " array task(s), --array=" + scenarios::array_ranges(pending);
  if (!slurm.submit)
    return {SlurmBatchState::kWaiting,
            "wrote " + script.string() + " (" + tasks + "); submit it with sbatch, and run the " +
                "same command again when the job has ended (or pass --submit)"};
  const std::string id = submit_sbatch(script);
  write_text_file(job_file, id + "\n", "Slurm job id");
  return {SlurmBatchState::kWaiting, "submitted Slurm job " + id + " for " + batch_dir.string() +
                                         " (" + tasks + "); run the same command again when it " +
                                         "has ended"};
}

}  // namespace isv::cli
