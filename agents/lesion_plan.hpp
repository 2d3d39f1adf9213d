// The step plan of the agent lesion as a table: one entry per phase, in the order
// Lesion::step() runs them. Each entry names the phase (profiles and benchmarks use the
// name), the free function that runs it (agents/*_phases.hpp), when it runs, and the parts of
// LesionState it reads and writes (a declaration for readers, kept with the function's header).
#pragma once

#include <span>
#include <string_view>

#include "agents/lesion_state.hpp"

namespace isv::agents {

struct LesionPhase {
  std::string_view name;
  void (*run)(LesionState& s, double dt_h);
  // When the phase runs: nullptr = every step; otherwise only in steps where it returns true
  // for the state at the phase's turn. (A phase skipped this way would have changed nothing.)
  bool (*runs_when)(const LesionState& s);
  std::string_view cadence;  // the condition in words, "every step" when runs_when is null
  std::string_view reads;    // parts of LesionState, comma-separated
  std::string_view writes;
};

// The plan, in order.
std::span<const LesionPhase> lesion_plan() noexcept;

// Whether `phase` runs for the state `s` (its cadence).
inline bool phase_runs(const LesionPhase& phase, const LesionState& s) {
  return phase.runs_when == nullptr || phase.runs_when(s);
}

}  // namespace isv::agents
