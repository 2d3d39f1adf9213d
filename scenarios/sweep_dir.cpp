// Sweep directory layout, manifest writing and reading (see sweep_dir.hpp).
#include "scenarios/sweep_dir.hpp"

#include <toml++/toml.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_values.hpp"
#include "scenarios/toml_nesting.hpp"

namespace isv::scenarios {
namespace fs = std::filesystem;
using model::ConfigError;
using model::IoError;

std::string sample_stem(std::int64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%05lld", static_cast<long long>(index));
  return buf;
}

fs::path SweepDir::scenario(std::int64_t i) const {
  return root_ / "scenarios" / (sample_stem(i) + ".toml");
}
fs::path SweepDir::run(std::int64_t i) const { return root_ / "runs" / (sample_stem(i) + ".h5"); }
fs::path SweepDir::lock(std::int64_t i) const {
  return root_ / "runs" / (sample_stem(i) + ".lock");
}
fs::path SweepDir::checkpoint(std::int64_t i) const {
  return root_ / "runs" / (sample_stem(i) + ".h5.ckpt");
}
fs::path SweepDir::failure(std::int64_t i) const {
  return root_ / "failures" / (sample_stem(i) + ".txt");
}
fs::path SweepDir::log(std::int64_t i) const { return root_ / "logs" / (sample_stem(i) + ".log"); }

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

namespace {

std::string manifest_text(const SweepPlan& plan) {
  std::ostringstream out;
  out << "index,arm,point,patient,replicate,seed,hash";
  for (const std::string& c : plan.columns) out << ',' << csv_field(c);
  out << '\n';
  for (const PlannedSample& s : plan.samples) {
    out << s.index << ',' << plan.arm_names[s.arm] << ',' << s.point << ',' << s.patient << ','
        << s.replicate << ',' << s.seed << ',' << hex64(s.hash);
    for (const std::string& v : s.values) out << ',' << csv_field(v);
    out << '\n';
  }
  return out.str();
}

// Writes `text` to `path` via a temporary file and a rename, so readers never see half a file.
void write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw IoError("cannot write '" + tmp.string() + "'");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw IoError("cannot rename '" + tmp.string() + "': " + ec.message());
}

// A manifest row is about 100 bytes: this holds far more than the largest allowed sweep.
constexpr std::uintmax_t kMaxManifestBytes = std::uintmax_t{1} << 30;

std::string read_file(const fs::path& path) {
  return read_input_file(path, "sweep manifest", kMaxManifestBytes);
}

}  // namespace

PlanOutcome write_sweep_dir(const fs::path& dir, const SweepSpec& spec, const SweepPlan& plan) {
  const SweepDir d(dir);
  const std::string manifest = manifest_text(plan);
  const std::string sweep_hash = hex64(model::fnv1a64(spec.text));
  const std::string plan_hash = hex64(model::fnv1a64(manifest));
  if (fs::exists(d.plan_file())) {
    const Manifest old = read_manifest(dir);
    if (old.plan_hash == plan_hash && old.sweep_hash == sweep_hash) return PlanOutcome::kUnchanged;
    const std::string why = old.sweep_hash != sweep_hash
                                ? "from a different sweep file ('" + old.sweep_file.string() +
                                      "', hash " + old.sweep_hash + ", this one " + sweep_hash + ")"
                                : "from this sweep file, but its samples changed (base scenario "
                                  "or isvsim defaults changed)";
    throw ConfigError(dir.string() + " was planned " + why +
                      "; plan into a new directory or delete this one");
  }
  std::error_code ec;
  for (const char* sub : {"scenarios", "runs", "failures", "logs"}) {
    fs::create_directories(dir / sub, ec);
    if (ec) throw IoError("cannot create '" + (dir / sub).string() + "': " + ec.message());
  }
  for (const PlannedSample& s : plan.samples)
    write_atomically(d.scenario(s.index), s.scenario_toml);
  write_atomically(d.sweep_copy(), spec.text);
  write_atomically(d.manifest(), manifest);
  std::ostringstream p;
  p << "# isvsim sweep plan: the manifest and scenarios beside this file are complete.\n"
    << "name = " << toml::value<std::string>(spec.name) << "\n"
    << "sweep_file = "
    << toml::value<std::string>(fs::absolute(spec.file).lexically_normal().string()) << "\n"
    << "sweep_hash = \"" << sweep_hash << "\"\n"
    << "plan_hash = \"" << plan_hash << "\"\n"
    << "samples = " << plan.samples.size() << "\n";
  write_atomically(d.plan_file(), p.str());
  return PlanOutcome::kCreated;
}

Manifest read_manifest(const fs::path& dir) {
  const SweepDir d(dir);
  if (!fs::exists(d.plan_file()))
    throw ConfigError(dir.string() +
                      ": not a planned sweep directory (no plan.toml; run "
                      "`isvsim sweep plan SWEEP.toml -o " +
                      dir.string() + "`)");
  Manifest m;
  try {
    const std::string text = read_input_file(d.plan_file(), "sweep plan", kMaxScenarioFileBytes);
    check_toml_nesting(text, d.plan_file().string());
    const toml::table plan = toml::parse(text, d.plan_file().string());
    m.name = plan["name"].value_or(std::string{});
    m.sweep_file = plan["sweep_file"].value_or(std::string{});
    m.sweep_hash = plan["sweep_hash"].value_or(std::string{});
    m.plan_hash = plan["plan_hash"].value_or(std::string{});
  } catch (const toml::parse_error& e) {
    throw ConfigError(d.plan_file().string() + ": damaged: " + std::string(e.description()));
  }
  std::istringstream in(read_file(d.manifest()));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split_csv_line(line);
  constexpr std::size_t kFixed = 7;
  if (header.size() < kFixed || header[0] != "index")
    throw ConfigError(d.manifest().string() + ": damaged header");
  m.columns.assign(header.begin() + kFixed, header.end());
  for (std::size_t row = 0; std::getline(in, line); ++row) {
    if (line.empty()) continue;
    const std::vector<std::string> f = split_csv_line(line);
    if (f.size() != header.size())
      throw ConfigError(d.manifest().string() + ":" + std::to_string(row + 2) + ": " +
                        std::to_string(f.size()) + " fields, header has " +
                        std::to_string(header.size()));
    ManifestRow r;
    try {
      r.index = std::stoll(f[0]);
      r.arm = f[1];
      r.point = std::stoll(f[2]);
      r.patient = std::stoll(f[3]);
      r.replicate = std::stoll(f[4]);
      r.seed = std::stoull(f[5]);
    } catch (const std::exception&) {
      throw ConfigError(d.manifest().string() + ":" + std::to_string(row + 2) + ": damaged row");
    }
    r.hash = f[6];
    r.values.assign(f.begin() + kFixed, f.end());
    if (r.index != static_cast<std::int64_t>(m.rows.size()))
      throw ConfigError(d.manifest().string() + ":" + std::to_string(row + 2) +
                        ": rows out of order");
    m.rows.push_back(std::move(r));
  }
  return m;
}

}  // namespace isv::scenarios
