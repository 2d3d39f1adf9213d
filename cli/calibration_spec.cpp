// Calibration files and their batch sweeps (cli/calibration_spec.hpp).
#include "cli/calibration_spec.hpp"

#include <set>

#include "cli/spec_toml.hpp"
#include "model/errors.hpp"
#include "scenarios/input_file.hpp"

namespace isv::cli {
namespace {

analysis::Distribution prior_of(const toml::table& t, const std::filesystem::path& file,
                                const std::string& prefix) {
  const std::string kind = t["prior"].value_or(std::string());
  analysis::Distribution d;
  if (kind == "uniform") {
    spec_known_keys(t, {"key", "prior", "min", "max"}, file, prefix);
    d = analysis::Distribution::uniform(spec_number(t, "min", file, prefix),
                                        spec_number(t, "max", file, prefix));
  } else if (kind == "normal") {
    spec_known_keys(t, {"key", "prior", "mean", "sd"}, file, prefix);
    d = analysis::Distribution::normal(spec_number(t, "mean", file, prefix),
                                       spec_number(t, "sd", file, prefix));
  } else if (kind == "lognormal") {
    spec_known_keys(t, {"key", "prior", "median", "sigma"}, file, prefix);
    d = analysis::Distribution::lognormal(spec_number(t, "median", file, prefix),
                                          spec_number(t, "sigma", file, prefix));
  } else {
    const toml::node* n = t.get("prior");
    spec_fail(n ? *n : static_cast<const toml::node&>(t), file, prefix + "prior",
              "'" + kind +
                  "': use uniform (min, max), normal (mean, sd) or lognormal (median, "
                  "sigma)");
  }
  try {
    analysis::validate(d, "prior");
  } catch (const std::invalid_argument& e) {
    spec_fail(t, file, prefix + "prior", e.what());
  }
  return d;
}

}  // namespace

CalibrationSpec parse_calibration(std::string_view text, const std::filesystem::path& file) {
  const toml::table root = spec_parse(text, file);
  spec_known_keys(root, {"calibration", "parameter", "target"}, file, "");
  const toml::table* c = root["calibration"].as_table();
  if (c == nullptr) throw model::ConfigError(file.string() + ": [calibration] table required");
  const std::string p = "calibration.";
  spec_known_keys(*c,
                  {"base", "name", "particles", "generations", "quantile", "target_epsilon",
                   "min_acceptance", "max_proposals", "max_batch", "seed"},
                  file, p);
  CalibrationSpec spec;
  spec.file = file;
  const auto base = (*c)["base"].value<std::string>();
  if (!base) spec_fail(*c, file, p + "base", "required (the base scenario file)");
  spec.base = file.parent_path() / *base;
  spec.name = (*c)["name"].value_or(file.stem().string());
  analysis::AbcConfig& abc = spec.abc;
  abc.particles = static_cast<std::size_t>(spec_integer(*c, "particles", 100, 2, 100000, file, p));
  abc.max_generations =
      static_cast<std::size_t>(spec_integer(*c, "generations", 5, 1, 1000, file, p));
  abc.quantile = spec_optional_number(*c, "quantile", 0.5, file, p);
  if (!(abc.quantile > 0.0 && abc.quantile < 1.0)) {
    spec_fail(*c->get("quantile"), file, p + "quantile", "must lie strictly between 0 and 1");
  }
  abc.target_epsilon = spec_optional_number(*c, "target_epsilon", 0.0, file, p);
  abc.min_acceptance = spec_optional_number(*c, "min_acceptance", 0.0, file, p);
  if (abc.target_epsilon < 0.0) spec_fail(*c, file, p + "target_epsilon", "must be >= 0");
  if (abc.min_acceptance < 0.0) spec_fail(*c, file, p + "min_acceptance", "must be >= 0");
  abc.max_batch = static_cast<std::size_t>(spec_integer(*c, "max_batch", 1000, 1, 100000, file, p));
  abc.max_proposals =
      static_cast<std::size_t>(spec_integer(*c, "max_proposals", 1000000, 1, 1000000000, file, p));
  if (abc.max_proposals < abc.particles) {
    spec_fail(*c, file, p + "max_proposals", "must be at least calibration.particles");
  }
  abc.seed = static_cast<std::uint64_t>(spec_integer(*c, "seed", 1, 0, INT64_MAX, file, p));

  const toml::array* params = root["parameter"].as_array();
  if (params == nullptr || params->empty()) {
    throw model::ConfigError(file.string() + ": at least one [[parameter]] required");
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < params->size(); ++i) {
    const std::string prefix = "parameter[" + std::to_string(i) + "].";
    const toml::table* t = params->get(i)->as_table();
    if (t == nullptr)
      spec_fail(*params->get(i), file, "parameter", "must be a [[parameter]] table");
    const auto key = (*t)["key"].value<std::string>();
    if (!key || key->empty())
      spec_fail(*t, file, prefix + "key", "required (a dotted scenario key)");
    if (!keys.insert(*key).second)
      spec_fail(*t, file, prefix + "key", "'" + *key + "' given twice");
    abc.parameters.push_back({*key, prior_of(*t, file, prefix)});
  }
  const toml::array* targets = root["target"].as_array();
  if (targets == nullptr || targets->empty()) {
    throw model::ConfigError(file.string() + ": at least one [[target]] required");
  }
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const std::string prefix = "target[" + std::to_string(i) + "].";
    const toml::table* t = targets->get(i)->as_table();
    if (t == nullptr) spec_fail(*targets->get(i), file, "target", "must be a [[target]] table");
    spec_known_keys(*t, {"readout", "value", "scale"}, file, prefix);
    const auto readout = (*t)["readout"].value<std::string>();
    if (!readout || readout->empty()) {
      spec_fail(*t, file, prefix + "readout", "required (a column of summary.csv)");
    }
    const double scale = spec_optional_number(*t, "scale", 1.0, file, prefix);
    if (!(scale > 0.0)) spec_fail(*t->get("scale"), file, prefix + "scale", "must be > 0");
    spec.targets.push_back({*readout, spec_number(*t, "value", file, prefix), scale});
  }
  try {
    analysis::AbcSmc check(abc);  // the remaining rules (parameter names)
  } catch (const std::invalid_argument& e) {
    throw model::ConfigError(file.string() + ": " + e.what());
  }
  return spec;
}

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  return parse_calibration(
      scenarios::read_input_file(file, "calibration file", scenarios::kMaxScenarioFileBytes), file);
}

std::string batch_sweep_text(const CalibrationSpec& spec,
                             std::span<const analysis::AbcProposal> batch) {
  std::string s = "# Generated by `isvsim calibrate` from " + toml_string(spec.file.string()) +
                  "; one arm per proposal.\n[sweep]\n";
  s += "name = " + toml_string(spec.name) + "\n";
  s += "base = " + toml_string(std::filesystem::absolute(spec.base).lexically_normal().string()) +
       "\n";
  s += "seed = " + std::to_string(spec.abc.seed) + "\n";
  for (const analysis::AbcProposal& p : batch) {
    // The proposal's own seed: its run seed is derive_run_seed(model_seed, 0, 0, 0), so each
    // proposal has its own noise and none depends on how the generation was cut into batches.
    s += "\n[[arm]]\nname = \"q" + std::to_string(p.index) + "\"\n";
    s += "seed = " + std::to_string(p.model_seed) + "\nset = { ";
    for (std::size_t i = 0; i < p.theta.size(); ++i) {
      s += (i ? ", " : "") + toml_string(spec.abc.parameters[i].name) + " = " +
           toml_float(p.theta[i]);
    }
    s += " }\n";
  }
  return s;
}

}  // namespace isv::cli
