// The isvsim command line: `run`, `check`, `--version`. Errors print one line and exit non-zero.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/calibrate_command.hpp"
#include "cli/progress.hpp"
#include "cli/sensitivity_commands.hpp"
#include "cli/sweep_commands.hpp"
#include "model/errors.hpp"
#include "model/safe_file.hpp"
#include "model/units.hpp"
#include "output/hdf5_writer.hpp"
#include "output/summary.hpp"
#include "scenarios/checkpoint.hpp"
#include "scenarios/memory_estimate.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#ifdef ISV_WITH_CATALYST
#include "output/catalyst/catalyst_adaptor.hpp"
#endif

namespace {

// Exit codes (documented in README.md).
constexpr int kExitOk = 0;
constexpr int kExitRuntimeError = 1;
constexpr int kExitInputError = 2;
constexpr int kExitInterrupted = 3;  // stopped by a signal; a checkpoint was written

// Set by SIGINT/SIGTERM/SIGUSR1: the run ends after the current step, writes a checkpoint and
// keeps its finished output. A second signal aborts at once (default action).
std::atomic<bool> g_stop_requested{false};  // the one global: signal handlers need it
extern "C" void request_stop(int signal) {
  if (g_stop_requested.exchange(true)) {
    std::signal(signal, SIG_DFL);  // both async-signal-safe
    std::raise(signal);
  }
}

struct RunOptions {
  std::string scenario;
  std::string output;
  bool output_given = false;  // -o was on the command line (an empty name is an error)
  int threads = 0;
  long long seed = -1;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool force = false;
  std::string catalyst_script;  // ParaView Catalyst Python script, empty for none
  long long catalyst_every = 1;
  double checkpoint_every_days = 0.0;  // 0: only when interrupted
  std::string resume;   // OUT.h5 of an interrupted run (its checkpoint is OUT.h5.ckpt)
  std::string restart;  // a checkpoint file
};

std::string default_output(const std::string& scenario) {
  std::string stem = scenario;
  if (const auto slash = stem.find_last_of('/'); slash != std::string::npos)
    stem = stem.substr(slash + 1);
  if (const auto dot = stem.rfind(".toml"); dot != std::string::npos) stem.resize(dot);
  return stem + ".h5";
}

// Where a resumed run's checkpoint and output are: --resume OUT.h5 reads OUT.h5.ckpt;
// --restart CKPT writes to -o, or to CKPT without its ".ckpt".
std::string resume_output(const RunOptions& opt) {
  if (!opt.resume.empty()) return opt.resume;
  if (!opt.output.empty()) return opt.output;
  if (opt.restart.ends_with(".ckpt")) return opt.restart.substr(0, opt.restart.size() - 5);
  throw isv::model::ConfigError("--restart " + opt.restart +
                                ": name the output with -o (the checkpoint is not OUT.h5.ckpt)");
}

// Installed before any file is created: a signal during set-up stops the run at its first
// step, with a checkpoint, like a signal at any later moment.
void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int s : {SIGINT, SIGTERM, SIGUSR1}) sigaction(s, &action, nullptr);
}

// A fresh run into OUT.h5 while OUT.h5.ckpt holds an interrupted run of it would replace that
// run's partial output: refused unless --force says to start afresh. Returns the checkpoint
// to remove once the new run's output exists (empty: none).
std::filesystem::path guard_interrupted_run(const std::string& out_path, bool force) {
  const std::filesystem::path ckpt = isv::scenarios::checkpoint_path_for(out_path);
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(ckpt, ec))) return {};
  if (!force)
    throw isv::model::ConfigError("'" + ckpt.string() + "' holds an interrupted run of '" +
                                  out_path + "': continue it with `isvsim run --resume " +
                                  out_path + "`, or pass --force to start afresh");
  isv::model::require_replaceable(ckpt, "checkpoint");
  return ckpt;
}

