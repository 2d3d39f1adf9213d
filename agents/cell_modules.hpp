// The one list of cell-type modules (agents/cell_module.hpp says what a module declares).
// LesionConfig holds their parameters, LesionState their state; the step plan, the checkpoint,
// the local treatments and the scenario loader iterate over this list. Adding a cell type:
// its module pair and one entry in CellModules below (docs/extending.md).
#pragma once

#include <algorithm>
#include <array>
#include <tuple>

#include "agents/cell_module.hpp"
#include "agents/store_ops.hpp"
#include "agents/treg_module.hpp"
#include "model/rng.hpp"

namespace isv::agents {

template <CellModule... M>
struct CellModuleList {
  using Params = std::tuple<typename M::Params...>;
  using States = std::tuple<typename M::State...>;
  static constexpr std::size_t kPhaseCount = (std::size_t{0} + ... + M::kPhases.size());

  // f.template operator()<M>() for every module, in list order.
  template <class F>
  static void each(F&& f) {
    (f.template operator()<M>(), ...);
  }

  // Every module's stream block lies in the reserved range and no two overlap.
  static constexpr bool streams_valid() {
    constexpr std::array<std::array<int, 2>, sizeof...(M)> blocks{
        {{M::kFirstStream, M::kFirstStream + M::kStreams}...}};
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i][0] < static_cast<int>(model::Stream::kCellModuleFirst) ||
          blocks[i][1] > static_cast<int>(model::Stream::kCellModuleLast) + 1 ||
          blocks[i][1] <= blocks[i][0])
        return false;
      for (std::size_t j = 0; j < i; ++j)
        if (blocks[i][0] < blocks[j][1] && blocks[j][0] < blocks[i][1]) return false;
    }
    return true;
  }
  // Every module's State::checkpointed() names all of its members (by layout size), so no
  // state can be left out of checkpoints.
  static constexpr bool states_fully_checkpointed() {
    return (... && (std::apply([](auto... m) { return store_detail::layout_size(m...); },
                               M::State::checkpointed()) == sizeof(typename M::State)));
  }
  // TOML table names are distinct.
  static constexpr bool tables_distinct() {
    constexpr std::array<std::string_view, sizeof...(M)> names{M::kTable...};
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (names[i] == names[j]) return false;
    return true;
  }
  // Every module row, in list order.
  static constexpr std::array<ModulePhase, kPhaseCount> phases() {
    std::array<ModulePhase, kPhaseCount> out{};
    std::size_t n = 0;
    [[maybe_unused]] auto add = [&](const auto& rows) {
      for (const ModulePhase& r : rows) out[n++] = r;
    };
    (add(M::kPhases), ...);
    return out;
  }
};

// The cell-type modules, in the order their phases, checkpoint entries and tables appear.
using CellModules = CellModuleList<TregModule>;

static_assert(CellModules::streams_valid(),
              "cell-module stream blocks must lie in model::Stream's reserved range, disjoint");
static_assert(CellModules::tables_distinct(), "cell-module TOML tables must have distinct names");
static_assert(CellModules::states_fully_checkpointed(),
              "a cell module's State::checkpointed() must list every member of its State");

using CellModuleParams = CellModules::Params;
using CellModuleStates = CellModules::States;

template <class F>
void for_each_cell_module(F&& f) {
  CellModules::each(f);
}

}  // namespace isv::agents
