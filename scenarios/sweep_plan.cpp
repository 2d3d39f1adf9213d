// Sweep expansion and validation through the scenario loader (see sweep_plan.hpp).
#include "scenarios/sweep_plan.hpp"

#include <toml++/toml.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/sweep_population.hpp"
#include "scenarios/sweep_sampling.hpp"
#include "scenarios/sweep_values.hpp"
#include "scenarios/toml_nesting.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;

std::string read_text(const std::filesystem::path& file, const SweepSpec& spec) {
  try {
    return read_input_file(file, "base scenario", kMaxScenarioFileBytes);
  } catch (const ConfigError& e) {
    throw ConfigError(spec.file.string() + ": sweep.base: " + e.what());
  }
}

std::vector<std::string> as_set_args(const std::vector<SweepOverride>& overrides) {
  std::vector<std::string> out;
  out.reserve(overrides.size());
  for (const SweepOverride& o : overrides) out.push_back(o.key + "=" + o.value);
  return out;
}

// Loads text + overrides; on failure names the override that fails on its own (its sweep
// line), else the combination (`context`).
Scenario load_or_explain(const std::string& text, const std::string& name,
                         const std::vector<SweepOverride>& overrides, const SweepSpec& spec,
                         const std::string& context) {
  try {
    const std::vector<std::string> args = as_set_args(overrides);
    return parse_scenario(text, name, args);
  } catch (const ConfigError& combined) {
    for (const SweepOverride& o : overrides) {
      try {
        const std::vector<std::string> one{o.key + "=" + o.value};
        parse_scenario(text, name, one);
      } catch (const ConfigError& alone) {
        throw ConfigError(o.source.where + ": " + o.key + " = " + o.value + " (" + context +
                          "): " + alone.what());
      }
    }
    throw ConfigError(spec.file.string() + ": " + context + ": " + combined.what());
  } catch (const model::ScenarioError& e) {
    throw ConfigError(spec.file.string() + ": " + context + ": " + e.what());
  }
}

// Navigates a dotted table path ("lesions.met"), nullptr if absent.
toml::table* find_table(toml::table& root, std::string_view path) {
  toml::table* t = &root;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string part(path.substr(0, dot));
    t = (*t)[part].as_table();
    if (t == nullptr) return nullptr;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return t;
}

void remove_entry(toml::table& root, const std::string& what, const Arm& arm) {
  const auto fail = [&](const std::string& why) {
    throw ConfigError(arm.source.where + ": arm '" + arm.name + "': remove '" + what + "': " + why);
  };
  const auto dot = what.rfind('.');
  std::string leaf = dot == std::string::npos ? what : what.substr(dot + 1);
  toml::table* parent = dot == std::string::npos ? &root : find_table(root, what.substr(0, dot));
  if (parent == nullptr) fail("no such table in the base scenario");
  if (const auto open = leaf.find('['); open != std::string::npos && leaf.back() == ']') {
    const std::string name = leaf.substr(0, open);
    toml::array* array = (*parent)[name].as_array();
    std::size_t index = 0;
    try {
      index = std::stoul(leaf.substr(open + 1, leaf.size() - open - 2));
    } catch (const std::exception&) {
      fail("bad index");
    }
    if (array == nullptr || index >= array->size()) fail("no such entry in the base scenario");
    array->erase(array->begin() + static_cast<std::ptrdiff_t>(index));
    return;
  }
  if (!parent->contains(leaf)) fail("no such table or key in the base scenario");
  parent->erase(leaf);
}

// Deep merge: tables merge, arrays of tables append, anything else is set.
void merge(toml::table& into, const toml::table& from) {
  for (const auto& [key, node] : from) {
    toml::node* existing = into.get(key);
    if (existing != nullptr && existing->is_table() && node.is_table()) {
      merge(*existing->as_table(), *node.as_table());
    } else if (existing != nullptr && existing->is_array_of_tables() && node.is_array_of_tables()) {
      for (const toml::node& item : *node.as_array()) existing->as_array()->push_back(item);
    } else {
      into.insert_or_assign(key, node);
    }
  }
}

}  // namespace

