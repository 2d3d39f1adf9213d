// Tumour-cell module of the agent lesion: free functions over LesionState.
//   reads:  config (tumour, antigens, PD-L1, death release), seed, step, lattice, oxygen_mmHg,
//           debris_clear_h, fields (IFN-gamma)
//   writes: tumor (+ tumor_spare, intents), tumor_at, debris_clear_h, deaths_*, next_cell_id,
//           fields (DAMP, antigen released by deaths), antigen_released_total
// Per-cell decisions live in agents/tumor_behaviour.hpp; this module commits them.
#pragma once

#include <cstdint>

#include "agents/death_mode.hpp"
#include "agents/lesion_state.hpp"

namespace isv::agents {

// Fills the initial sphere (config.tumor.initial_radius_um, initial_fill_fraction).
void seed_initial_tumor(LesionState& s);
// Phase "tumor.pdl1": PD-L1 relaxes toward its IFN-gamma-set level.
void update_pdl1(LesionState& s, double dt_h);
// Phase "tumor.decide": every cell's intent (cycle, divide, die) from the previous state.
void decide_tumor_fates(LesionState& s, double dt_h);
// Phase "tumor.commit": divisions (one per target voxel) then the decided deaths.
void commit_tumor_fates(LesionState& s, double dt_h);
// Intact antigen and DAMP from tumour cell `cell` dying by `mode` go into its voxel.
void release_from_death(LesionState& s, std::int32_t cell, DeathMode mode, double antigen_scale);
// tumor_at from the store (after any change of the store's order).
void rebuild_tumor_index(LesionState& s);

}  // namespace isv::agents
