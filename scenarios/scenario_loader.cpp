// TOML → Scenario with precise errors; Scenario → effective TOML.
#include "scenarios/scenario_loader.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <set>
#include <sstream>

#include "model/antibody_pk.hpp"
#include "model/errors.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/memory_estimate.hpp"
#include "scenarios/message_text.hpp"
#include "scenarios/scenario_overrides.hpp"
#include "scenarios/scenario_validation.hpp"
#include "scenarios/toml_nesting.hpp"
#include "scenarios/toml_table.hpp"
#include "scenarios/treatment_loader.hpp"

namespace isv::scenarios {
namespace {

using model::Bounds;
using model::ConfigError;
using model::ParamInfo;

// The sub-table `key` of `table`, or nullptr if it is absent (its parameters keep defaults).
const toml::table* sub_table(TableReader& parent, const toml::table& table, std::string_view key,
                             std::string_view file) {
  parent.known(key);
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (!node->is_table())
    throw ConfigError(where(*node, file) + ": " + parent.dotted(key) + " must be a table");
  return node->as_table();
}

template <class Params>
void read_table(TableReader& parent, const toml::table& table, std::string_view key,
                std::string_view file, Params& params) {
  const toml::table* sub = sub_table(parent, table, key, file);
  if (sub == nullptr) return;
  TableReader reader(*sub, parent.dotted(key), file);
  params.visit(reader);
  reader.finish();
}

// Lesion names become HDF5 group names (/timeseries/NAME, /snapshots/NAME), CSV columns and
// file names in sweeps: letters, digits, '_' and '-', starting with a letter, and not a name
// the output already uses beside the lesions.
constexpr std::size_t kMaxLesionNameChars = 64;
constexpr std::string_view kReservedLesionNames[] = {"time_h", "systemic"};

// Why `name` cannot be a lesion name, or empty if it can.
std::string lesion_name_problem(std::string_view name) {
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (name.empty() || name.size() > kMaxLesionNameChars || !letter(name.front()))
    return "must start with a letter and have 1-64 characters";
  for (char c : name)
    if (!(letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return "may hold only letters, digits, '_' and '-'";
  for (std::string_view reserved : kReservedLesionNames)
    if (name == reserved)
      return "is reserved (the output has a /timeseries/" + std::string(reserved) + ")";
  return {};
}

template <class Params>
void write_table(std::ostringstream& out, const std::string& header, Params params) {
  out << "\n[" << header << "]\n";
  params.visit(TableWriter(out));
}

// The lesion-level keys that are not in a sub-table.
struct LesionTopParams {
  std::string& kind;
  double& initial_fill_fraction;
  std::vector<double>& antigen_fractions;
  template <class V>
  void visit(V&& v) {
    v(kind, ParamInfo{"kind", Bounds::any(), "",
                      "\"agents\" (lattice), \"mean_field\" (well-mixed ODE) or "
                      "\"population\" (cell counts per voxel, clinical scale)"});
    v(initial_fill_fraction, ParamInfo{"initial_fill_fraction", Bounds{0.0, 1.0, true, false}, "",
                                       "share of voxels in the initial sphere holding a cell"});
    v(antigen_fractions,
      ParamInfo{
          "antigen_fractions", Bounds::unit_interval(), "",
          "per tracked antigen, share of initial cells expressing it ([] = all express all)"});
  }
};

// `target = true/false` of a [lesions.NAME] table: whether the lesion is a RECIST target.
// A boolean, which the numeric parameter readers do not take, so it is read here.
constexpr std::string_view kTargetKey = "target";
constexpr std::string_view kTargetHelp =
    "RECIST/mRECIST target lesion (its diameter enters the sum)";

bool read_lesion_target(TableReader& reader, const toml::table& table, std::string_view file) {
  reader.known(kTargetKey);
  const toml::node* node = table.get(kTargetKey);
  if (node == nullptr) return true;
  const std::optional<bool> value = node->value_exact<bool>();
  if (!value)
    throw ConfigError(where(*node, file) + ": " + reader.dotted(kTargetKey) +
                      ": expected true or false");
  return *value;
}

void write_lesion_target(std::ostringstream& out, bool target) {
  std::string lhs = std::string(kTargetKey) + " = " + (target ? "true" : "false");
  constexpr std::size_t kCommentColumn = 40;  // as TableWriter aligns its comments
  if (lhs.size() < kCommentColumn) lhs.resize(kCommentColumn, ' ');
  out << lhs << " # " << kTargetHelp << "; allowed true or false\n";
}

// The patient-wide immune tables, in file order.
template <class F>
void for_each_immune_table(model::ImmuneParams& p, F&& f) {
  f("antigens", p.antigens);
  f("death_release", p.death_release);
  f("immune_fields", p.fields);
  f("tcells", p.tcells);
  f("dcs", p.dcs);
  f("pdl1", p.pdl1);
}

// The cell-type modules' tables (agents/cell_modules.hpp), patient-wide, after the immune ones.
template <class F>
void for_each_cell_type_table(agents::CellModuleParams& p, F&& f) {
  agents::for_each_cell_module([&]<class M>() { f(M::kTable, std::get<typename M::Params>(p)); });
}

// The library drug `name` (with any [drugs.NAME] overrides) added to sc.drugs once.
void require_drug(Scenario& sc, const toml::table& root, const std::string& name,
                  const toml::node& where_used, std::string_view file) {
  for (const model::AntibodyDrug& d : sc.drugs)
    if (d.name == name) return;
  std::optional<model::AntibodyDrug> drug = model::find_antibody(name);
  if (!drug) {
    std::string known;
    for (const model::AntibodyDrug& d : model::antibody_library())
      known += (known.empty() ? "" : ", ") + d.name;
    throw ConfigError(where(where_used, file) + ": unknown drug '" + printable(name) +
                      "' (known: " + known + ")");
  }
  if (const toml::table* drugs = root["drugs"].as_table()) {
    if (const toml::table* table = (*drugs)[name].as_table()) {
      TableReader reader(*table, "drugs." + name, file);
      drug->visit(reader);
      reader.finish();
    }
  }
  sc.drugs.push_back(*drug);
}

// [[dose]] entries; each names a library drug.
void read_doses(Scenario& sc, TableReader& top, const toml::table& root, std::string_view file) {
  top.known("dose");
  top.known("drugs");
  const toml::node* node = root.get("dose");
  if (node != nullptr) {
    const toml::array* doses = node->as_array();
    if (doses == nullptr || !doses->is_array_of_tables())
      throw ConfigError(where(*node, file) + ": dose must be an array of tables ([[dose]])");
    for (std::size_t i = 0; i < doses->size(); ++i) {
      const toml::table& table = *(*doses)[i].as_table();
      TableReader reader(table, "dose[" + std::to_string(i) + "]", file);
      model::DoseSchedule schedule;
      schedule.visit(reader);
      reader.finish();
      require_drug(sc, root, schedule.drug, table.get("drug") ? *table.get("drug") : table, file);
      const bool flat = schedule.dose_mg > 0.0, per_kg = schedule.dose_mg_per_kg > 0.0;
      if (flat == per_kg)
        throw ConfigError(where(table, file) + ": dose[" + std::to_string(i) +
                          "]: give exactly one of dose_mg and dose_mg_per_kg");
      sc.doses.push_back(schedule);
    }
  }
  if (const toml::table* drugs = root["drugs"].as_table()) {
    for (const auto& [key, value] : *drugs) {
      const std::string name(key.str());
      bool used = false;
      for (const model::AntibodyDrug& d : sc.drugs) used = used || d.name == name;
      if (!used)
        throw ConfigError(where(value, file) + ": drugs." + printable(name) +
                          ": no [[dose]] uses this drug (or it is not in the library)");
    }
  }
}

Scenario build(toml::table& root, std::string_view file, std::span<const std::string> overrides) {
  for (const std::string& o : overrides) apply_override(root, o);
  Scenario sc;
  sc.source_path = std::string(file);
  TableReader top(root, "", file);
  read_table(top, root, "run", file, sc.run);
  read_table(top, root, "output", file, sc.output);
  for_each_immune_table(sc.immune, [&](std::string_view key, auto& params) {
    read_table(top, root, key, file, params);
  });
  agents::CellModuleParams cell_types;
  for_each_cell_type_table(cell_types, [&](std::string_view key, auto& params) {
    read_table(top, root, key, file, params);
  });
  read_table(top, root, "patient", file, sc.patient);
  read_table(top, root, "lymph_node", file, sc.lymph_node);
  read_table(top, root, "vegf", file, sc.vegf);
  read_table(top, root, "response", file, sc.response);
  read_doses(sc, top, root, file);
  top.known("treatment");  // read once the lesions are known
  const toml::table* lesions_ptr = sub_table(top, root, "lesions", file);
  top.finish();
  if (lesions_ptr == nullptr || lesions_ptr->empty())
    throw ConfigError(printable(file, kMessagePathChars) +
                      ": no lesion defined (add a [lesions.NAME] table)");
  const toml::table& lesions = *lesions_ptr;
  TableReader lesion_reader(lesions, "lesions", file);
  for (const auto& [key, node] : lesions) {
    const std::string name(key.str());
    if (const std::string problem = lesion_name_problem(name); !problem.empty())
      throw ConfigError(where(node, file) + ": lesions." + printable(name) + ": lesion name '" +
                        printable(name) + "' " + problem);
    const toml::table* table_ptr = sub_table(lesion_reader, lesions, name, file);
    const toml::table& table = *table_ptr;  // present: it is being iterated
    TableReader reader(table, "lesions." + name, file);
    LesionSpec spec;
    spec.config.name = name;
    LesionTopParams top_params{spec.kind, spec.config.initial_fill_fraction,
                               spec.config.antigen_fractions};
    top_params.visit(reader);
    spec.target = read_lesion_target(reader, table, file);
    if (spec.kind != "agents" && spec.kind != "mean_field" && spec.kind != "population")
      throw ConfigError(where(*table.get("kind"), file) + ": lesions." + name +
                        ".kind: unsupported kind '" + printable(spec.kind) +
                        "' (allowed: \"agents\", \"mean_field\", \"population\")");
    read_table(reader, table, "lattice", file, spec.config.lattice);
    read_table(reader, table, "tumor", file, spec.config.tumor);
    read_table(reader, table, "oxygen", file, spec.config.oxygen);
    read_table(reader, table, "perfusion", file, spec.config.perfusion);
    if (spec.kind == "population")
      read_table(reader, table, "population", file, spec.config.population);
    reader.finish();
    spec.config.immune = sc.immune;
    spec.config.cell_types = cell_types;
    spec.config.vegf = sc.vegf;
    sc.lesions.push_back(std::move(spec));
  }
  validate_scenario(sc, [&](const std::string& dotted) { return locate(root, dotted, file); });
  sc.treatments = read_treatments(root, file, sc.lesions);
  sc.effective_toml = describe_scenario(sc);
  return sc;
}

}  // namespace

Scenario parse_scenario(std::string_view toml_text, std::string_view source_name,
                        std::span<const std::string> overrides) {
  check_toml_nesting(toml_text, source_name);  // before toml++, whose recursion it bounds
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& err) {
    std::ostringstream s;
    s << printable(source_name, kMessagePathChars) << ':' << err.source().begin.line << ':'
      << err.source().begin.column << ": TOML syntax error: " << printable(err.description());
    throw ConfigError(s.str());
  }
  return build(root, source_name, overrides);
}

Scenario load_scenario(const std::filesystem::path& file, std::span<const std::string> overrides) {
  const std::string text = read_input_file(file, "scenario file", kMaxScenarioFileBytes);
  return parse_scenario(text, file.string(), overrides);
}

std::string describe_scenario(const Scenario& sc) {
  std::ostringstream out;
  out << "# isvsim effective scenario (every parameter, defaults included)\n";
  write_table(out, "run", sc.run);
  write_table(out, "output", sc.output);
  model::ImmuneParams immune = sc.immune;
  for_each_immune_table(immune, [&](std::string_view key, const auto& params) {
    write_table(out, std::string(key), params);
  });
  // Patient-wide, so every lesion holds the same copy (the defaults without a lesion).
  agents::CellModuleParams cell_types =
      sc.lesions.empty() ? agents::CellModuleParams{} : sc.lesions.front().config.cell_types;
  for_each_cell_type_table(cell_types, [&](std::string_view key, const auto& params) {
    write_table(out, std::string(key), params);
  });
  write_table(out, "patient", sc.patient);
  write_table(out, "lymph_node", sc.lymph_node);
  write_table(out, "vegf", sc.vegf);
  write_table(out, "response", sc.response);
  for (const model::AntibodyDrug& drug : sc.drugs) write_table(out, "drugs." + drug.name, drug);
  for (const model::DoseSchedule& dose : sc.doses) {
    out << "\n[[dose]]\n";
    model::DoseSchedule copy = dose;
    copy.visit(TableWriter(out));
  }
  for (const LesionSpec& original : sc.lesions) {
    LesionSpec spec = original;
    const std::string base = "lesions." + spec.config.name;
    out << "\n[" << base << "]\n";
    LesionTopParams top{spec.kind, spec.config.initial_fill_fraction,
                        spec.config.antigen_fractions};
    top.visit(TableWriter(out));
    write_lesion_target(out, spec.target);
    write_table(out, base + ".lattice", spec.config.lattice);
    write_table(out, base + ".tumor", spec.config.tumor);
    write_table(out, base + ".oxygen", spec.config.oxygen);
    write_table(out, base + ".perfusion", spec.config.perfusion);
    if (spec.kind == "population") write_table(out, base + ".population", spec.config.population);
  }
  write_treatments(sc.treatments, out);
  return out.str();
}

}  // namespace isv::scenarios