int run_command(const RunOptions& opt) {
  install_stop_handlers();
  if (opt.output_given && opt.output.empty())
    throw isv::model::ConfigError("-o/--output: the output file name is empty");
  std::vector<std::string> overrides = opt.overrides;
  if (opt.seed >= 0) overrides.push_back("run.seed=" + std::to_string(opt.seed));
  const bool resuming = !opt.resume.empty() || !opt.restart.empty();
  std::optional<isv::scenarios::OpenedCheckpoint> ckpt;
  if (resuming)
    ckpt.emplace(isv::scenarios::open_checkpoint(
        opt.restart.empty() ? isv::scenarios::checkpoint_path_for(opt.resume)
                            : std::filesystem::path(opt.restart),
        ISV_VERSION));
  if (opt.scenario.empty() && !ckpt)
    throw isv::model::ConfigError("run: give a scenario file, or --resume OUT.h5");
  // Without a scenario file, the checkpoint's own effective scenario runs on.
  const isv::scenarios::Scenario scenario =
      opt.scenario.empty()
          ? isv::scenarios::parse_scenario(ckpt->scenario_toml, ckpt->scenario_file, overrides)
          : isv::scenarios::load_scenario(opt.scenario, overrides);
  const int threads = opt.threads > 0 ? opt.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  const std::string out_path = resuming             ? resume_output(opt)
                               : opt.output.empty() ? default_output(opt.scenario)
                                                    : opt.output;
#ifdef ISV_WITH_CATALYST
  std::unique_ptr<isv::output::catalyst::CatalystAdaptor> catalyst;
  if (!opt.catalyst_script.empty())
    catalyst = std::make_unique<isv::output::catalyst::CatalystAdaptor>(opt.catalyst_script,
                                                                        opt.catalyst_every);
#else
  if (!opt.catalyst_script.empty())
    throw isv::model::ConfigError(
        "--catalyst: this isvsim was built without ParaView Catalyst; configure with "
        "-DISV_WITH_CATALYST=ON (see docs/paraview.md)");
#endif
  // A fresh run checks its output file before building the lesions; a resumed one reads the
  // checkpoint in order: simulation, writer position, summary.
  std::unique_ptr<isv::output::Hdf5Writer> writer;
  if (!resuming) {
    const std::filesystem::path stale = guard_interrupted_run(out_path, opt.force);
    writer = std::make_unique<isv::output::Hdf5Writer>(out_path, opt.force);
    if (!stale.empty()) std::filesystem::remove(stale);
  }
  isv::scenarios::Simulation sim(scenario);
  isv::output::RunSummary summary;
  if (ckpt) {
    if (std::filesystem::exists(out_path))
      throw isv::model::ConfigError("cannot resume: '" + out_path + "' is already complete");
    isv::scenarios::restore_checkpoint(*ckpt, sim);
    writer = std::make_unique<isv::output::Hdf5Writer>(out_path, ckpt->reader, ckpt->image,
                                                       ckpt->header.scenario_hash);
    summary.load(ckpt->reader);
  }
  isv::cli::ProgressLine progress(stderr);
  const std::filesystem::path ckpt_path = isv::scenarios::checkpoint_path_for(out_path);
  isv::scenarios::Checkpointer checkpointer(
      ckpt_path, isv::model::units::days_to_hours(opt.checkpoint_every_days), ISV_VERSION,
      [&](isv::model::CheckpointWriter& out) {
        writer->save_position(out);
        summary.save(out);
      },
      writer->part_path());
  std::vector<isv::scenarios::Observer*> observers{writer.get(), &summary};
#ifdef ISV_WITH_CATALYST
  if (catalyst) observers.push_back(catalyst.get());
#endif
  if (!opt.quiet) observers.push_back(&progress);
  observers.push_back(&checkpointer);  // last: the others are done with each step

  if (!opt.quiet)
    std::fprintf(stderr, "isvsim %s: %s, seed %lld, %d thread(s) -> %s%s\n", ISV_VERSION,
                 scenario.source_path.c_str(), static_cast<long long>(scenario.run.seed), threads,
                 out_path.c_str(), ckpt ? " (resumed)" : "");
  const auto outcome = sim.run(observers, &g_stop_requested);
  if (outcome == isv::scenarios::RunOutcome::kInterrupted) {
    std::fprintf(stderr,
                 "isvsim: interrupted at %.1f h; finished samples kept in %s.part, checkpoint "
                 "%s; continue with: isvsim run --resume %s\n",
                 sim.time_h(), out_path.c_str(), ckpt_path.c_str(), out_path.c_str());
    return kExitInterrupted;
  }
  std::printf("%s", summary.text(sim).c_str());
  std::printf("output: %s\n", out_path.c_str());
  return kExitOk;
}

