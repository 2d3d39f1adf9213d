// Local treatments as scenario entries ([[treatment]]): the common keys (day, lesion,
// modality), the interface every modality implements, and the registry that maps modality
// names to implementations. Adding a modality = one class implementing Treatment plus one line
// in modality_registry() (scenarios/treatment_registry.cpp). See docs/treatments.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/population_lesion.hpp"
#include "model/param_spec.hpp"
#include "scenarios/treatment_event.hpp"

namespace isv::scenarios {

class TableReader;
class TableWriter;

// The keys every [[treatment]] entry has.
struct TreatmentCommon {
  double day = 0.0;
  std::string lesion;
  std::string modality;

  template <class V>
  void visit(V&& v) {
    v(day, model::ParamInfo{"day", model::Bounds::closed(0.0, 36500.0), "days",
                            "time of the treatment (applied at the start of the first step at or "
                            "after it)"});
    v(lesion, model::ParamInfo{"lesion", model::Bounds::any(), "", "name of the target lesion"});
    v(modality, model::ParamInfo{"modality", model::Bounds::any(), "",
                                 "rfa, mwa, cryo, ire, sbrt, biopsy, bland, tace, tare, "
                                 "injection (docs/treatments.md)"});
  }
};

// Throws a ConfigError for the key `key` of this [[treatment]] entry (file, line, dotted key).
using TreatmentFail = std::function<void(std::string_view key, const std::string& what)>;

// What a zone modality does on a lattice: a zone kill (ablation, cryo, IRE) or a radiation
// fraction. Every lesion kind with a lattice applies it: the agent lesion cell by cell, the
// population lesion voxel share by voxel share.
using ZoneAction = std::variant<agents::ZoneKill, agents::RadiationFraction>;

// One modality's parameters and action. Implementations are immutable once read.
class Treatment {
 public:
  virtual ~Treatment() = default;

  // Reads the modality's keys (the common keys are already read; unknown keys are then errors).
  virtual void read(TableReader& reader) = 0;
  // Writes the modality's keys as commented TOML (the effective scenario).
  virtual void write(TableWriter& writer) const = 0;
  // Cross-checks against the target lesion's lattice (e.g. a zone outside it); calls `fail`.
  virtual void check(const agents::LesionConfig& lesion, const TreatmentFail& fail) const = 0;
  // Hours after the treatment's time at which it acts: one application for most modalities,
  // one per fraction for radiotherapy.
  virtual std::vector<double> application_offsets_h() const { return {0.0}; }
  // Acts on the lesion (application `application`, run-wide ordinal `event` for the random
  // draws) and fills `event_out` with what it found and did (time, names and indices are
  // already set).
  virtual void apply(agents::Lesion& lesion, int application, std::uint64_t event,
                     TreatmentEvent& event_out) const = 0;
  // The zone action of application `application` on `lattice`, for modalities that act
  // through a zone; nullopt for the others (biopsy, embolization, injection).
  virtual std::optional<ZoneAction> zone_action(const model::Lattice& /*lattice*/,
                                                int /*application*/) const {
    return std::nullopt;
  }
  // Whether the modality acts on a population lesion (the loader refuses it otherwise): the
  // zone modalities, and those that override apply_population (biopsy, embolization).
  virtual bool acts_on_population(const model::Lattice& lattice) const {
    return zone_action(lattice, 0).has_value();
  }
  // Acts on a population lesion; by default through the zone action.
  virtual void apply_population(agents::PopulationLesion& lesion, int application,
                                TreatmentEvent& event_out) const;
};

// Applies a zone action to either lesion kind and records it in `out` (tally, dose).
void apply_zone_action(const ZoneAction& action, agents::Lesion& lesion, std::uint64_t event,
                       TreatmentEvent& out);
void apply_zone_action(const ZoneAction& action, agents::PopulationLesion& lesion,
                       TreatmentEvent& out);

// One [[treatment]] entry of a scenario.
struct TreatmentSpec {
  TreatmentCommon common;
  std::shared_ptr<const Treatment> treatment;
};

// A modality name and the factory of its (default-valued) implementation.
struct ModalityEntry {
  std::string_view name;
  std::unique_ptr<Treatment> (*make)(std::string_view name);
};
std::span<const ModalityEntry> modality_registry();

}  // namespace isv::scenarios
