// The calibrate command (see calibrate_command.hpp).
#include "cli/calibrate_command.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "analysis/abc_smc.hpp"
#include "cli/analysis_files.hpp"
#include "cli/calibrate_slurm.hpp"
#include "cli/calibration_spec.hpp"
#include "cli/sample_process.hpp"
#include "cli/sweep_runner.hpp"
#include "cli/sweep_submit.hpp"
#include "model/errors.hpp"
#include "output/sweep_gather.hpp"
#include "scenarios/sweep_dir.hpp"
#include "scenarios/sweep_plan.hpp"

namespace isv::cli {
namespace fs = std::filesystem;
namespace {

// A batch's sweep was stopped by a signal: the state of the finished generations is saved.
struct Interrupted {};
// Some samples of a batch failed: the message names the batch directory.
struct SamplesFailed {
  std::string message;
};
// A batch runs as a Slurm job (submitted, or its script written): come back when it has ended.
struct WaitingForSlurm {
  std::string message;
};

std::string numbered(const char* prefix, std::size_t n, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%0*zu", prefix, width, n);
  return buffer;
}

// Distances of one batch: plan its sweep (a no-op when resuming), run the pending samples,
// gather, and compare each proposal's read-outs with the targets.
std::vector<double> run_batch(const CalibrationSpec& spec, const fs::path& dir, int jobs,
                              int threads, const CalibrateSlurm& slurm,
                              std::span<const analysis::AbcProposal> batch) {
  scenarios::SweepSpec sweep;
  scenarios::SweepPlan plan;
  try {
    sweep = scenarios::parse_sweep(batch_sweep_text(spec, batch), dir / "sweep.toml");
    plan = scenarios::plan_sweep(
        sweep, std::max<std::uint64_t>(scenarios::kDefaultMaxSamples, batch.size()));
  } catch (const model::ConfigError& e) {
    throw model::ConfigError(spec.file.string() + ": a proposal was refused by the base scenario" +
                             " (narrow the prior): " + e.what());
  }
  scenarios::write_sweep_dir(dir, sweep, plan);
  if (slurm.enabled) {
    const SlurmBatch b = slurm_batch(dir, slurm);
    if (b.state == SlurmBatchState::kWaiting) throw WaitingForSlurm{b.message};
    if (b.state == SlurmBatchState::kFailed) throw SamplesFailed{b.message};
  } else {
    SweepRunOptions run;
    run.dir = dir;
    run.jobs = jobs;
    run.threads_per_job = threads;
    run.quiet = true;
    const int rc = run_sweep(run);
    if (rc == kExitInterrupted) throw Interrupted{};
    if (rc != 0) {
      throw SamplesFailed{dir.string() +
                          ": some samples failed (see its failures/ and logs/); "
                          "run the same command again to retry them"};
    }
  }
  output::gather_sweep(dir);
  const scenarios::Manifest manifest = scenarios::read_manifest(dir);
  std::vector<double> distances(batch.size(), 0.0);
  for (const CalibrationTarget& target : spec.targets) {
    const std::vector<double> values = gathered_readout(dir, target.readout, manifest.rows.size());
    for (const scenarios::ManifestRow& row : manifest.rows) {
      const auto b = static_cast<std::size_t>(row.index);  // one arm per proposal, in order
      if (b >= batch.size() || row.arm != "q" + std::to_string(batch[b].index)) {
        throw model::ConfigError(dir.string() + ": sample " + scenarios::sample_stem(row.index) +
                                 " is arm '" + row.arm + "', not a proposal of this batch");
      }
      const double v = values[b];
      if (std::isnan(v)) {
        throw SamplesFailed{dir.string() + ": sample " + scenarios::sample_stem(row.index) +
                            " has no '" + target.readout + "'"};
      }
      const double z = (v - target.value) / target.scale;
      distances[b] += z * z;
    }
  }
  for (double& d : distances) d = std::sqrt(d);
  return distances;
}

std::string posterior_csv(const analysis::AbcSmc& abc) {
  const analysis::AbcGeneration& last = abc.generations().back();
  const std::size_t dim = abc.config().parameters.size();
  std::string s;
  for (const analysis::AbcParameter& p : abc.config().parameters) s += p.name + ",";
  s += "weight,distance\n";
  for (std::size_t i = 0; i < last.weights.size(); ++i) {
    for (std::size_t k = 0; k < dim; ++k) {
      s += analysis::exact_decimal(last.particles[i * dim + k]) + ",";
    }
    s += analysis::exact_decimal(last.weights[i]) + "," +
         analysis::exact_decimal(last.distances[i]) + "\n";
  }
  return s;
}

std::string generations_csv(const analysis::AbcSmc& abc) {
  std::string s = "generation,epsilon,proposals,acceptance_rate,effective_sample_size\n";
  for (std::size_t g = 0; g < abc.generations().size(); ++g) {
    const analysis::AbcGeneration& gen = abc.generations()[g];
    s += std::to_string(g) + "," + analysis::exact_decimal(gen.epsilon) + "," +
         std::to_string(gen.proposals) + "," + analysis::exact_decimal(gen.acceptance_rate()) +
         "," + analysis::exact_decimal(gen.effective_sample_size()) + "\n";
  }
  return s;
}

}  // namespace

CalibrateCommand::CalibrateCommand(CLI::App& app) {
  command_ = app.add_subcommand("calibrate",
                                "ABC-SMC calibration whose generations run as sweeps (resumable)");
  command_->add_option("file", spec_file_, "calibration file (TOML)")->required();
  command_->add_option("-o,--output", dir_, "calibration directory")->required();
  command_->add_option("-j,--jobs", jobs_, "concurrent samples (default 1)")
      ->check(CLI::Range(1, 4096));
  command_->add_option("--threads-per-job", threads_per_job_, "threads of each sample (default 1)")
      ->check(CLI::Range(1, 1024));
  command_->add_flag("--slurm", slurm_.enabled,
                     "run each batch as a Slurm job array (DIR/gen-G/batch-B/sweep.sbatch); "
                     "exits 5 until its job has ended, then run the same command again");
  command_->add_flag("--submit", slurm_.submit, "with --slurm: submit each batch with sbatch");
  command_
      ->add_option("--poll", poll_seconds_,
                   "with --slurm: instead of exiting 5, look again every SECONDS until done")
      ->check(CLI::Range(1, 86400));
  add_slurm_options(*command_, slurm_.options);
}

int CalibrateCommand::execute() const {
  if (!slurm_.enabled && (slurm_.submit || poll_seconds_ > 0))
    throw model::ConfigError("calibrate: --submit and --poll need --slurm");
  for (;;) {
    const int rc = run_once();
    if (rc != kExitWaitingForSlurm || poll_seconds_ <= 0) return rc;
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::seconds(poll_seconds_));
  }
}

