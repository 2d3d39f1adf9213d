// Local-therapy module of the agent lesion (the per-step part; the therapies are given through
// Lesion::embolize, deposit_drug and implant_radionuclide).
//   reads:  local (drugs, radionuclides), perfusion, seed, step, tumor
//   writes: local (drug and dose fields), tumour deaths by chemotherapy or radiation (via
//           lesion_kill.hpp)
#pragma once

#include "agents/lesion_state.hpp"

namespace isv::agents {

// Phase "local_therapy" (only while a local therapy is active): drugs and dose advance over
// the step; every tumour cell faces its voxel's summed log-kill with one draw.
void apply_local_therapy(LesionState& s, double dt_h);

}  // namespace isv::agents
