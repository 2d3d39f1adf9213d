// Sweep file → SweepSpec: structure, types and ranges of the sweep's own keys. Scenario keys
// are checked later against the base scenario (sweep_plan.cpp).
#include "scenarios/sweep_spec.hpp"

#include <toml++/toml.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "model/errors.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_population.hpp"
#include "scenarios/sweep_reader.hpp"
#include "scenarios/sweep_values.hpp"
#include "scenarios/toml_nesting.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;

using sweep_detail::Reader;
using sweep_detail::where;

// Array of tables `key` ([[key]]), each handed to `read` with its own Reader.
template <class F>
void for_each_entry(Reader& parent, const toml::table& root, std::string_view key,
                    const std::string& file, F&& read) {
  const toml::array* entries = parent.array(key);
  if (entries == nullptr) return;
  if (!entries->is_array_of_tables())
    parent.fail(*root.get(key), key, "expected an array of tables ([[" + std::string(key) + "]])");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const toml::table& table = *(*entries)[i].as_table();
    Reader reader(table, std::string(key) + "[" + std::to_string(i) + "]", file);
    read(reader, table);
    reader.finish();
  }
}

// Leaves of a (possibly nested) override table as dotted keys: [set] run.duration_days = 5 and
// [set] "dose[0].start_day" = 7 both work.
void flatten(const toml::table& table, const std::string& prefix, const std::string& file,
             std::vector<SweepOverride>& out) {
  for (const auto& [key, node] : table) {
    const std::string dotted =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      flatten(*sub, dotted, file, out);
      continue;
    }
    std::string text = toml_value_text(node);
    if (text.empty())
      throw ConfigError(where(node, file) + ": " + dotted + ": unsupported value type");
    out.push_back({dotted, std::move(text), {where(node, file), dotted}});
  }
}

void reject_seed_key(const std::string& key, const SweepSource& source) {
  if (key == "run.seed")
    throw ConfigError(source.where +
                      ": run.seed: run seeds are derived from [sweep] seed (use replicates "
                      "for more seeds)");
}

Distribution parse_distribution(Reader& r, const toml::node* node, const std::string& name) {
  if (name == "uniform") return Distribution::kUniform;
  if (name == "log_uniform" || name == "loguniform") return Distribution::kLogUniform;
  if (name == "normal") return Distribution::kNormal;
  if (name == "lognormal" || name == "log_normal") return Distribution::kLogNormal;
  r.fail(*node, "distribution",
         "unknown distribution '" + name + "' (allowed: uniform, log_uniform, normal, lognormal)");
}

SampledParam read_sampled(Reader& r, const toml::table& table) {
  SampledParam p;
  p.key = r.text("key", true);
  p.source = {r.source_of(*table.get("key")), p.key};
  p.distribution = parse_distribution(r, table.get("distribution"), r.text("distribution", true));
  const auto min = r.number("min"), max = r.number("max");
  const auto mean = r.number("mean"), sd = r.number("sd");
  const auto median = r.number("median"), sigma = r.number("sigma"), cv = r.number("cv");
  if (const toml::node* n = r.get("integer")) {
    auto b = n->value_exact<bool>();
    if (!b) r.fail(*n, "integer", "expected true or false");
    p.integer = *b;
  }
  p.has_min = min.has_value();
  p.has_max = max.has_value();
  p.min = min.value_or(-HUGE_VAL);
  p.max = max.value_or(HUGE_VAL);
  const auto bad = [&](const std::string& what) {
    throw ConfigError(p.source.where + ": sample '" + p.key + "': " + what);
  };
  switch (p.distribution) {
    case Distribution::kUniform:
    case Distribution::kLogUniform:
      if (!p.has_min || !p.has_max) bad("uniform and log_uniform need min and max");
      if (p.distribution == Distribution::kLogUniform && !(p.min > 0.0))
        bad("log_uniform needs min > 0");
      break;
    case Distribution::kNormal:
      if (!mean || !sd) bad("normal needs mean and sd (min/max optional: truncation)");
      if (!(*sd > 0.0)) bad("sd must be > 0");
      p.mean = *mean;
      p.sd = *sd;
      break;
    case Distribution::kLogNormal:
      if (median && sigma) {
        p.mean = *median;
        p.sd = *sigma;
      } else if (mean && cv) {
        // Arithmetic mean and coefficient of variation -> median and sigma of the log.
        p.sd = std::sqrt(std::log1p(*cv * *cv));
        p.mean = *mean * std::exp(-0.5 * p.sd * p.sd);
      } else {
        bad("lognormal needs median and sigma, or mean and cv (min/max optional: truncation)");
      }
      if (!(p.mean > 0.0) || !(p.sd > 0.0))
        bad("lognormal needs a median (mean) > 0 and sigma (cv) > 0");
      break;
  }
  if (!(p.min < p.max)) bad("min must be below max");
  return p;
}

Arm read_arm(Reader& r, const toml::table& table, const std::string& file) {
  Arm arm;
  arm.name = r.text("name", true);
  arm.source = {r.source_of(*table.get("name")), arm.name};
  if (!valid_sweep_name(arm.name))
    r.fail(*table.get("name"), "name",
           "arm name " + quoted_for_message(arm.name) + " is not allowed (use " + kSweepNameRule +
               ")");
  arm.remove = r.strings("remove");
  arm.seed = r.integer("seed", -1, 0, INT64_MAX);
  if (const toml::table* add = r.table("add")) {
    std::ostringstream s;
    s << *add;
    arm.add_toml = s.str();
  }
  if (const toml::table* set = r.table("set")) flatten(*set, "", file, arm.set);
  for (const SweepOverride& o : arm.set) reject_seed_key(o.key, o.source);
  return arm;
}

}  // namespace