std::string arm_scenario_text(const std::string& base_text, const std::string& base_name,
                              const Arm& arm) {
  if (arm.remove.empty() && arm.add_toml.empty()) return base_text;
  check_toml_nesting(base_text, base_name);
  toml::table root;
  try {
    root = toml::parse(base_text, base_name);
  } catch (const toml::parse_error& err) {
    std::ostringstream s;
    s << base_name << ':' << err.source().begin.line
      << ": TOML syntax error: " << err.description();
    throw ConfigError(s.str());
  }
  for (const std::string& what : arm.remove) remove_entry(root, what, arm);
  if (!arm.add_toml.empty()) merge(root, toml::parse(arm.add_toml, arm.source.where));
  std::ostringstream out;
  out << "# " << base_name << " with arm '" << arm.name << "' applied (remove/add)\n"
      << root << "\n";
  return out.str();
}

SweepPlan plan_sweep(const SweepSpec& sweep, std::uint64_t max_samples) {
  // With a population, the patients are its selected rows (read first: it sets their number).
  SweepPatients population;
  SweepSpec spec = sweep;
  if (spec.has_population) {
    population = load_sweep_population(spec);
    spec.samples = static_cast<int>(population.patients.size());
    for (std::size_t c = 0; c < population.keys.size(); ++c) {
      const SweepOverride& first = population.header[c];
      for (const GridAxis& axis : spec.grid)
        if (axis.key == first.key)
          throw ConfigError(first.source.where + ": " + first.key +
                            " is varied twice (also [[grid]] at " + axis.source.where + ")");
      for (const SampledParam& p : spec.sampled)
        if (p.key == first.key)
          throw ConfigError(first.source.where + ": " + first.key +
                            " is varied twice (also [[sample]] at " + p.source.where + ")");
    }
  }
  check_sweep_size(spec, max_samples);  // first: the loops below build every sample in memory
  const std::string base_name = spec.base.string();
  const std::string base_text = read_text(spec.base, spec);
  SweepPlan plan;
  for (const GridAxis& axis : spec.grid) plan.columns.push_back(axis.key);
  for (const SampledParam& p : spec.sampled) plan.columns.push_back(p.key);
  if (spec.has_population) {
    plan.columns.push_back(kPopulationRowColumn);
    for (const std::string& key : population.keys) plan.columns.push_back(key);
  }

  // 1. Each arm alone, each grid value alone, each sampling bound alone: the first error
  // names the one sweep line responsible.
  std::vector<std::string> arm_texts;
  for (const Arm& arm : spec.arms) {
    plan.arm_names.push_back(arm.name);
    arm_texts.push_back(arm_scenario_text(base_text, base_name, arm));
    std::vector<SweepOverride> fixed = spec.set;
    fixed.insert(fixed.end(), arm.set.begin(), arm.set.end());
    load_or_explain(arm_texts.back(), base_name, fixed, spec, "arm '" + arm.name + "'");
  }
  for (std::size_t arm = 0; arm < spec.arms.size(); ++arm) {
    const std::string in_arm = " in arm '" + spec.arms[arm].name + "'";
    for (const GridAxis& axis : spec.grid)
      for (const std::string& value : axis.values)
        load_or_explain(arm_texts[arm], base_name, {{axis.key, value, axis.source}}, spec,
                        "grid value" + in_arm);
    for (const SampledParam& p : spec.sampled)
      for (const double u : {1e-6, 0.5, 1.0 - 1e-6}) {
        const double v = sampled_value(p, u);
        const std::string text =
            p.integer ? std::to_string(static_cast<std::int64_t>(v)) : float_text(v);
        load_or_explain(arm_texts[arm], base_name, {{p.key, text, p.source}}, spec,
                        "sampled value at quantile " + float_text(u) + in_arm);
      }
    if (spec.has_population)  // each column alone at its first patient's value: is it a key?
      for (std::size_t c = 0; c < population.keys.size(); ++c) {
        SweepOverride o = population.header[c];
        o.value = population.patients.front().overrides[c].value;
        load_or_explain(arm_texts[arm], base_name, {o}, spec,
                        "population column, first patient" + in_arm);
      }
  }

  // 2. Every sample.
  const std::vector<std::vector<double>> draws = draw_sampled_values(spec);
  const auto points = static_cast<std::int64_t>(sweep_size(spec).grid_points.exact);
  for (std::int64_t point = 0; point < points; ++point) {
    std::vector<SweepOverride> grid_set;
    std::vector<std::string> grid_values;
    std::int64_t rest = point;  // the last axis varies fastest
    grid_set.resize(spec.grid.size());
    for (std::size_t a = spec.grid.size(); a-- > 0;) {
      const GridAxis& axis = spec.grid[a];
      const auto n = static_cast<std::int64_t>(axis.values.size());
      grid_set[a] = {axis.key, axis.values[static_cast<std::size_t>(rest % n)], axis.source};
      rest /= n;
    }
    for (std::int64_t patient = 0; patient < spec.samples; ++patient) {
      std::vector<SweepOverride> sample_set;
      for (std::size_t k = 0; k < spec.sampled.size(); ++k) {
        const SampledParam& p = spec.sampled[k];
        const double v = draws[static_cast<std::size_t>(patient)][k];
        sample_set.push_back(
            {p.key, p.integer ? std::to_string(static_cast<std::int64_t>(v)) : float_text(v),
             p.source});
      }
      std::vector<std::string> sample_values;
      for (const SweepOverride& o : sample_set) sample_values.push_back(o.value);
      if (spec.has_population) {
        const PopulationPatient& from = population.patients[static_cast<std::size_t>(patient)];
        sample_values.push_back(std::to_string(from.row));
        for (const SweepOverride& o : from.overrides) {
          sample_set.push_back(o);
          sample_values.push_back(o.value);
        }
      }
      for (std::int64_t rep = 0; rep < spec.replicates; ++rep) {
        for (std::size_t arm = 0; arm < spec.arms.size(); ++arm) {
          // Arms share the sweep's seed (paired), unless an arm has its own master seed.
          const std::int64_t own = spec.arms[arm].seed;
          const std::uint64_t seed = model::derive_run_seed(
              own >= 0 ? static_cast<std::uint64_t>(own) : spec.seed,
              static_cast<std::uint64_t>(point), static_cast<std::uint64_t>(patient),
              static_cast<std::uint64_t>(rep));
          PlannedSample s;
          s.index = static_cast<std::int64_t>(plan.samples.size());
          s.arm = arm;
          s.point = point;
          s.patient = patient;
          s.replicate = rep;
          s.seed = seed;
          std::vector<SweepOverride> all = spec.set;
          all.insert(all.end(), grid_set.begin(), grid_set.end());
          all.insert(all.end(), sample_set.begin(), sample_set.end());
          all.insert(all.end(), spec.arms[arm].set.begin(), spec.arms[arm].set.end());
          for (const SweepOverride& o : grid_set) s.values.push_back(o.value);
          s.values.insert(s.values.end(), sample_values.begin(), sample_values.end());
          all.push_back({"run.seed", std::to_string(seed), {spec.file.string(), "sweep.seed"}});
          const Scenario sc = load_or_explain(
              arm_texts[arm], base_name, all, spec,
              "sample " + std::to_string(s.index) + ", arm '" + spec.arms[arm].name + "'");
          s.scenario_toml = sc.effective_toml;
          s.hash = model::fnv1a64(s.scenario_toml);
          plan.samples.push_back(std::move(s));
        }
      }
    }
  }

  // 3. The effective text must stand for the scenario: it must read back to itself, and arms
  // must differ (an arm whose change the effective text does not show would run as another).
  for (std::size_t arm = 0; arm < spec.arms.size(); ++arm) {
    const PlannedSample& s = plan.samples[arm];
    const Scenario again = parse_scenario(s.scenario_toml, "effective scenario");
    if (again.effective_toml != s.scenario_toml)
      throw model::ScenarioError("sweep: the effective scenario of arm '" + spec.arms[arm].name +
                                 "' does not read back to itself (describe_scenario is missing "
                                 "a parameter); refusing to plan");
    for (std::size_t other = 0; other < arm; ++other)
      if (plan.samples[other].hash == s.hash)
        throw ConfigError(spec.arms[arm].source.where + ": arms '" + spec.arms[other].name +
                          "' and '" + spec.arms[arm].name + "' give the same scenario");
  }
  return plan;
}

}  // namespace isv::scenarios
