// Voxel-field module of the agent lesion: free functions over LesionState.
//   reads:  config (perfusion, oxygen), tumor_at, debris_clear_h, perfusion_ceiling, local
//           (embolic occlusion), inputs (drugs), step
//   writes: vessels, flow_multiplier, perfusion, oxygen_mmHg (+ sink, source, oxygen_report),
//           fields (all immune fields), debris_clear_h (clearance)
#pragma once

#include "agents/lesion_state.hpp"
#include "model/tumor_params.hpp"

namespace isv::agents {

// Oxygen of perfused tissue without tumour: the far-field (boundary) value.
double tissue_oxygen_mmHg(const model::OxygenParams& o);

// Phase "perfusion": vessels regress under tumour and debris and recover in free tissue,
// never above the ceiling; perfusion = vessels x embolic flow multiplier.
void update_perfusion(LesionState& s, double dt_h);
// Phase "oxygen": steady-state oxygen for the current perfusion and tumour (warm start).
void solve_oxygen(LesionState& s, double dt_h);
// Phase "immune_fields": DAMP, chemokine, IFN-gamma, antigen and antibody fields advance.
void advance_immune_fields(LesionState& s, double dt_h);
// Phase "debris": debris whose clearance time has come is cleared.
void clear_debris(LesionState& s, double dt_h);

}  // namespace isv::agents
