// Dendritic-cell module of the agent lesion: free functions over LesionState.
//   reads:  config (immune.dcs, antigens), seed, step, lattice, perfusion, fields (DAMP),
//           local (adjuvant danger)
//   writes: dcs, next_dc_id, fields (antigen taken up), outputs (dc_antigen_export), scratch
//           (indices, block_counts, dc_keep)
#pragma once

#include <cstdint>
#include <vector>

#include "agents/lesion_state.hpp"

namespace isv::agents {

// Phase "dc.recruit": immature DCs arrive at perfused voxels, saturating in the local danger.
void recruit_dcs(LesionState& s, double dt_h);
// Phase "dc.update": antigen uptake, maturation, death of immature cells, emigration of mature
// ones to the lymph node (their load is exported).
void update_dcs(LesionState& s, double dt_h);
// Removes the dendritic cells with dies[i] != 0 (their antigen load is lost with them);
// returns the number removed (treatments).
std::int64_t remove_flagged_dcs(LesionState& s, const std::vector<std::uint8_t>& dies);

}  // namespace isv::agents
