// The untreated-lesion endpoints of a sweep (docs/sweeps.md, "Untreated lesions and the
// abscopal rate"). The abscopal question compares arms on the lesions no arm treats: a lesion
// counts as untreated in a sweep only if no local treatment (a [[treatment]] other than a
// biopsy that the run applies) acted on it in any sample of the sweep. Systemic drugs touch no
// lesion. So in a sweep with arms RFA of the primary, anti-PD-1 alone and both, only the
// distant lesion counts, in every arm, and the arms' abscopal rates compare like with like.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "model/stats.hpp"
#include "output/run_readout.hpp"
#include "scenarios/sweep_dir.hpp"

namespace isv::output {

// Per sample, (lesion name, treated locally in that sample's run).
using TreatedLesions = std::vector<std::pair<std::string, bool>>;

// Per manifest row: from its run's /summary when the run finished, else from the sample's
// effective scenario (output::treated_lesions), so that the answer does not depend on which
// samples have finished. Throws what scenarios::load_scenario throws for a broken scenario file.
std::vector<TreatedLesions> treated_per_sample(const scenarios::Manifest& m,
                                               const std::vector<std::optional<RunReadout>>& runs,
                                               const scenarios::SweepDir& dir);

// The lesions present in some sample that no sample treated, in name order.
std::vector<std::string> untouched_lesions(std::span<const TreatedLesions> samples);

// One run's endpoints on the untouched lesions present in it.
struct UntreatedEndpoints {
  bool evaluable = false;    // some untouched lesion with a longest diameter > 0 at baseline
  double change_pct = NAN;   // 100 (sum final / sum baseline - 1), longest diameters
  double shrinkage = 0.0;    // clamp(1 - sum final / sum baseline, 0, 1): a Bliss effect
  int abscopal = -1;         // 1 if any has abscopal_response 1, 0 if none, -1 if no flag (no
  int abscopal_viable = -1;  // /summary, or no baseline); the same on the viable diameter
};
UntreatedEndpoints untreated_endpoints(const RunReadout& run,
                                       std::span<const std::string> untouched);

// An arm's summary of its runs' endpoints. Rates have Wilson 95 % intervals; means have 95 %
// percentile bootstrap intervals (model::CounterRng stream kBootstrap, keyed by `seed` and
// `stream_step`, so reproducible; no interval from fewer than two runs).
struct UntreatedArm {
  std::int64_t evaluable = 0;
  std::int64_t abscopal_evaluable = 0, abscopal = 0;
  std::int64_t abscopal_viable_evaluable = 0, abscopal_viable = 0;
  model::Interval abscopal_rate, abscopal_viable_rate;
  model::Interval change_pct{NAN, NAN, NAN}, shrinkage{NAN, NAN, NAN};
};
UntreatedArm untreated_arm(std::span<const UntreatedEndpoints> runs, int resamples,
                           std::uint64_t seed, std::uint64_t stream_step);

// Percentile bootstrap interval of a mean (as above); `values` non-empty.
model::Interval bootstrap_mean(std::span<const double> values, int resamples, std::uint64_t seed,
                               std::uint64_t stream_step, double level = 0.95);

}  // namespace isv::output
