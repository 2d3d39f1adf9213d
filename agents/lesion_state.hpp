// The plain state of one agent-based lesion: every store, field, voxel array, counter and
// scratch buffer that the step's phases share. The phases are free functions over this struct
// (agents/*_phases.hpp), run in the order of the step plan (agents/lesion_plan.hpp); the Lesion
// class (agents/lesion.hpp) owns one and is the public face. A new stateful member belongs in
// the checkpoint visit (agents/lesion_checkpoint.cpp) too.
#pragma once

#include <array>
#include <cstdint>
#include <tuple>
#include <vector>

#include "agents/cell_modules.hpp"
#include "agents/death_mode.hpp"
#include "agents/immune_cells.hpp"
#include "agents/immune_fields.hpp"
#include "agents/lesion_config.hpp"
#include "agents/local_therapy.hpp"
#include "agents/proposals.hpp"
#include "agents/tcell_behaviour.hpp"
#include "agents/tumor_behaviour.hpp"
#include "agents/tumor_cells.hpp"
#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::agents {

// What the patient hands a lesion for one step.
struct LesionInputs {
  std::vector<std::int32_t> arriving_tcells;  // per specificity, whole cells from blood
  TissueDrugInput drugs;
};

// What a lesion hands back after one step.
struct LesionOutputs {
  std::vector<double> dc_antigen_export;      // per specificity, cell-eq carried to the node
  std::vector<std::int32_t> unplaced_tcells;  // per specificity, returned to blood (no room)
};

struct LesionState {
  // Sizes every voxel array, sets tissue oxygen and full perfusion; no cells yet (the tumour
  // is seeded by seed_initial_tumor, agents/tumor_phases.hpp).
  LesionState(const LesionConfig& config, std::uint64_t seed, double step_h);

  // Simulated time at the start and at the end of the current step (constant step length).
  double time_h() const noexcept { return static_cast<double>(step) * dt_h; }
  double end_time_h() const noexcept { return static_cast<double>(step + 1) * dt_h; }
  bool tcell_room(std::int32_t voxel) const noexcept {
    return tcell_count[voxel] < config.immune.tcells.max_per_voxel;
  }
  // Volume of one voxel (cm^3).
  double voxel_cm3() const noexcept;

  LesionConfig config;
  std::uint64_t seed;
  double dt_h;
  model::Lattice lattice;
  std::uint64_t step = 0;
  std::uint64_t next_cell_id = 0;
  std::int64_t deaths_total = 0;
  std::array<std::int64_t, kDeathModeCount> deaths_by_mode{};

  // Voxel state (lattice order).
  std::vector<std::int32_t> tumor_at;  // tumour cell index, -1 if none
  std::vector<float> debris_clear_h;   // time (h) debris clears, negative if none
  std::vector<float> perfusion;        // 0..1 share of normal perfusion: vessels x flow
  std::vector<float> vessels;          // 0..1 vessel state (regression, recovery, ceiling)
  std::vector<float> flow_multiplier;  // embolic occlusion, 0..1 (empty: none applied)
  LocalTherapy local;
  std::vector<float> perfusion_ceiling;  // 0..1 cap on perfusion (treatments)
  std::vector<float> oxygen_mmHg;
  std::vector<float> oxygen_sink_per_h;
  std::vector<float> oxygen_source_per_h;
  model::DiffusionSolver oxygen_solver;
  model::SteadyStateReport oxygen_report;

  TumorCells tumor;
  TumorCells tumor_spare;
  std::vector<TumorIntent> intents;

  // Immunity.
  ImmuneFields fields;
  TCells tcells;
  TCells tcells_spare;
  DendriticCells dcs;
  std::vector<std::uint8_t> tcell_count;  // T cells per voxel
  std::uint64_t next_tcell_id = 0;
  std::uint64_t next_dc_id = 0;
  std::int64_t tcells_arrived_total = 0;
  std::int64_t tcell_kills_total = 0;
  std::vector<double> antigen_released_total;
  LesionInputs inputs;
  LesionOutputs outputs;
  std::vector<std::uint8_t> dead_flags;  // scratch: tumour cells killed by T cells this step
  std::vector<double> entry_cdf;         // scratch: cumulative entry weight over voxels
  std::vector<TCellActIntent> act_intents;
  std::vector<std::int32_t> kill_targets;  // scratch: tumour cells dying in a removal
  std::vector<std::uint8_t> dc_keep;
  // Commit-phase scratch (agents/proposals.hpp), kept to avoid allocation in the step loop.
  std::vector<Proposal> kills;
  std::vector<Proposal> moves;
  std::vector<Proposal> divisions;
  std::vector<std::int32_t> indices;
  std::vector<std::int64_t> block_counts;

  // Cell-type modules (agents/cell_modules.hpp): one state per module; see cell_type<M>().
  CellModuleStates cell_types;
};

// The state and parameters of cell-type module M.
template <class M>
typename M::State& cell_type(LesionState& s) noexcept {
  return std::get<typename M::State>(s.cell_types);
}
template <class M>
const typename M::State& cell_type(const LesionState& s) noexcept {
  return std::get<typename M::State>(s.cell_types);
}
template <class M>
const typename M::Params& cell_params(const LesionState& s) noexcept {
  return std::get<typename M::Params>(s.config.cell_types);
}

// x / (x + half) for x > 0, else 0: the saturating response the immune phases share.
inline double hill1(double x, double half) { return x > 0.0 ? x / (x + half) : 0.0; }

}  // namespace isv::agents
