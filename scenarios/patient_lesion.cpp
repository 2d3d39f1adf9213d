// Dispatch to the lesion kind held.
#include "scenarios/patient_lesion.hpp"

#include <utility>

namespace isv::scenarios {
namespace {

using AnyLesion = std::variant<agents::Lesion, agents::MeanFieldLesion, agents::PopulationLesion>;

AnyLesion make_lesion(LesionKind kind, const agents::LesionConfig& config, std::uint64_t seed,
                      double step_h) {
  switch (kind) {
    case LesionKind::kMeanField:
      return AnyLesion(std::in_place_type<agents::MeanFieldLesion>, config, step_h);
    case LesionKind::kPopulation:
      return AnyLesion(std::in_place_type<agents::PopulationLesion>, config, step_h);
    case LesionKind::kAgents:
      break;
  }
  return AnyLesion(std::in_place_type<agents::Lesion>, config, seed, step_h);
}

}  // namespace

LesionKind lesion_kind(const std::string& name) {
  if (name == "mean_field") return LesionKind::kMeanField;
  if (name == "population") return LesionKind::kPopulation;
  return LesionKind::kAgents;
}

PatientLesion::PatientLesion(LesionKind kind, const agents::LesionConfig& config,
                             std::uint64_t seed, double step_h)
    : lesion_(make_lesion(kind, config, seed, step_h)) {}

LesionKind PatientLesion::kind() const noexcept {
  if (agent() != nullptr) return LesionKind::kAgents;
  return population() != nullptr ? LesionKind::kPopulation : LesionKind::kMeanField;
}

const model::Lattice* PatientLesion::lattice() const noexcept {
  if (agent() != nullptr) return &agent()->lattice();
  return population() != nullptr ? &population()->lattice() : nullptr;
}

void PatientLesion::cell_state_codes(std::span<std::uint8_t> out) const {
  if (agent() != nullptr) agent()->cell_state_codes(out);
  if (population() != nullptr) population()->cell_state_codes(out);
}

std::vector<agents::NamedField> PatientLesion::snapshot_fields() const {
  if (agent() != nullptr) return agent()->snapshot_fields();
  return population() != nullptr ? population()->snapshot_fields()
                                 : std::vector<agents::NamedField>{};
}

double PatientLesion::boundary_day() const noexcept {
  return population() != nullptr ? population()->boundary_day() : -1.0;
}

const std::string& PatientLesion::name() const noexcept {
  return std::visit([](const auto& l) -> const std::string& { return l.name(); }, lesion_);
}

const agents::LesionConfig& PatientLesion::config() const noexcept {
  return std::visit([](const auto& l) -> const agents::LesionConfig& { return l.config(); },
                    lesion_);
}

std::uint64_t PatientLesion::step_count() const noexcept {
  return std::visit([](const auto& l) { return static_cast<std::uint64_t>(l.step_count()); },
                    lesion_);
}

void PatientLesion::step(const agents::LesionInputs& inputs) {
  std::visit([&](auto& l) { l.step(inputs); }, lesion_);
}

const agents::LesionOutputs& PatientLesion::last_outputs() const noexcept {
  return std::visit([](const auto& l) -> const agents::LesionOutputs& { return l.last_outputs(); },
                    lesion_);
}

double PatientLesion::tcell_entry_weight_cm3() const {
  return std::visit([](const auto& l) { return l.tcell_entry_weight_cm3(); }, lesion_);
}

agents::LesionReadouts PatientLesion::readouts() const {
  return std::visit([](const auto& l) { return l.readouts(); }, lesion_);
}

}  // namespace isv::scenarios
