// Sensitivity subcommands (see sensitivity_commands.hpp).
#include "cli/sensitivity_commands.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/priors.hpp"
#include "cli/analysis_files.hpp"
#include "cli/sensitivity_spec.hpp"
#include "model/errors.hpp"
#include "model/safe_file.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_dir.hpp"
#include "scenarios/sweep_plan.hpp"

namespace isv::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSpecCopy = "sensitivity.toml";

}  // namespace

SensitivityCommands::SensitivityCommands(CLI::App& app) {
  top_ = app.add_subcommand("sensitivity",
                            "global sensitivity analysis (Sobol indices, Morris screening) "
                            "over a sweep");
  top_->require_subcommand(1);
  plan_ = top_->add_subcommand("plan", "write the design of a sensitivity file as sweep DIR");
  plan_->add_option("file", spec_file_, "sensitivity file (TOML)")->required();
  plan_->add_option("-o,--output", dir_, "sweep directory")->required();
  report_ = top_->add_subcommand("report", "indices from a run and gathered DIR: DIR/indices.csv");
  report_->add_option("dir", dir_, "sweep directory planned by `sensitivity plan`")->required();
  report_->add_option("--readout", readout_, "summary.csv column to analyse (e.g. shrinkage)")
      ->required();
}

int SensitivityCommands::execute() const { return plan_->parsed() ? plan() : report(); }

int SensitivityCommands::plan() const {
  const SensitivitySpec spec = load_sensitivity(spec_file_);
  SensitivityDesign design;
  try {
    design = make_design(spec);
  } catch (const std::invalid_argument& e) {
    throw model::ConfigError(spec_file_ + ": " + e.what());
  }
  const std::string text = design_sweep_text(spec, design);
  const fs::path generated = fs::path(dir_) / "sweep.toml";
  scenarios::SweepPlan plan;
  scenarios::SweepSpec sweep;
  try {
    sweep = scenarios::parse_sweep(text, generated);
    plan = scenarios::plan_sweep(sweep);
  } catch (const model::ConfigError& e) {
    // The generated sweep's own position means nothing to the user: name the [[input]].
    std::string what = e.what();
    if (what.starts_with(generated.string() + ":")) what = what.substr(what.find(": ") + 2);
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      if (what.find(spec.inputs[i].name) != std::string::npos) {
        throw model::ConfigError(spec.input_where[i] + ": input[" + std::to_string(i) +
                                 "].key: the base scenario refuses it: " + what);
      }
    }
    throw model::ConfigError(spec_file_ + ": the design sweep was refused: " + what);
  }
  const auto outcome = scenarios::write_sweep_dir(dir_, sweep, plan);
  write_text_file(fs::path(dir_) / kSpecCopy, spec.text, "sensitivity file copy");
  std::printf("%s: %zu design rows, %zu distinct points x %d replicate(s) = %zu samples %s %s\n",
              spec_file_.c_str(), design.rows, design.points.size(), spec.replicates,
              plan.samples.size(),
              outcome == scenarios::PlanOutcome::kCreated ? "planned into" : "already planned in",
              dir_.c_str());
  return 0;
}

int SensitivityCommands::report() const {
  const fs::path dir(dir_);
  const SensitivitySpec spec =
      parse_sensitivity(scenarios::read_input_file(dir / kSpecCopy, "sensitivity file copy",
                                                   scenarios::kMaxScenarioFileBytes),
                        dir / kSpecCopy);
  const SensitivityDesign design = make_design(spec);
  const scenarios::Manifest manifest = scenarios::read_manifest(dir);
  const std::vector<double> values = gathered_readout(dir, readout_, manifest.rows.size());
  // Mean over replicates of each distinct point (arm "pNNNNN").
  std::vector<double> sum(design.points.size(), 0.0);
  std::vector<int> count(design.points.size(), 0);
  std::size_t missing = 0;
  std::string first_missing;
  for (const scenarios::ManifestRow& row : manifest.rows) {
    std::size_t point = 0;
    const auto r = std::from_chars(row.arm.data() + 1, row.arm.data() + row.arm.size(), point);
    if (row.arm.empty() || row.arm[0] != 'p' || r.ec != std::errc() ||
        point >= design.points.size()) {
      throw model::ConfigError(dir.string() + ": arm '" + row.arm +
                               "' is not a point of this design; was DIR planned by "
                               "`isvsim sensitivity plan`?");
    }
    const double v = values[static_cast<std::size_t>(row.index)];
    if (std::isnan(v)) {
      if (missing++ == 0) first_missing = scenarios::sample_stem(row.index);
      continue;
    }
    sum[point] += v;
    ++count[point];
  }
  if (missing > 0) {
    throw model::ConfigError(dir.string() + ": " + std::to_string(missing) + " of " +
                             std::to_string(manifest.rows.size()) + " samples have no '" +
                             readout_ + "' (first: " + first_missing +
                             "); run `isvsim sweep run` and `isvsim sweep gather` on it again");
  }
  std::vector<double> outputs(design.rows);
  for (std::size_t r = 0; r < design.rows; ++r) {
    const std::size_t p = design.point_of_row[r];
    outputs[r] = sum[p] / count[p];
  }
  std::string csv;
  using analysis::exact_decimal;
  if (spec.method == SensitivityMethod::kSobol) {
    const analysis::SobolResult res = analysis::sobol_indices(design.sobol, spec.inputs, outputs,
                                                              spec.bootstrap_resamples, spec.seed);
    csv = "input,S1,S1_lower,S1_upper,ST,ST_lower,ST_upper\n";
    std::printf("%-40s %8s %19s %8s %19s\n", "input", "S1", "95% interval", "ST", "95% interval");
    for (const analysis::SobolIndex& i : res.indices) {
      csv += i.name + "," + exact_decimal(i.first_order.estimate) + "," +
             exact_decimal(i.first_order.lower) + "," + exact_decimal(i.first_order.upper) + "," +
             exact_decimal(i.total.estimate) + "," + exact_decimal(i.total.lower) + "," +
             exact_decimal(i.total.upper) + "\n";
      std::printf("%-40s %8.4f [%8.4f, %8.4f] %8.4f [%8.4f, %8.4f]\n", i.name.c_str(),
                  i.first_order.estimate, i.first_order.lower, i.first_order.upper,
                  i.total.estimate, i.total.lower, i.total.upper);
    }
  } else {
    const std::vector<analysis::MorrisIndex> res =
        analysis::morris_indices(design.morris, spec.inputs, outputs);
    csv = "input,mu,mu_star,sigma\n";
    std::printf("%-40s %12s %12s %12s\n", "input", "mu", "mu*", "sigma");
    for (const analysis::MorrisIndex& i : res) {
      csv += i.name + "," + exact_decimal(i.mu) + "," + exact_decimal(i.mu_star) + "," +
             exact_decimal(i.sigma) + "\n";
      std::printf("%-40s %12.5g %12.5g %12.5g\n", i.name.c_str(), i.mu, i.mu_star, i.sigma);
    }
  }
  write_text_file(dir / "indices.csv", csv, "sensitivity indices");
  std::printf("read-out %s: %s\n", readout_.c_str(), (dir / "indices.csv").c_str());
  return 0;
}

}  // namespace isv::cli
