// What a cell-type module declares (agents/cell_modules.hpp lists the modules). A module is a
// struct M with:
//   kTable                 its TOML table name (patient-wide, read by the scenario loader);
//   Params                 its parameter struct with `visit` (model/param_spec.hpp);
//   State                  its per-lesion state (stores, counters, per-voxel arrays), held in
//                          LesionState::cell_types, with `checkpointed()` listing every member
//                          saved (in order), `init(State&, const LesionState&)` sizing it and
//                          `consistent(const State&, const LesionState&)` checking a loaded one;
//   kFirstStream, kStreams its block of random-stream ids in model::Stream's reserved module
//                          range (model/rng.hpp), kStreams ids from kFirstStream;
//   kPhases                its step-plan rows, each placed after a named core phase;
//   kill_in_zone, irradiate  what local treatments do to its cells (agents/lesion_treatment.cpp).
// The state, checkpoint, plan, treatments and scenario loader iterate over the list, so a new
// cell type is its module pair plus one line in the list (docs/extending.md).
#pragma once

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/rng.hpp"

namespace isv::agents {

struct LesionState;
struct RadiationFraction;

// One phase of the step plan (agents/lesion_plan.hpp).
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

// A module's phase and the core phase it runs right after (module rows placed after the same
// core phase keep their module's order; modules keep the list's order).
struct ModulePhase {
  std::string_view after;
  LesionPhase phase;
};

template <class M>
concept CellModule = requires(typename M::State& state, const LesionState& s, LesionState& ms,
                              std::span<const float> p_kill, const RadiationFraction& fraction) {
  { M::kTable } -> std::convertible_to<std::string_view>;
  typename M::Params;
  M::State::checkpointed();
  M::init(state, s);
  { M::consistent(state, s) } -> std::same_as<bool>;
  { M::kFirstStream } -> std::convertible_to<std::uint16_t>;
  { M::kStreams } -> std::convertible_to<std::uint16_t>;
  M::kPhases.size();
  M::kill_in_zone(ms, p_kill, std::uint64_t{0});
  M::irradiate(ms, fraction, 0.0f, std::uint64_t{0});
};

// Stream `k` of a module's block.
template <class M>
constexpr model::Stream module_stream(std::uint16_t k) {
  return static_cast<model::Stream>(M::kFirstStream + k);
}

}  // namespace isv::agents
