// Sweep subcommands (see sweep_commands.hpp; file layout in scenarios/sweep_dir.hpp).
#include "cli/sweep_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli/sample_process.hpp"
#include "cli/sweep_submit.hpp"
#include "model/errors.hpp"
#include "output/sweep_gather.hpp"
#include "scenarios/sweep_dir.hpp"
#include "scenarios/sweep_plan.hpp"

namespace isv::cli {
namespace fs = std::filesystem;

SweepCommands::SweepCommands(CLI::App& app) {
  sweep_ = app.add_subcommand("sweep", "plan, run and gather parameter sweeps and virtual trials");
  sweep_->require_subcommand(1);

  plan_ = sweep_->add_subcommand("plan", "expand a sweep file into DIR (manifest + scenarios)");
  plan_->add_option("sweep", sweep_file_, "sweep file (TOML)")->required();
  plan_->add_option("-o,--output", dir_, "sweep directory")->required();
  plan_
      ->add_option("--max-samples", max_samples_,
                   "refuse a sweep of more samples than this (default " +
                       std::to_string(scenarios::kDefaultMaxSamples) + ")")
      ->check(CLI::Range(std::uint64_t{1}, kMaxSamplesCeiling));

  run_ = sweep_->add_subcommand("run", "run the pending samples of DIR");
  run_->add_option("dir", run_dir_, "sweep directory")->required();
  run_->add_option("-j,--jobs", run_options_.jobs, "concurrent samples (default 1)")
      ->check(CLI::Range(1, 4096));
  run_->add_option("--threads-per-job", run_options_.threads_per_job,
                   "threads of each sample (default 1)")
      ->check(CLI::Range(1, 1024));
  run_->add_option("--index", run_options_.index, "run only this sample (Slurm array task)")
      ->check(CLI::NonNegativeNumber);
  run_->add_flag("-q,--quiet", run_options_.quiet, "no progress output");
  run_->add_option("--checkpoint-every", run_options_.checkpoint_every_days,
                   "each sample writes a checkpoint every DAYS of simulated time, so that a "
                   "killed sample resumes (docs/checkpoint.md)")
      ->check(CLI::PositiveNumber);

  status_ = sweep_->add_subcommand("status", "counts of done / failed / running / pending");
  status_->add_option("dir", dir_, "sweep directory")->required();

  slurm_ = sweep_->add_subcommand("slurm",
                                  "write DIR/sweep.sbatch (a job array of the pending "
                                  "samples); --submit also submits it");
  slurm_->add_option("dir", dir_, "sweep directory")->required();
  add_slurm_options(*slurm_, slurm_options_);
  slurm_->add_flag("--submit", submit_, "submit with sbatch and print the job id");

  gather_ = sweep_->add_subcommand("gather", "summarise DIR into summary.csv / summary.h5");
  gather_->add_option("dir", dir_, "sweep directory")->required();
}

int SweepCommands::execute() {
  if (plan_->parsed()) return plan();
  if (run_->parsed()) {
    run_options_.dir = run_dir_;
    return run_sweep(run_options_);
  }
  if (status_->parsed()) return status();
  if (slurm_->parsed()) return slurm();
  if (gather_->parsed()) return gather();
  return 1;
}

int SweepCommands::plan() const {
  const scenarios::SweepSpec spec = scenarios::load_sweep(sweep_file_);
  const scenarios::SweepPlan plan = scenarios::plan_sweep(spec, max_samples_);
  const auto outcome = scenarios::write_sweep_dir(dir_, spec, plan);
  std::map<std::string, int> per_arm;
  for (const auto& s : plan.samples) ++per_arm[plan.arm_names[s.arm]];
  std::printf("%s: %zu samples (%zu arm(s) x %zu per arm) %s %s\n", sweep_file_.c_str(),
              plan.samples.size(), plan.arm_names.size(),
              plan.samples.size() / plan.arm_names.size(),
              outcome == scenarios::PlanOutcome::kCreated ? "planned into" : "already planned in",
              dir_.c_str());
  return 0;
}

int SweepCommands::status() const {
  const scenarios::Manifest m = scenarios::read_manifest(dir_);
  const scenarios::SweepDir d(dir_);
  std::int64_t done = 0, failed = 0, running = 0, interrupted = 0, pending = 0;
  std::vector<std::int64_t> failures;
  for (const auto& r : m.rows) {
    if (fs::exists(d.run(r.index))) {
      ++done;
    } else if (sample_locked(d, r.index)) {
      ++running;
    } else if (fs::exists(d.failure(r.index))) {
      ++failed;
      failures.push_back(r.index);
    } else if (fs::exists(d.run(r.index).string() + ".part")) {
      ++interrupted;
    } else {
      ++pending;
    }
  }
  std::printf(
      "sweep %s (%s): %zu samples: %lld done, %lld failed, %lld running, "
      "%lld interrupted, %lld pending\n",
      m.name.c_str(), dir_.c_str(), m.rows.size(), static_cast<long long>(done),
      static_cast<long long>(failed), static_cast<long long>(running),
      static_cast<long long>(interrupted), static_cast<long long>(pending));
  for (const std::int64_t i : failures) {
    std::ifstream in(d.failure(i));
    std::string first;
    std::getline(in, first);
    std::printf("  failed %s: %s\n", scenarios::sample_stem(i).c_str(), first.c_str());
  }
  if (!failures.empty()) std::printf("details: %s/failures/NNNNN.txt\n", dir_.c_str());
  return 0;
}

int SweepCommands::slurm() {
  const scenarios::Manifest m = scenarios::read_manifest(dir_);
  const scenarios::SweepDir d(dir_);
  std::vector<std::int64_t> pending;
  for (const auto& r : m.rows)
    if (!fs::exists(d.run(r.index))) pending.push_back(r.index);
  if (pending.empty()) {
    std::printf("sweep %s: every sample is done; nothing to submit\n", m.name.c_str());
    return 0;
  }
  const fs::path script = write_sbatch(dir_, m.name, pending, slurm_options_);
  const std::string throttle =
      slurm_options_.max_concurrent > 0 ? "%" + std::to_string(slurm_options_.max_concurrent) : "";
  std::printf("wrote %s: %zu array task(s), --array=%s%s\n", script.c_str(), pending.size(),
              scenarios::array_ranges(pending).c_str(), throttle.c_str());
  if (!submit_) return 0;
  std::fflush(stdout);  // before sbatch writes to the terminal too
  std::printf("submitted job %s\n", submit_sbatch(script).c_str());
  return 0;
}

int SweepCommands::gather() const {
  const output::GatherReport r = output::gather_sweep(dir_);
  std::printf(
      "gathered %lld of %lld samples into %s/summary.csv and summary.h5 (+ arms.csv, "
      "km.csv, synergy.csv)\n",
      static_cast<long long>(r.done), static_cast<long long>(r.samples), dir_.c_str());
  if (!r.missing.empty()) {
    std::string list;
    for (std::size_t k = 0; k < r.missing.size() && k < 20; ++k)
      list += (k ? ", " : "") + std::to_string(r.missing[k]);
    if (r.missing.size() > 20) list += ", ...";
    std::fprintf(stderr,
                 "gather: incomplete: %zu sample(s) missing (%zu failed, %zu unreadable): %s; "
                 "statistics use the finished samples only\n",
                 r.missing.size(), r.failed.size(), r.unreadable.size(), list.c_str());
  }
  return 0;
}

}  // namespace isv::cli
