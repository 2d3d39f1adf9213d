// Synergy of each declared [[synergy]] combination over its two monotherapy arms, for `sweep
// gather` (sweep_gather.hpp): Bliss independence and highest single agent, point estimates
// from the arm means and 95 % intervals from a paired bootstrap over patients
// (model::paired_bootstrap_synergy). Measures on the patient (RECIST and mRECIST response,
// shrinkage of the target sum) and on the sweep's untreated lesions (abscopal response on the
// longest and on the viable diameter, shrinkage; sweep_untreated.hpp).
#pragma once

#include <optional>
#include <vector>

#include "output/run_readout.hpp"
#include "output/sweep_untreated.hpp"
#include "output/text_table.hpp"
#include "scenarios/sweep_dir.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::output {

// One row per (synergy, measure). runs[i] and untreated[i] belong to manifest row i (no value
// for an unfinished sample). A paired unit (point, patient, replicate) counts for a measure if
// its three arms finished and, for an untreated-lesion measure, are evaluable on it.
TextTable synergy_table(const scenarios::Manifest& m, const scenarios::SweepSpec& spec,
                        const std::vector<std::optional<RunReadout>>& runs,
                        const std::vector<UntreatedEndpoints>& untreated);

}  // namespace isv::output
