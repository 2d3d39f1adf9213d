// [[treatment]] entries: common keys, then the modality's own keys, then the lesion checks.
#include "scenarios/treatment_loader.hpp"

#include "model/errors.hpp"
#include "scenarios/message_text.hpp"
#include "scenarios/toml_table.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;

std::string modality_names() {
  std::string names;
  for (const ModalityEntry& m : modality_registry())
    names += (names.empty() ? "" : ", ") + std::string(m.name);
  return names;
}

// "file:line:col" of `key` in the entry, or of the entry itself when the key is absent.
std::string locate_key(const toml::table& entry, std::string_view key, std::string_view file) {
  const toml::node* node = entry.get(key);
  return where(node != nullptr ? *node : static_cast<const toml::node&>(entry), file);
}

TreatmentSpec read_one(const toml::table& entry, std::size_t index, std::string_view file,
                       std::span<const LesionSpec> lesions) {
  const std::string path = "treatment[" + std::to_string(index) + "]";
  const TreatmentFail fail = [&](std::string_view key, const std::string& what) {
    throw ConfigError(locate_key(entry, key, file) + ": " + path + "." + std::string(key) + ": " +
                      what);
  };
  TableReader reader(entry, path, file);
  TreatmentSpec spec;
  spec.common.visit(reader);
  if (!entry.contains("day")) fail("day", "missing (the treatment time, days)");
  if (!entry.contains("modality")) fail("modality", "missing (one of " + modality_names() + ")");
  if (!entry.contains("lesion")) fail("lesion", "missing (the target lesion's name)");

  std::unique_ptr<Treatment> treatment;
  for (const ModalityEntry& m : modality_registry())
    if (m.name == spec.common.modality) treatment = m.make(m.name);
  if (!treatment)
    fail("modality", "unknown modality '" + printable(spec.common.modality) +
                         "' (known: " + modality_names() + ")");
  treatment->read(reader);
  reader.finish();
  if (entry.contains("radius_mm") && entry.contains("semi_axes_mm"))
    fail("semi_axes_mm", "give radius_mm (sphere) or semi_axes_mm (ellipsoid), not both");

  const LesionSpec* target = nullptr;
  std::string known;
  for (const LesionSpec& l : lesions) {
    if (l.config.name == spec.common.lesion) target = &l;
    known += (known.empty() ? "" : ", ") + l.config.name;
  }
  if (target == nullptr)
    fail("lesion",
         "no lesion named '" + printable(spec.common.lesion) + "' (lesions: " + known + ")");
  if (target->kind == "mean_field")
    fail("lesion", "lesion '" + printable(spec.common.lesion) +
                       "' is mean_field; local treatments need a lattice (kind = \"agents\" "
                       "or \"population\")");
  const model::Lattice lattice(target->config.lattice.nx, target->config.lattice.ny,
                               target->config.lattice.nz, target->config.lattice.voxel_um);
  if (target->kind == "population" && !treatment->acts_on_population(lattice))
    fail("modality", "modality '" + printable(spec.common.modality) +
                         "' acts on agent lesions only; a population lesion takes rfa, mwa, "
                         "cryo, ire, sbrt, biopsy, bland, tace and tare");
  treatment->check(target->config, fail);
  spec.treatment = std::move(treatment);
  return spec;
}

}  // namespace

std::vector<TreatmentSpec> read_treatments(const toml::table& root, std::string_view file,
                                           std::span<const LesionSpec> lesions) {
  std::vector<TreatmentSpec> out;
  const toml::node* node = root.get("treatment");
  if (node == nullptr) return out;
  const toml::array* entries = node->as_array();
  if (entries == nullptr || !entries->is_array_of_tables())
    throw ConfigError(where(*node, file) +
                      ": treatment must be an array of tables ([[treatment]])");
  for (std::size_t i = 0; i < entries->size(); ++i)
    out.push_back(read_one(*(*entries)[i].as_table(), i, file, lesions));
  return out;
}

void write_treatments(std::span<const TreatmentSpec> treatments, std::ostringstream& out) {
  for (const TreatmentSpec& spec : treatments) {
    out << "\n[[treatment]]\n";
    TableWriter writer(out);
    TreatmentCommon common = spec.common;
    common.visit(writer);
    spec.treatment->write(writer);
  }
}

}  // namespace isv::scenarios