int check_command(const std::string& file, const std::vector<std::string>& overrides) {
  const isv::scenarios::Scenario scenario = isv::scenarios::load_scenario(file, overrides);
  std::printf("%s", scenario.effective_toml.c_str());
  // Not part of the effective scenario: its text is the run's identity (hash, output file).
  const isv::scenarios::MemoryEstimate memory = isv::scenarios::estimate_memory(scenario);
  std::fprintf(stderr, "%s: OK (%lld steps; estimated memory: up to %s, %s at the start)\n",
               file.c_str(), static_cast<long long>(scenario.total_steps()),
               isv::scenarios::format_bytes(memory.at_capacity_bytes).c_str(),
               isv::scenarios::format_bytes(memory.at_start_bytes).c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"isvsim: in-situ vaccination immune-response simulator"};
  app.set_version_flag("--version", std::string("isvsim ") + ISV_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a scenario and write an HDF5 file");
  run_cmd->add_option("scenario", run.scenario,
                      "scenario file (TOML); optional with --resume/--restart");
  CLI::Option* output_opt =
      run_cmd->add_option("-o,--output", run.output, "output HDF5 file (default: <scenario>.h5)");
  run_cmd->add_option("--threads", run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_option("--seed", run.seed, "override run.seed")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--set", run.overrides, "override a parameter: table.key=value");
  run_cmd->add_flag("-q,--quiet", run.quiet, "no progress line or banner");
  run_cmd->add_flag("-f,--force", run.force, "overwrite an existing output file");
  run_cmd
      ->add_option("--checkpoint-every", run.checkpoint_every_days,
                   "write OUT.h5.ckpt every DAYS of simulated time (docs/checkpoint.md)")
      ->check(CLI::PositiveNumber);
  CLI::Option* resume_opt = run_cmd->add_option(
      "--resume", run.resume, "continue the interrupted run OUT.h5 from OUT.h5.ckpt");
  run_cmd->add_option("--restart", run.restart, "continue a run from this checkpoint file")
      ->excludes(resume_opt);
  CLI::Option* catalyst_opt = run_cmd->add_option(
      "--catalyst", run.catalyst_script,
      "run this ParaView Catalyst Python script in situ (builds with ISV_WITH_CATALYST=ON)");
  run_cmd
      ->add_option("--catalyst-every", run.catalyst_every,
                   "hand the lesions to the Catalyst script every N model steps (default 1)")
      ->check(CLI::Range(1LL, 1000000000LL))
      ->needs(catalyst_opt);

  std::string check_file;
  std::vector<std::string> check_overrides;
  CLI::App* check_cmd =
      app.add_subcommand("check", "validate a scenario and print its effective parameters");
  check_cmd->add_option("scenario", check_file, "scenario file (TOML)")->required();
  check_cmd->add_option("--set", check_overrides, "override a parameter: table.key=value");

  isv::cli::SweepCommands sweep(app);
  isv::cli::SensitivityCommands sensitivity(app);
  isv::cli::CalibrateCommand calibrate(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitInputError;
  }
  run.output_given = output_opt->count() > 0;
  try {
    if (*run_cmd) return run_command(run);
    if (*check_cmd) return check_command(check_file, check_overrides);
    if (sweep.selected()) return sweep.execute();
    if (sensitivity.selected()) return sensitivity.execute();
    if (calibrate.selected()) return calibrate.execute();
  } catch (const isv::model::ConfigError& e) {
    std::fprintf(stderr, "isvsim: error: %s\n", e.what());
    return kExitInputError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isvsim: error: %s\n", e.what());
    // After a failed write HDF5 keeps the file it could not close, and its exit handler would
    // crash on it (exit 139 instead of 1): every file of ours is closed or abandoned by now,
    // so leave without exit handlers.
    std::fflush(nullptr);
    std::_Exit(kExitRuntimeError);
  }
  return kExitRuntimeError;
}
