// The agent lesion's construction and step: the phases run in the order of the step plan
// (agents/lesion_plan.cpp) over the lesion's state (agents/lesion_state.hpp).
#include "agents/lesion.hpp"

#include <algorithm>

#include "agents/field_phases.hpp"
#include "agents/tcell_phases.hpp"
#include "agents/tumor_phases.hpp"

namespace isv::agents {

std::span<const Lesion::Phase> Lesion::plan() noexcept { return lesion_plan(); }

Lesion::Lesion(const LesionConfig& config, std::uint64_t seed, double step_h)
    : s_(config, seed, step_h) {
  seed_initial_tumor(s_);
  solve_oxygen(s_, 0.0);
}

void Lesion::step(const LesionInputs& inputs) {
  state_changed();
  s_.inputs = inputs;
  std::fill(s_.outputs.dc_antigen_export.begin(), s_.outputs.dc_antigen_export.end(), 0.0);
  std::fill(s_.outputs.unplaced_tcells.begin(), s_.outputs.unplaced_tcells.end(), 0);
  for (const Phase& phase : lesion_plan())
    if (phase_runs(phase, s_)) phase.run(s_, s_.dt_h);
  ++s_.step;
}

void Lesion::run_phase(const Phase& phase, double dt_h) {
  state_changed();
  if (phase_runs(phase, s_)) phase.run(s_, dt_h);
}

double Lesion::tcell_entry_weight_cm3() const { return agents::tcell_entry_weight_cm3(s_); }

}  // namespace isv::agents
