// Regulatory T cells (CD4+ FOXP3+ Tregs) of the agent lesion, as a cell-type module
// (agents/cell_module.hpp). They enter from blood with the CD8 effectors at a fixed Treg:CD8
// entry ratio (0, the default, means no Tregs: existing scenarios are unchanged), stay in the
// voxel they entered, die after a drawn lifespan, are depleted by anti-CTLA-4 (Fc-mediated)
// and die with the other immune cells in treatment zones. Each one lowers the kill probability
// of the CD8 cells around it (treg_kill_factor, read by agents/tcell_behaviour.cpp).
// Parameters and sources: docs/parameters.md, [tregs].
//   reads:  config (cell_types: TregParams; immune.fields.antibody_tissue_partition), seed,
//           step, lattice, perfusion, fields (chemokine, through the T-cell entry weight),
//           inputs (arriving_tcells, drugs.ctla4_*)
//   writes: cell_types (TregModule::State), entry_cdf (scratch)
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <vector>

#include "agents/cell_module.hpp"
#include "agents/store_ops.hpp"
#include "model/lattice.hpp"
#include "model/param_spec.hpp"

namespace isv::agents {

struct TregParams {
  double entry_per_cd8_entry = 0.0;  // 0: Tregs off
  int max_per_voxel = 2;
  double lifespan_days = 4.0;
  double lifespan_cv = 0.125;
  double suppression_half_cells = 1.0;
  double ctla4_depletion_rate_per_day = 0.5;

  template <class V>
  void visit(V&& v) {
    using model::Bounds;
    using model::ParamInfo;
    const Bounds nn = Bounds::non_negative();
    v(entry_per_cd8_entry,
      ParamInfo{"entry_per_cd8_entry", Bounds::closed(0.0, 100.0), "cells/cell",
                "Tregs entering per CD8 effector entering from blood (0 = no Tregs)"});
    v(max_per_voxel,
      ParamInfo{"max_per_voxel", Bounds::closed(1, 8), "cells", "Tregs one voxel can hold"});
    v(lifespan_days,
      ParamInfo{"lifespan_days", Bounds::positive(), "days", "mean lifespan of a Treg in tissue"});
    v(lifespan_cv, ParamInfo{"lifespan_cv", Bounds::closed(0.0, 2.0), "",
                             "coefficient of variation of the lifespan"});
    v(suppression_half_cells,
      ParamInfo{"suppression_half_cells", Bounds::positive(), "cells",
                "Tregs around a CD8 cell (own voxel and neighbours) that halve its kill "
                "probability"});
    v(ctla4_depletion_rate_per_day,
      ParamInfo{"ctla4_depletion_rate_per_day", nn, "1/day",
                "Fc-mediated depletion rate of a Treg at full anti-CTLA-4 occupancy"});
  }
};

struct Tregs {
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<float> death_h;  // time the cell dies of age

  std::size_t size() const noexcept { return id.size(); }
  static constexpr auto columns() { return std::tuple{&Tregs::id, &Tregs::voxel, &Tregs::death_h}; }
  void append(std::uint64_t new_id, std::int32_t at_voxel, float dies_at_h) {
    append_row(*this, new_id, at_voxel, dies_at_h);
  }
};
static_assert(declared_layout_matches<Tregs>(), "Tregs::columns() must list every member");

// --- pure behaviour -------------------------------------------------------------------------

// Factor on a CD8 cell's kill probability with `tregs` Tregs in its neighbourhood:
// 1 / (1 + tregs / half_cells); exactly 1 when there are none.
double treg_kill_factor(int tregs, double half_cells) noexcept;
// Anti-CTLA-4 occupancy of a Treg in tissue: the tissue level taken at its partition
// equilibrium with blood, c = blood x partition, occupancy c / (c + Kd).
double ctla4_tissue_occupancy(double blood_nM, double tissue_partition, double kd_nM) noexcept;
// Probability that a Treg is depleted in dt: 1 - exp(-dt rate occupancy).
double treg_depletion_probability(double dt_h, double rate_per_day, double occupancy) noexcept;
// Tregs in voxel v and its Moore neighbours (`count`: Tregs per voxel).
int tregs_around(const model::Lattice& lattice, std::span<const std::uint8_t> count,
                 std::int32_t v) noexcept;

// --- phases (free functions over LesionState) -------------------------------------------------

// Phase "treg.enter": Poisson(entry_per_cd8_entry x CD8 arrivals) Tregs take voxels drawn by
// the T-cell entry weight; a full voxel turns the cell away.
void enter_tregs(LesionState& s, double dt_h);
bool tregs_arriving(const LesionState& s);
// Phase "treg.deplete": anti-CTLA-4 depletion.
void deplete_tregs(LesionState& s, double dt_h);
bool tregs_depletable(const LesionState& s);
// Phase "treg.age": cells past their lifespan leave.
void age_tregs(LesionState& s, double dt_h);
bool tregs_present(const LesionState& s);

struct TregModule {
  static constexpr std::string_view kTable = "tregs";
  using Params = TregParams;

  struct State {
    Tregs cells;
    std::vector<std::uint8_t> count;  // Tregs per voxel; empty while Tregs are off
    std::uint64_t next_id = 0;
    std::int64_t arrived_total = 0;
    std::int64_t depleted_total = 0;  // by anti-CTLA-4
    static constexpr auto checkpointed() {
      return std::tuple{&State::cells, &State::count, &State::next_id, &State::arrived_total,
                        &State::depleted_total};
    }
  };
  static void init(State& state, const LesionState& s);
  static bool consistent(const State& state, const LesionState& s);

  static constexpr std::uint16_t kFirstStream = 64;
  static constexpr std::uint16_t kStreams = 6;
  static constexpr model::Stream kEntry = static_cast<model::Stream>(kFirstStream + 0);
  static constexpr model::Stream kPlacement = static_cast<model::Stream>(kFirstStream + 1);
  static constexpr model::Stream kLifespan = static_cast<model::Stream>(kFirstStream + 2);
  static constexpr model::Stream kDepletion = static_cast<model::Stream>(kFirstStream + 3);
  static constexpr model::Stream kTreatment = static_cast<model::Stream>(kFirstStream + 4);
  static constexpr model::Stream kRadiation = static_cast<model::Stream>(kFirstStream + 5);

  static constexpr std::array<ModulePhase, 3> kPhases{{
      {"tcell.enter",
       {"treg.enter", &enter_tregs, &tregs_arriving, "when Tregs are on and CD8 cells arrive",
        "inputs.arriving_tcells, perfusion, fields.chemokine, tregs.count", "tregs, entry_cdf"}},
      {"tcell.age",
       {"treg.deplete", &deplete_tregs, &tregs_depletable,
        "when Tregs are present and anti-CTLA-4 is in blood", "tregs, inputs.drugs.ctla4",
        "tregs"}},
      {"tcell.age",
       {"treg.age", &age_tregs, &tregs_present, "when Tregs are present", "tregs.death_h",
        "tregs"}},
  }};

  // Local treatments: every Treg dies with the zone's per-voxel probability p_kill (negative
  // or 0 outside), or with the lymphocyte LQ probability inside a radiation field.
  static void kill_in_zone(LesionState& s, std::span<const float> p_kill, std::uint64_t event);
  static void irradiate(LesionState& s, const RadiationFraction& fraction, float p_die,
                        std::uint64_t event);
};

}  // namespace isv::agents
