// Tumour-cell phases of the lesion: initial seeding, fate decisions, divisions, deaths and
// what dying cells release, PD-L1 expression (reads and writes: see tumor_phases.hpp).
#include "agents/tumor_phases.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "agents/lesion_kill.hpp"
#include "agents/parallel_loops.hpp"
#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;
using model::units::days_to_hours;
using model::units::kHoursPerDay;

void seed_initial_tumor(LesionState& s) {
  const double r_um = s.config.tumor.initial_radius_um;
  const auto centre = s.lattice.centre_um(s.lattice.index(s.lattice.centre_voxel()));
  const double fill = s.config.initial_fill_fraction;
  const int antigens = s.config.immune.antigens.count;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(s.lattice.size()); ++v) {
    const auto c = s.lattice.centre_um(v);
    const double dx = c[0] - centre[0], dy = c[1] - centre[1], dz = c[2] - centre[2];
    if (dx * dx + dy * dy + dz * dz > r_um * r_um) continue;
    if (fill < 1.0) {
      CounterRng pick(s.seed, Stream::kInitialPlacement, 0, static_cast<unsigned>(v));
      if (pick.uniform() >= fill) continue;
    }
    const std::uint64_t id = s.next_cell_id++;
    const float length_h =
        draw_cycle_length_h(s.config.tumor, s.seed, Stream::kInitialCycleLength, 0, id);
    CounterRng age_rng(s.seed, Stream::kInitialCycleAge, 0, id);
    const float age_h = static_cast<float>(age_rng.uniform() * length_h);
    std::uint64_t mask = 0;
    CounterRng antigen_rng(s.seed, Stream::kInitialAntigens, 0, id);
    for (int k = 0; k < antigens; ++k) {
      const double fraction =
          s.config.antigen_fractions.empty() ? 1.0 : s.config.antigen_fractions[k];
      if (antigen_rng.uniform() < fraction) mask |= std::uint64_t{1} << k;
    }
    s.tumor.append(id, v, length_h, age_h, mask, 1.0f);
  }
  rebuild_tumor_index(s);
}

void decide_tumor_fates(LesionState& s, double dt_h) {
  s.intents.resize(s.tumor.size());
  const TumorContext ctx{s.lattice,      s.oxygen_mmHg, s.tumor_at, s.debris_clear_h,
                         s.config.tumor, dt_h,          s.seed,     s.step};
  for_each_index(static_cast<std::int64_t>(s.tumor.size()), kCellGrain,
                 [&](std::int64_t i) { s.intents[i] = decide_tumor(s.tumor, i, ctx); });
}

void commit_tumor_fates(LesionState& s, double /*dt_h*/) {
  const auto n = static_cast<std::int64_t>(s.tumor.size());
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tumor.commit.own"
    s.tumor.phase[i] = s.intents[i].phase;
    s.tumor.cycle_age_h[i] = s.intents[i].cycle_age_h;
  });

  // Divisions: in (target voxel, priority, id) order, the first proposal per voxel wins.
  model::parallel_compact(
      n, [&](std::int64_t i) { return s.intents[i].action == TumorAction::kDivide; }, s.indices,
      s.block_counts);
  s.divisions.resize(s.indices.size());
  for_each_index(static_cast<std::int64_t>(s.indices.size()), kCellGrain, [&](std::int64_t k) {
    const std::int32_t i = s.indices[k];
    s.divisions[k] = {s.intents[i].target, s.intents[i].priority, s.tumor.id[i], i};
  });
  const double loss = s.config.immune.antigens.loss_per_division;
  commit_proposals(s.divisions, one_per_target, [&](const Proposal& d) {
    const std::uint64_t daughter = s.next_cell_id++;
    s.tumor.cycle_age_h[d.agent] = 0.0f;
    s.tumor.cycle_length_h[d.agent] =
        draw_cycle_length_h(s.config.tumor, s.seed, Stream::kCycleLength, s.step, d.id);
    std::uint64_t mask = s.tumor.antigen_mask[d.agent];
    if (loss > 0.0 && mask != 0) {
      CounterRng rng(s.seed, Stream::kAntigenLoss, s.step, daughter);
      for (std::uint64_t bits = mask; bits != 0; bits &= bits - 1) {
        const std::uint64_t bit = bits & (~bits + 1);
        if (rng.uniform() < loss) mask &= ~bit;
      }
    }
    s.tumor.append(
        daughter, d.target,
        draw_cycle_length_h(s.config.tumor, s.seed, Stream::kCycleLength, s.step, daughter), 0.0f,
        mask, s.tumor.pdl1[d.agent]);
    s.tumor_at[d.target] = static_cast<std::int32_t>(s.tumor.size() - 1);
  });

  // Deaths decided this step (daughters, appended above, have no intent and survive).
  kill_tumor_where(
      s, [&](std::int64_t i) { return i < n && s.intents[i].action == TumorAction::kDie; },
      [&](std::int64_t i) { return s.intents[i].death_mode; });
}

