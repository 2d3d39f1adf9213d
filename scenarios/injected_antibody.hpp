// Coupling of intratumorally injected antibody to the patient: what a lesion's deposit leaked to
// blood over the last step enters the systemic PK of that antibody (docs/treatments.md).
#pragma once

#include "agents/lesion.hpp"
#include "model/systemic_model.hpp"

namespace isv::scenarios {

// Adds each of `lesion`'s antibody deposits' last-step leak to blood to the central compartment
// of the same-named drug in `systemic`. A deposit whose drug the systemic model does not hold
// (no [[dose]] of it in the scenario) is left to the lesion's ledger. Returns the mg added.
double add_leaked_antibody(const agents::Lesion& lesion, model::SystemicModel& systemic);

}  // namespace isv::scenarios
