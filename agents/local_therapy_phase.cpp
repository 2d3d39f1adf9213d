// The per-step phase of the locoregional therapies (reads and writes: see
// local_therapy_phase.hpp). Embolic ischemia kills nobody here: it lowers perfusion, and the
// oxygen model does the rest (docs/treatments.md).
#include "agents/local_therapy_phase.hpp"

#include <cmath>

#include "agents/lesion_kill.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;

// Drugs and dose advance over the step; then every tumour cell faces the summed log-kill of
// its voxel, -ln S = chemo + radiation, with one draw; a second draw from the same counter
// attributes the death to a mode in proportion to the two terms.
void apply_local_therapy(LesionState& s, double dt_h) {
  if (!s.local.active()) return;
  s.local.advance(s.time_h(), dt_h, s.perfusion);
  if (!s.local.kills()) return;
  const std::span<const float> chemo = s.local.chemo_log_kill();
  const std::span<const float> radiation = s.local.radiation_log_kill();
  auto dies = [&](std::int64_t i) {
    const std::int32_t v = s.tumor.voxel[i];
    const double log_kill = static_cast<double>(chemo[v]) + radiation[v];
    if (!(log_kill > 0.0)) return false;
    CounterRng rng(s.seed, Stream::kLocalTherapyKill, s.step, s.tumor.id[i]);
    return rng.uniform() < -std::expm1(-log_kill);
  };
  auto mode_of = [&](std::int64_t i) {
    const std::int32_t v = s.tumor.voxel[i];
    CounterRng rng(s.seed, Stream::kLocalTherapyKill, s.step, s.tumor.id[i]);
    (void)rng.uniform();  // the survival draw in `dies`
    const double total = static_cast<double>(chemo[v]) + radiation[v];
    return rng.uniform() * total < chemo[v] ? DeathMode::kChemotherapy : DeathMode::kRadiation;
  };
  kill_tumor_where(s, dies, mode_of);
}

}  // namespace isv::agents
