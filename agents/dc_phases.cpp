// Dendritic-cell phases of the lesion: recruitment, antigen uptake, maturation, emigration
// (reads and writes: see dc_phases.hpp).
#include "agents/dc_phases.hpp"

#include <cmath>

#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;
using model::units::kHoursPerDay;

// Immature DCs arrive at perfused voxels at a rate saturating in the local DAMP (and adjuvant).
void recruit_dcs(LesionState& s, double dt_h) {
  const model::DendriticCellParams& d = s.config.immune.dcs;
  const double rate = d.recruitment_per_cm3_per_h * s.voxel_cm3() * dt_h;
  const std::span<const float> damp = s.fields.damp();
  model::parallel_compact(
      s.lattice.size(),
      [&](std::int64_t v) {
        // Danger = DAMP plus any injected adjuvant's DAMP-equivalent (local_therapy.hpp).
        const float danger = damp[v] + s.local.danger_at(static_cast<std::int32_t>(v));
        if (danger <= 0.0f || s.perfusion[v] <= 0.0f) return false;
        const double p = -std::expm1(-rate * s.perfusion[v] * hill1(danger, d.damp_half_max));
        CounterRng rng(s.seed, Stream::kDcRecruitment, s.step, static_cast<std::uint64_t>(v));
        return rng.uniform() < p;
      },
      s.indices, s.block_counts);
  for (const std::int32_t v : s.indices) s.dcs.append(s.next_dc_id++, v);
}

// Serial: DCs are few, and two DCs in one voxel share its antigen in id order.
void update_dcs(LesionState& s, double dt_h) {
  const model::DendriticCellParams& d = s.config.immune.dcs;
  const int antigens = s.config.immune.antigens.count;
  const double take = -std::expm1(-dt_h * d.uptake_rate_per_day / kHoursPerDay);
  const std::span<const float> damp = s.fields.damp();
  s.dc_keep.assign(s.dcs.size(), 1);
  for (std::size_t i = 0; i < s.dcs.size(); ++i) {
    const std::int32_t v = s.dcs.voxel[i];
    float* load = s.dcs.load_of(i);
    for (int k = 0; k < antigens; ++k) {
      float& a = s.fields.antigen(k)[v];
      const auto taken = static_cast<float>(a * take);
      load[k] += taken;
      a -= taken;
    }
    CounterRng rng(s.seed, Stream::kDcFate, s.step, s.dcs.id[i]);
    if (s.dcs.mature[i] == 0) {
      const double mature_rate =
          d.maturation_rate_per_day * hill1(damp[v] + s.local.danger_at(v), d.damp_half_max);
      if (rng.uniform() < -std::expm1(-dt_h * mature_rate / kHoursPerDay)) {
        s.dcs.mature[i] = 1;
      } else if (rng.uniform() <
                 -std::expm1(-dt_h * d.immature_death_rate_per_day / kHoursPerDay)) {
        s.dc_keep[i] = 0;  // dies; its antigen is lost
      }
    } else if (rng.uniform() < -std::expm1(-dt_h * d.migration_rate_per_day / kHoursPerDay)) {
      for (int k = 0; k < antigens; ++k) s.outputs.dc_antigen_export[k] += load[k];
      s.dc_keep[i] = 0;  // left for the lymph node
    }
  }
  keep_flagged(s.dcs, s.dc_keep);
}

std::int64_t remove_flagged_dcs(LesionState& s, const std::vector<std::uint8_t>& dies) {
  std::vector<std::uint8_t> keep(dies.size());
  std::int64_t killed = 0;
  for (std::size_t i = 0; i < dies.size(); ++i) {
    keep[i] = dies[i] == 0 ? 1 : 0;
    killed += dies[i];
  }
  if (killed > 0) keep_flagged(s.dcs, keep);  // their antigen load is lost with them
  return killed;
}

}  // namespace isv::agents
