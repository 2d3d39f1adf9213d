// The step plan of the agent lesion as a table: one entry per phase, in the order
// Lesion::step() runs them. Each entry names the phase (profiles and benchmarks use the
// name), the free function that runs it (agents/*_phases.hpp), when it runs, and the parts of
// LesionState it reads and writes (a declaration for readers, kept with the function's header).
// The core phases are listed in agents/lesion_plan.cpp; each cell-type module's rows
// (agents/cell_modules.hpp) are placed after the core phase they name.
#pragma once

#include <span>
#include <string_view>

#include "agents/cell_module.hpp"
#include "agents/lesion_state.hpp"

namespace isv::agents {

// The plan, in order.
std::span<const LesionPhase> lesion_plan() noexcept;

// Whether `phase` runs for the state `s` (its cadence).
inline bool phase_runs(const LesionPhase& phase, const LesionState& s) {
  return phase.runs_when == nullptr || phase.runs_when(s);
}

}  // namespace isv::agents
