// One lesion of the patient, of either kind: an agent-based lattice (agents::Lesion) or a
// well-mixed mean-field lesion (agents::MeanFieldLesion). Both couple to the patient through
// the same inputs and outputs; only agent lesions have a lattice to snapshot or to treat.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "agents/lesion.hpp"
#include "agents/mean_field_lesion.hpp"

namespace isv::scenarios {

enum class LesionKind : std::uint8_t { kAgents, kMeanField };

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

 private:
  std::variant<agents::Lesion, agents::MeanFieldLesion> lesion_;
};

}  // namespace isv::scenarios