int CalibrateCommand::run_once() const {
  const CalibrationSpec spec = load_calibration(spec_file_);
  const fs::path dir(dir_);
  fs::create_directories(dir);
  analysis::AbcSmc abc(spec.abc);
  const fs::path state = dir / "state.abc";
  if (fs::exists(state)) {
    try {
      abc.load(state);
    } catch (const std::runtime_error& e) {
      throw model::ConfigError(e.what());
    }
    std::printf("%s: resuming after generation %zu\n", state.c_str(), abc.generations().size() - 1);
  }
  std::size_t generation_seen = SIZE_MAX, batch_number = 0;
  const auto evaluate = [&](std::span<const analysis::AbcProposal> batch) {
    const std::size_t g = abc.generations().size();
    if (g != generation_seen) generation_seen = g, batch_number = 0;
    const fs::path batch_dir = dir / numbered("gen-", g, 3) / numbered("batch-", batch_number++, 4);
    return run_batch(spec, batch_dir, jobs_, threads_per_job_, slurm_, batch);
  };
  const auto after_each = [&](const analysis::AbcSmc& a) {
    a.save(state);
    write_text_file(dir / "posterior.csv", posterior_csv(a), "posterior");
    write_text_file(dir / "generations.csv", generations_csv(a), "generation table");
    const analysis::AbcGeneration& gen = a.generations().back();
    std::printf("generation %zu: epsilon %.6g, %zu proposals (acceptance %.3f), ESS %.1f\n",
                a.generations().size() - 1, gen.epsilon, gen.proposals, gen.acceptance_rate(),
                gen.effective_sample_size());
    std::fflush(stdout);
  };
  try {
    abc.run(evaluate, after_each);
  } catch (const Interrupted&) {
    std::fprintf(stderr, "isvsim: calibrate interrupted; run the same command to resume\n");
    return kExitInterrupted;
  } catch (const SamplesFailed& e) {
    std::fprintf(stderr, "isvsim: error: %s\n", e.message.c_str());
    return 1;
  } catch (const WaitingForSlurm& e) {
    std::printf("%s\n", e.message.c_str());
    return kExitWaitingForSlurm;
  }
  if (!abc.generations().empty()) {
    write_text_file(dir / "posterior.csv", posterior_csv(abc), "posterior");
    write_text_file(dir / "generations.csv", generations_csv(abc), "generation table");
  }
  std::printf("%s: finished after %zu generation(s): %s\n", spec_file_.c_str(),
              abc.generations().size(), (dir / "posterior.csv").c_str());
  return 0;
}

}  // namespace isv::cli
