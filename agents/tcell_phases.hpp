// T-cell module of the agent lesion: free functions over LesionState.
//   reads:  config (immune.tcells), seed, step, lattice, perfusion, fields (chemokine and what
//           tcell_behaviour reads), tumor, tumor_at, inputs (arriving_tcells)
//   writes: tcells (+ tcells_spare), tcell_count, next_tcell_id, tcells_arrived_total,
//           tcell_kills_total, fields (IFN-gamma secretion), outputs (unplaced_tcells),
//           (reads Tregs per voxel, agents/treg_module.hpp, for the kill decision)
//           tumour deaths by T-cell kill (via lesion_kill.hpp), scratch (entry_cdf, moves,
//           act_intents, kills, dead_flags)
// Per-cell decisions live in agents/tcell_behaviour.hpp; this module commits them.
#pragma once

#include <cstdint>

#include "agents/lesion_state.hpp"

namespace isv::agents {

// Perfused volume weighted by the chemokine entry boost (cm^3).
double tcell_entry_weight_cm3(const LesionState& s);
// Fills entry_cdf with the cumulative entry weight over voxels (lattice order); returns the
// total. Shared by every cell type entering from blood.
double fill_tcell_entry_cdf(LesionState& s);
// Time of death (h) of a T cell with id `id` entering or born in the current step.
float draw_tcell_death_h(const LesionState& s, std::uint64_t id);
// What the per-cell T-cell decisions read.
TCellContext tcell_context(const LesionState& s);

// Phase "tcell.enter": arriving cells take voxels drawn by entry weight; a full voxel sends
// the cell back to blood (outputs.unplaced_tcells).
void place_arriving_tcells(LesionState& s, double dt_h);
// Phase "tcell.move": the moves of one step, each a propose-then-commit round.
void move_tcells(LesionState& s, double dt_h);
// Phase "tcell.act": engage, secrete IFN-gamma, kill (first killer wins), divide.
void act_tcells(LesionState& s, double dt_h);
// Phase "tcell.age": cells past their lifespan leave.
void age_tcells(LesionState& s, double dt_h);

}  // namespace isv::agents
