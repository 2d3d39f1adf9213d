// The isvsim command line: `run`, `check`, `--version`. Errors print one line and exit non-zero.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "cli/progress.hpp"
#include "cli/sweep_commands.hpp"
#include "model/errors.hpp"
#include "output/hdf5_writer.hpp"
#include "output/summary.hpp"
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
constexpr int kExitInterrupted = 3;

// Set by SIGINT/SIGTERM: the run ends after the current step and keeps its finished output.
std::atomic<bool> g_stop_requested{false};  // the one global: signal handlers need it
extern "C" void request_stop(int /*signal*/) { g_stop_requested.store(true); }

struct RunOptions {
  std::string scenario;
  std::string output;
  int threads = 0;
  long long seed = -1;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool force = false;
  std::string catalyst_script;  // ParaView Catalyst Python script, empty for none
  long long catalyst_every = 1;
};

std::string default_output(const std::string& scenario) {
  std::string stem = scenario;
  if (const auto slash = stem.find_last_of('/'); slash != std::string::npos)
    stem = stem.substr(slash + 1);
  if (const auto dot = stem.rfind(".toml"); dot != std::string::npos) stem.resize(dot);
  return stem + ".h5";
}

int run_command(const RunOptions& opt) {
  std::vector<std::string> overrides = opt.overrides;
  if (opt.seed >= 0) overrides.push_back("run.seed=" + std::to_string(opt.seed));
  const isv::scenarios::Scenario scenario = isv::scenarios::load_scenario(opt.scenario, overrides);
  const int threads = opt.threads > 0 ? opt.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  const std::string out_path = opt.output.empty() ? default_output(opt.scenario) : opt.output;
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
  isv::output::Hdf5Writer writer(out_path, opt.force);
  isv::cli::ProgressLine progress(stderr);
  isv::output::RunSummary summary;
  std::vector<isv::scenarios::Observer*> observers{&writer, &summary};
#ifdef ISV_WITH_CATALYST
  if (catalyst) observers.push_back(catalyst.get());
#endif
  if (!opt.quiet) observers.push_back(&progress);

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  if (!opt.quiet)
    std::fprintf(stderr, "isvsim %s: %s, seed %lld, %d thread(s) -> %s\n", ISV_VERSION,
                 opt.scenario.c_str(), static_cast<long long>(scenario.run.seed), threads,
                 out_path.c_str());
  isv::scenarios::Simulation sim(scenario);
  const auto outcome = sim.run(observers, &g_stop_requested);
  if (outcome == isv::scenarios::RunOutcome::kInterrupted) {
    std::fprintf(stderr, "isvsim: interrupted at %.1f h; finished samples kept in %s.part\n",
                 sim.time_h(), out_path.c_str());
    return kExitInterrupted;
  }
  std::printf("%s", summary.text(sim).c_str());
  std::printf("output: %s\n", out_path.c_str());
  return kExitOk;
}

int check_command(const std::string& file, const std::vector<std::string>& overrides) {
  const isv::scenarios::Scenario scenario = isv::scenarios::load_scenario(file, overrides);
  std::printf("%s", scenario.effective_toml.c_str());
  std::fprintf(stderr, "%s: OK (%lld steps)\n", file.c_str(),
               static_cast<long long>(scenario.total_steps()));
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"isvsim: in-situ vaccination immune-response simulator"};
  app.set_version_flag("--version", std::string("isvsim ") + ISV_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a scenario and write an HDF5 file");
  run_cmd->add_option("scenario", run.scenario, "scenario file (TOML)")->required();
  run_cmd->add_option("-o,--output", run.output, "output HDF5 file (default: <scenario>.h5)");
  run_cmd->add_option("--threads", run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_option("--seed", run.seed, "override run.seed")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--set", run.overrides, "override a parameter: table.key=value");
  run_cmd->add_flag("-q,--quiet", run.quiet, "no progress line or banner");
  run_cmd->add_flag("-f,--force", run.force, "overwrite an existing output file");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitInputError;
  }
  try {
    if (*run_cmd) return run_command(run);
    if (*check_cmd) return check_command(check_file, check_overrides);
    if (sweep.selected()) return sweep.execute();
  } catch (const isv::model::ConfigError& e) {
    std::fprintf(stderr, "isvsim: error: %s\n", e.what());
    return kExitInputError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isvsim: error: %s\n", e.what());
    return kExitRuntimeError;
  }
  return kExitRuntimeError;
}