// Intact antigen (per expressed antigen) and DAMP go into the dying cell's voxel.
void release_from_death(LesionState& s, std::int32_t cell, DeathMode mode, double antigen_scale) {
  const model::DeathReleaseParams& r = s.config.immune.death_release;
  double antigen = 0.0, damp = 0.0;
  switch (mode) {
    case DeathMode::kTCellKill:
      antigen = r.tcell_kill_antigen;
      damp = r.tcell_kill_damp;
      break;
    case DeathMode::kApoptosis:
      antigen = r.apoptosis_antigen;
      damp = r.apoptosis_damp;
      break;
    case DeathMode::kNecrosis:
      antigen = r.necrosis_antigen;
      damp = r.necrosis_damp;
      break;
    case DeathMode::kCoagulation:
      antigen = r.coagulation_antigen;
      damp = r.coagulation_damp;
      break;
    case DeathMode::kFreeze:
      antigen = r.freeze_antigen;
      damp = r.freeze_damp;
      break;
    case DeathMode::kElectroporation:
      antigen = r.electroporation_antigen;
      damp = r.electroporation_damp;
      break;
    case DeathMode::kRadiation:
      antigen = r.radiation_antigen;
      damp = r.radiation_damp;
      break;
    case DeathMode::kChemotherapy:
      antigen = r.chemotherapy_antigen;
      damp = r.chemotherapy_damp;
      break;
  }
  antigen *= antigen_scale;
  const std::int32_t v = s.tumor.voxel[cell];
  s.fields.damp()[v] += static_cast<float>(damp);
  for (std::uint64_t bits = s.tumor.antigen_mask[cell]; bits != 0; bits &= bits - 1) {
    const int k = std::countr_zero(bits);
    s.fields.antigen(k)[v] += static_cast<float>(antigen);
    s.antigen_released_total[k] += antigen;
  }
}

// PD-L1 relaxes toward its IFN-gamma-set level: 1 + (max_fold - 1) * Hill(IFN).
void update_pdl1(LesionState& s, double dt_h) {
  const model::Pdl1Params& p = s.config.immune.pdl1;
  const float keep = static_cast<float>(std::exp(-dt_h * p.relax_rate_per_day / kHoursPerDay));
  const std::span<const float> ifng = s.fields.ifng();
  for_each_index(static_cast<std::int64_t>(s.tumor.size()), kCellGrain, [&](std::int64_t i) {
    const double c = ifng[s.tumor.voxel[i]];
    const double h = c > 0.0 ? 1.0 / (1.0 + std::pow(p.ifng_ec50_ng_per_ml / c, p.ifng_hill)) : 0.0;
    const auto target = static_cast<float>(1.0 + (p.max_fold - 1.0) * h);
    s.tumor.pdl1[i] = target + (s.tumor.pdl1[i] - target) * keep;
  });
}

void rebuild_tumor_index(LesionState& s) {
  std::fill(s.tumor_at.begin(), s.tumor_at.end(), -1);
  for_each_index(static_cast<std::int64_t>(s.tumor.size()), kCellGrain, [&](std::int64_t i) {
    s.tumor_at[s.tumor.voxel[i]] = static_cast<std::int32_t>(i);
  });
}

}  // namespace isv::agents
