// A sweep's patients from a virtual population file (see sweep_population.hpp).
#include "scenarios/sweep_population.hpp"

#include <algorithm>
#include <set>

#include "analysis/population_file.hpp"
#include "model/rng.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_values.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;

// A population file of 100,000 patients with a dozen columns is about 20 MB.
constexpr std::uintmax_t kMaxPopulationFileBytes = 256u << 20;

PopulationColumnMap read_column(sweep_detail::Reader& columns, const std::string& column,
                                const toml::node& node, const std::string& file) {
  PopulationColumnMap map;
  map.column = column;
  const std::string dotted = "population.columns." + column;
  map.source = {sweep_detail::where(node, file), dotted};
  if (auto key = node.value_exact<std::string>()) {
    map.key = *key;
  } else if (const toml::table* t = node.as_table()) {
    sweep_detail::Reader r(*t, dotted, file);
    map.key = r.text("key", true);
    map.scale = r.number("scale").value_or(1.0);
    if (map.scale == 0.0) r.fail(*t->get("scale"), "scale", "must not be 0");
    r.finish();
  } else {
    columns.fail(node, column,
                 "expected a scenario key (\"lesions.primary.tumor.x\") or { key = \"...\", "
                 "scale = 1.0 }");
  }
  if (map.key.empty()) throw ConfigError(map.source.where + ": " + dotted + ": empty key");
  return map;
}

}  // namespace

void read_population_table(const toml::table& table, SweepSpec& spec) {
  const std::string file = spec.file.string();
  sweep_detail::Reader r(table, "population", file);
  PopulationSpec& p = spec.population;
  const std::string name = r.text("file", true);
  p.file = spec.file.parent_path() / name;
  p.source = {sweep_detail::where(*table.get("file"), file), "population.file"};
  p.patients = r.integer("patients", 0, 1, 1000000);
  const toml::node* patients = table.get("patients");
  p.patients_where = patients ? sweep_detail::where(*patients, file) : file;
  if (const toml::table* columns = r.table("columns")) {
    sweep_detail::Reader c(*columns, "population.columns", file);
    for (const auto& [column, node] : *columns) {
      c.get(column.str());
      p.columns.push_back(read_column(c, std::string(column.str()), node, file));
    }
  }
  r.finish();
  spec.has_population = true;
}

SweepPatients load_sweep_population(const SweepSpec& spec) {
  const PopulationSpec& p = spec.population;
  const std::string at = p.source.where + ": population.file: ";
  analysis::Population pop;
  try {
    pop = analysis::parse_population(
        read_input_file(p.file, "virtual population file", kMaxPopulationFileBytes),
        p.file.string());
  } catch (const ConfigError& e) {
    throw ConfigError(at + e.what());
  }
  const std::string file = p.file.string();
  if (pop.size() == 0) throw ConfigError(at + file + ": the population has no patients");

  SweepPatients out;
  std::vector<double> scale(pop.names.size(), 1.0);
  std::vector<std::string> mapped_at(pop.names.size());
  out.keys = pop.names;
  for (const PopulationColumnMap& m : p.columns) {
    const auto it = std::find(pop.names.begin(), pop.names.end(), m.column);
    if (it == pop.names.end()) {
      std::string list;
      for (const std::string& n : pop.names) list += (list.empty() ? "" : ", ") + n;
      throw ConfigError(m.source.where + ": " + m.source.key + ": " + file + " has no column '" +
                        m.column + "' (its columns: " + list + ")");
    }
    const auto c = static_cast<std::size_t>(it - pop.names.begin());
    out.keys[c] = m.key;
    scale[c] = m.scale;
    mapped_at[c] = " (mapped at " + m.source.where + ")";
  }
  const std::string header = file + ":" + std::to_string(pop.line_of_row(0) - 1);
  for (std::size_t c = 0; c < out.keys.size(); ++c)
    out.header.push_back(
        {out.keys[c],
         "",
         {header + ": column '" + pop.names[c] + "'" + mapped_at[c], out.keys[c]}});
  std::set<std::string> seen;
  for (std::size_t c = 0; c < out.keys.size(); ++c) {
    if (out.keys[c] == "run.seed")
      throw ConfigError(file + ": column '" + pop.names[c] + "'" + mapped_at[c] +
                        ": run.seed: run seeds are derived from [sweep] seed");
    if (!seen.insert(out.keys[c]).second)
      throw ConfigError(file + ": column '" + pop.names[c] + "'" + mapped_at[c] + ": key '" +
                        out.keys[c] + "' is set by two columns");
  }

  const auto rows = static_cast<std::int64_t>(pop.size());
  out.weighted = std::adjacent_find(pop.weights.begin(), pop.weights.end(),
                                    std::not_equal_to<>()) != pop.weights.end();
  const std::int64_t n = p.patients > 0 ? p.patients : rows;
  std::vector<std::int64_t> chosen(static_cast<std::size_t>(n));
  if (!out.weighted) {
    if (pop.weights.front() == 0.0) throw ConfigError(at + file + ": every weight is 0");
    if (n > rows)
      throw ConfigError(p.patients_where + ": population.patients = " + std::to_string(n) +
                        ", but " + file + " holds " + std::to_string(rows) +
                        " patients of equal weight (the first N are taken; a weighted file is "
                        "resampled)");
    for (std::int64_t i = 0; i < n; ++i) chosen[static_cast<std::size_t>(i)] = i;
  } else {
    // Inverse CDF of the weights: a zero-weight row is never drawn. One uniform per patient
    // index, so the first N patients are the same whatever N is.
    std::vector<double> cumulative(pop.weights.size());
    double total = 0.0;
    for (std::size_t r = 0; r < pop.weights.size(); ++r) cumulative[r] = total += pop.weights[r];
    for (std::int64_t i = 0; i < n; ++i) {
      model::CounterRng rng(spec.seed, model::Stream::kSweepPopulation, 0,
                            static_cast<std::uint64_t>(i));
      const double u = rng.uniform() * total;
      auto row = std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
      while (row > 0 && (row >= rows || pop.weights[static_cast<std::size_t>(row)] == 0.0)) --row;
      chosen[static_cast<std::size_t>(i)] = row;  // rounding at the top end only
    }
  }
  const std::size_t d = pop.names.size();
  for (const std::int64_t row : chosen) {
    PopulationPatient patient;
    patient.row = row;
    const auto r = static_cast<std::size_t>(row);
    const std::string line = file + ":" + std::to_string(pop.line_of_row(r));
    for (std::size_t c = 0; c < d; ++c) {
      const double v = pop.values[r * d + c] * scale[c];
      patient.overrides.push_back(
          {out.keys[c],
           float_text(v),
           {line + ": column '" + pop.names[c] + "'" + mapped_at[c], out.keys[c]}});
    }
    out.patients.push_back(std::move(patient));
  }
  return out;
}

}  // namespace isv::scenarios