SweepSpec parse_sweep(std::string_view text, const std::filesystem::path& file) {
  const std::string name = file.string();
  check_toml_nesting(text, name);
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& err) {
    std::ostringstream s;
    s << name << ':' << err.source().begin.line << ':' << err.source().begin.column
      << ": TOML syntax error: " << err.description();
    throw ConfigError(s.str());
  }
  SweepSpec spec;
  spec.file = file;
  spec.text = std::string(text);
  Reader top(root, "", name);
  const toml::table* sweep = top.table("sweep");
  if (sweep == nullptr) throw ConfigError(name + ": missing [sweep] table (base = \"...\")");
  Reader head(*sweep, "sweep", name);
  const std::string base = head.text("base", true);
  spec.base = file.parent_path() / base;
  spec.name = head.text("name", false, file.stem().string());
  if (!valid_sweep_name(spec.name)) {
    // The name becomes the Slurm job name in a batch script: nothing in it may be shell text.
    if (const toml::node* node = sweep->get("name"))
      head.fail(*node, "name",
                "sweep name " + quoted_for_message(spec.name) + " is not allowed (use " +
                    kSweepNameRule + ")");
    throw ConfigError(name + ": sweep.name: the default name " + quoted_for_message(spec.name) +
                      " (the file name) is not allowed; set [sweep] name = \"...\" (" +
                      kSweepNameRule + ")");
  }
  spec.seed = static_cast<std::uint64_t>(head.integer("seed", 1, 0, INT64_MAX));
  spec.replicates = static_cast<int>(head.integer("replicates", 1, 1, 100000));
  spec.samples = static_cast<int>(head.integer("samples", 1, 1, 1000000));
  spec.bootstrap_resamples =
      static_cast<int>(head.integer("bootstrap_resamples", 2000, 10, 1000000));
  const std::string design = head.text("design", false, "random");
  if (design == "lhs" || design == "latin_hypercube") {
    spec.design = SampleDesign::kLatinHypercube;
  } else if (design != "random") {
    head.fail(*sweep->get("design"), "design",
              "unknown design '" + design + "' (allowed: random, lhs)");
  }
  head.finish();

  if (const toml::table* set = top.table("set")) flatten(*set, "", name, spec.set);
  for (const SweepOverride& o : spec.set) reject_seed_key(o.key, o.source);

  std::set<std::string> varied;
  const auto once = [&](const std::string& key, const SweepSource& source) {
    reject_seed_key(key, source);
    if (!varied.insert(key).second)
      throw ConfigError(source.where + ": " + key + " is varied twice");
  };
  for_each_entry(top, root, "grid", name, [&](Reader& r, const toml::table& table) {
    GridAxis axis;
    axis.key = r.text("key", true);
    axis.source = {r.source_of(*table.get("key")), axis.key};
    once(axis.key, axis.source);
    const toml::array* values = r.array("values");
    if (values == nullptr || values->empty())
      throw ConfigError(axis.source.where + ": grid '" + axis.key + "' needs a non-empty values");
    for (const toml::node& v : *values) {
      std::string t = toml_value_text(v);
      if (t.empty()) r.fail(v, "values", "unsupported value type");
      axis.values.push_back(std::move(t));
    }
    spec.grid.push_back(std::move(axis));
  });
  for_each_entry(top, root, "sample", name, [&](Reader& r, const toml::table& table) {
    SampledParam p = read_sampled(r, table);
    once(p.key, p.source);
    spec.sampled.push_back(std::move(p));
  });
  for_each_entry(top, root, "arm", name, [&](Reader& r, const toml::table& table) {
    Arm arm = read_arm(r, table, name);
    for (const Arm& other : spec.arms)
      if (other.name == arm.name)
        throw ConfigError(arm.source.where + ": arm '" + arm.name + "' is declared twice");
    spec.arms.push_back(std::move(arm));
  });
  if (spec.arms.empty()) spec.arms.push_back(Arm{"base", {}, {}, {}, -1, {name, "arm"}});
  for_each_entry(top, root, "synergy", name, [&](Reader& r, const toml::table& table) {
    SynergySpec s;
    s.combination = r.text("combination", true);
    s.source = {r.source_of(*table.get("combination")), "synergy"};
    const std::vector<std::string> mono = r.strings("monotherapies");
    if (mono.size() != 2)
      throw ConfigError(s.source.where + ": synergy needs monotherapies = [\"A\", \"B\"]");
    s.mono_a = mono[0];
    s.mono_b = mono[1];
    for (const std::string& arm : {s.combination, s.mono_a, s.mono_b}) {
      bool known = false;
      for (const Arm& a : spec.arms) known = known || a.name == arm;
      if (!known) throw ConfigError(s.source.where + ": synergy names unknown arm '" + arm + "'");
    }
    spec.synergy.push_back(std::move(s));
  });
  if (const toml::table* population = top.table("population")) {
    if (const toml::node* samples = sweep->get("samples"))
      head.fail(*samples, "samples",
                "the patients come from [population]; set population.patients instead");
    read_population_table(*population, spec);
  }
  top.finish();
  if (spec.sampled.empty() && spec.samples > 1)
    throw ConfigError(name + ": sweep.samples > 1 needs [[sample]] parameters to draw");
  return spec;
}

SweepSpec load_sweep(const std::filesystem::path& file) {
  return parse_sweep(read_input_file(file, "sweep file", kMaxScenarioFileBytes), file);
}

}  // namespace isv::scenarios
