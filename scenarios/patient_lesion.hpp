// One lesion of the patient, of one of three kinds: an agent-based lattice (agents::Lesion), a
// well-mixed mean-field lesion (agents::MeanFieldLesion) or a population-voxel lesion at
// clinical scale (agents::PopulationLesion). All couple to the patient through the same inputs
// and outputs; agent lesions are snapshot; agent and population lesions can be treated.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/mean_field_lesion.hpp"
#include "agents/population_lesion.hpp"

namespace isv::scenarios {

enum class LesionKind : std::uint8_t { kAgents, kMeanField, kPopulation };

// The kind named by a scenario's `kind` key ("agents", "mean_field", "population"); the loader
// has already refused any other name.
LesionKind lesion_kind(const std::string& name);

class PatientLesion {
 public:
  PatientLesion(LesionKind kind, const agents::LesionConfig& config, std::uint64_t seed,
                double step_h);

  LesionKind kind() const noexcept;
  const std::string& name() const noexcept;
  const agents::LesionConfig& config() const noexcept;
  std::uint64_t step_count() const noexcept;

  void step(const agents::LesionInputs& inputs);
  const agents::LesionOutputs& last_outputs() const noexcept;
  double tcell_entry_weight_cm3() const;
  agents::LesionReadouts readouts() const;
  // Checkpoints (scenarios/simulation_state.cpp): the kind, then the lesion's own state.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

  // The agent lesion, or nullptr for a mean-field lesion.
  const agents::Lesion* agent() const noexcept { return std::get_if<agents::Lesion>(&lesion_); }
  agents::Lesion* agent() noexcept { return std::get_if<agents::Lesion>(&lesion_); }
  // The mean-field lesion, or nullptr for an agent lesion.
  const agents::MeanFieldLesion* mean_field() const noexcept {
    return std::get_if<agents::MeanFieldLesion>(&lesion_);
  }
  // The population lesion, or nullptr for the other kinds.
  const agents::PopulationLesion* population() const noexcept {
    return std::get_if<agents::PopulationLesion>(&lesion_);
  }
  agents::PopulationLesion* population() noexcept {
    return std::get_if<agents::PopulationLesion>(&lesion_);
  }
  // Snapshots: the lattice of an agent or population lesion (nullptr for a mean-field lesion,
  // which has none), its per-voxel cell-state codes and its snapshot fields.
  const model::Lattice* lattice() const noexcept;
  void cell_state_codes(std::span<std::uint8_t> out) const;
  std::vector<agents::NamedField> snapshot_fields() const;
  // Simulated day on which the lesion first reached its domain's boundary, or < 0 (population
  // lesions; the other kinds report < 0).
  double boundary_day() const noexcept;

 private:
  std::variant<agents::Lesion, agents::MeanFieldLesion, agents::PopulationLesion> lesion_;
};

}  // namespace isv::scenarios
