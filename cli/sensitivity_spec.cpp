// Sensitivity files and their design sweeps (cli/sensitivity_spec.hpp).
#include "cli/sensitivity_spec.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "model/errors.hpp"
#include "scenarios/input_file.hpp"

namespace isv::cli {
namespace {

std::string where(const toml::node& node, const std::filesystem::path& file) {
  const toml::source_region& src = node.source();
  std::string s = file.string();
  if (src.begin.line > 0) {
    s += ':';
    s += std::to_string(src.begin.line);
    s += ':';
    s += std::to_string(src.begin.column);
  }
  return s;
}

[[noreturn]] void fail(const toml::node& node, const std::filesystem::path& file,
                       const std::string& key, const std::string& what) {
  throw model::ConfigError(where(node, file) + ": " + key + ": " + what);
}

void known_keys(const toml::table& t, const std::set<std::string>& allowed,
                const std::filesystem::path& file, const std::string& prefix) {
  for (const auto& [k, v] : t) {
    if (!allowed.contains(std::string(k.str()))) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(v, file, prefix + std::string(k.str()), "unknown key (allowed: " + list + ")");
    }
  }
}

double number(const toml::table& t, const char* key, const std::filesystem::path& file,
              const std::string& prefix) {
  const toml::node* n = t.get(key);
  if (n == nullptr) fail(t, file, prefix + key, "required");
  const auto v = n->value<double>();
  if (!v || !std::isfinite(*v)) fail(*n, file, prefix + key, "must be a finite number");
  return *v;
}

std::int64_t integer(const toml::table& t, const char* key, std::int64_t fallback, std::int64_t lo,
                     std::int64_t hi, const std::filesystem::path& file) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fallback;
  const auto v = n->as_integer();
  if (v == nullptr || v->get() < lo || v->get() > hi) {
    fail(*n, file, std::string("sensitivity.") + key,
         "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v->get();
}

// A TOML float literal that reads back to exactly `x`.
std::string toml_float(double x) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string s(buffer, r.ptr);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

SensitivitySpec parse_sensitivity(std::string_view text, const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw model::ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                             std::to_string(e.source().begin.column) + ": " +
                             std::string(e.description()));
  }
  known_keys(root, {"sensitivity", "input"}, file, "");
  const toml::table* s = root["sensitivity"].as_table();
  if (s == nullptr) throw model::ConfigError(file.string() + ": [sensitivity] table required");
  known_keys(
      *s,
      {"base", "name", "method", "samples", "levels", "seed", "replicates", "bootstrap_resamples"},
      file, "sensitivity.");
  SensitivitySpec spec;
  spec.file = file;
  spec.text = std::string(text);
  const auto base = (*s)["base"].value<std::string>();
  if (!base) fail(*s, file, "sensitivity.base", "required (the base scenario file)");
  spec.base = file.parent_path() / *base;
  spec.name = (*s)["name"].value_or(file.stem().string());
  const std::string method = (*s)["method"].value_or(std::string("sobol"));
  if (method == "morris") {
    spec.method = SensitivityMethod::kMorris;
  } else if (method != "sobol") {
    fail(*s->get("method"), file, "sensitivity.method", "'" + method + "': use sobol or morris");
  }
  if (s->get("samples") == nullptr) {
    fail(*s, file, "sensitivity.samples",
         "required (Sobol: base sample size N, N (k + 2) runs; Morris: trajectories r)");
  }
  spec.samples = static_cast<std::size_t>(integer(*s, "samples", 0, 2, 1 << 20, file));
  spec.levels = static_cast<int>(integer(*s, "levels", 4, 2, 1000, file));
  if (spec.levels % 2 != 0) fail(*s->get("levels"), file, "sensitivity.levels", "must be even");
  spec.seed = static_cast<std::uint64_t>(integer(*s, "seed", 1, 0, INT64_MAX, file));
  spec.replicates = static_cast<int>(integer(*s, "replicates", 1, 1, 1000, file));
  spec.bootstrap_resamples =
      static_cast<int>(integer(*s, "bootstrap_resamples", 1000, 1, 100000, file));

  const toml::array* inputs = root["input"].as_array();
  if (inputs == nullptr || inputs->empty()) {
    throw model::ConfigError(file.string() + ": at least one [[input]] required");
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < inputs->size(); ++i) {
    const std::string prefix = "input[" + std::to_string(i) + "].";
    const toml::table* t = inputs->get(i)->as_table();
    if (t == nullptr) fail(*inputs->get(i), file, "input", "must be a table ([[input]])");
    known_keys(*t, {"key", "min", "max"}, file, prefix);
    const auto key = (*t)["key"].value<std::string>();
    if (!key || key->empty()) fail(*t, file, prefix + "key", "required (a dotted scenario key)");
    if (!keys.insert(*key).second) fail(*t, file, prefix + "key", "'" + *key + "' given twice");
    const double lo = number(*t, "min", file, prefix);
    const double hi = number(*t, "max", file, prefix);
    if (!(lo < hi)) fail(*t->get("max"), file, prefix + "max", "must be greater than min");
    spec.inputs.push_back({*key, lo, hi});
    spec.input_where.push_back(where(*t, file));
  }
  return spec;
}

SensitivitySpec load_sensitivity(const std::filesystem::path& file) {
  return parse_sensitivity(
      scenarios::read_input_file(file, "sensitivity file", scenarios::kMaxScenarioFileBytes), file);
}

SensitivityDesign make_design(const SensitivitySpec& spec) {
  SensitivityDesign d;
  const std::size_t k = spec.inputs.size();
  std::vector<double> all;
  if (spec.method == SensitivityMethod::kSobol) {
    d.sobol = analysis::saltelli_design(spec.inputs, spec.samples);
    all = d.sobol.points;
  } else {
    d.morris = analysis::morris_design(spec.inputs, spec.samples, spec.levels, spec.seed);
    all = d.morris.points;
  }
  d.rows = all.size() / k;
  std::map<std::vector<double>, std::size_t> seen;
  for (std::size_t r = 0; r < d.rows; ++r) {
    std::vector<double> row(all.begin() + static_cast<std::ptrdiff_t>(r * k),
                            all.begin() + static_cast<std::ptrdiff_t>((r + 1) * k));
    const auto [it, inserted] = seen.emplace(row, d.points.size());
    if (inserted) d.points.push_back(std::move(row));
    d.point_of_row.push_back(it->second);
  }
  return d;
}

std::string point_arm_name(std::size_t point) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "p%05zu", point);
  return buffer;
}

std::string design_sweep_text(const SensitivitySpec& spec, const SensitivityDesign& design) {
  std::string s = "# Generated by `isvsim sensitivity plan` from " +
                  toml_string(spec.file.string()) + "; one arm per design point.\n[sweep]\n";
  s += "name = " + toml_string(spec.name) + "\n";
  s += "base = " + toml_string(std::filesystem::absolute(spec.base).lexically_normal().string()) +
       "\n";
  s += "seed = " + std::to_string(spec.seed) + "\n";
  s += "replicates = " + std::to_string(spec.replicates) + "\n";
  for (std::size_t p = 0; p < design.points.size(); ++p) {
    s += "\n[[arm]]\nname = \"" + point_arm_name(p) + "\"\nset = { ";
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      s += (i ? ", " : "") + toml_string(spec.inputs[i].name) + " = " +
           toml_float(design.points[p][i]);
    }
    s += " }\n";
  }
  return s;
}

}  // namespace isv::cli
