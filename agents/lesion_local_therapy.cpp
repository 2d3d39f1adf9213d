// Locoregional therapies of the lesion: embolic occlusion, locally placed drugs and implanted
// radionuclide (state in local_therapy.hpp), and the per-step phase in which drug and radiation
// kill tumour cells. Embolic ischemia kills nobody here: it lowers perfusion, and the oxygen
// model does the rest (docs/treatments.md).
#include <cmath>
#include <utility>

#include "agents/lesion.hpp"
#include "agents/lesion_kill.hpp"
#include "agents/parallel_loops.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;

void Lesion::embolize(Occlusion occlusion) {
  state_changed();
  occlusion.start_h = time_h();
  local_.add_occlusion(std::move(occlusion));
}

int Lesion::deposit_drug(DrugDeposit deposit) {
  state_changed();
  return local_.add_drug(std::move(deposit));
}

void Lesion::implant_radionuclide(RadionuclideDelivery delivery) {
  state_changed();
  delivery.start_h = time_h();
  local_.add_radionuclide(std::move(delivery));
}

std::vector<std::int32_t> Lesion::lesion_voxels() const {
  std::vector<std::int32_t> voxels;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(lattice_.size()); ++v)
    if (tumor_at_[v] >= 0 || debris_clear_h_[v] >= 0.0f) voxels.push_back(v);
  return voxels;
}

// Drugs and dose advance over the step; then every tumour cell faces the summed log-kill of
// its voxel, -ln S = chemo + radiation, with one draw; a second draw from the same counter
// attributes the death to a mode in proportion to the two terms.
void Lesion::apply_local_therapy(double dt_h) {
  if (!local_.active()) return;
  local_.advance(time_h(), dt_h, perfusion_);
  if (!local_.kills()) return;
  const std::span<const float> chemo = local_.chemo_log_kill();
  const std::span<const float> radiation = local_.radiation_log_kill();
  auto dies = [&](std::int64_t i) {
    const std::int32_t v = tumor_.voxel[i];
    const double log_kill = static_cast<double>(chemo[v]) + radiation[v];
    if (!(log_kill > 0.0)) return false;
    CounterRng rng(seed_, Stream::kLocalTherapyKill, step_, tumor_.id[i]);
    return rng.uniform() < -std::expm1(-log_kill);
  };
  auto mode_of = [&](std::int64_t i) {
    const std::int32_t v = tumor_.voxel[i];
    CounterRng rng(seed_, Stream::kLocalTherapyKill, step_, tumor_.id[i]);
    (void)rng.uniform();  // the survival draw in `dies`
    const double total = static_cast<double>(chemo[v]) + radiation[v];
    return rng.uniform() * total < chemo[v] ? DeathMode::kChemotherapy : DeathMode::kRadiation;
  };
  kill_tumor_where(dies, mode_of);
}

}  // namespace isv::agents
