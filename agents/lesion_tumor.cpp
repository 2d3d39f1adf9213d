// Tumour-cell phases of the lesion: initial seeding, fate decisions, divisions, deaths and
// what dying cells release, PD-L1 expression.
#include <algorithm>
#include <bit>
#include <cmath>

#include "agents/lesion.hpp"
#include "agents/lesion_kill.hpp"
#include "agents/parallel_loops.hpp"
#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;
using model::units::days_to_hours;
using model::units::kHoursPerDay;

void Lesion::seed_initial_tumor() {
  const double r_um = config_.tumor.initial_radius_um;
  const auto centre = lattice_.centre_um(lattice_.index(lattice_.centre_voxel()));
  const double fill = config_.initial_fill_fraction;
  const int antigens = config_.immune.antigens.count;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(lattice_.size()); ++v) {
    const auto c = lattice_.centre_um(v);
    const double dx = c[0] - centre[0], dy = c[1] - centre[1], dz = c[2] - centre[2];
    if (dx * dx + dy * dy + dz * dz > r_um * r_um) continue;
    if (fill < 1.0) {
      CounterRng pick(seed_, Stream::kInitialPlacement, 0, static_cast<unsigned>(v));
      if (pick.uniform() >= fill) continue;
    }
    const std::uint64_t id = next_cell_id_++;
    const float length_h =
        draw_cycle_length_h(config_.tumor, seed_, Stream::kInitialCycleLength, 0, id);
    CounterRng age_rng(seed_, Stream::kInitialCycleAge, 0, id);
    const float age_h = static_cast<float>(age_rng.uniform() * length_h);
    std::uint64_t mask = 0;
    CounterRng antigen_rng(seed_, Stream::kInitialAntigens, 0, id);
    for (int k = 0; k < antigens; ++k) {
      const double fraction =
          config_.antigen_fractions.empty() ? 1.0 : config_.antigen_fractions[k];
      if (antigen_rng.uniform() < fraction) mask |= std::uint64_t{1} << k;
    }
    tumor_.append(id, v, length_h, age_h, mask, 1.0f);
  }
  rebuild_tumor_index();
}

void Lesion::decide_tumor_fates(double dt_h) {
  intents_.resize(tumor_.size());
  const TumorContext ctx{lattice_,      oxygen_mmHg_, tumor_at_, debris_clear_h_,
                         config_.tumor, dt_h,         seed_,     step_};
  for_each_index(static_cast<std::int64_t>(tumor_.size()), kCellGrain,
                 [&](std::int64_t i) { intents_[i] = decide_tumor(tumor_, i, ctx); });
}

void Lesion::commit_tumor_fates(double /*dt_h*/) {
  const auto n = static_cast<std::int64_t>(tumor_.size());
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tumor.commit.own"
    tumor_.phase[i] = intents_[i].phase;
    tumor_.cycle_age_h[i] = intents_[i].cycle_age_h;
  });

  // Divisions: in (target voxel, priority, id) order, the first proposal per voxel wins.
  model::parallel_compact(
      n, [&](std::int64_t i) { return intents_[i].action == TumorAction::kDivide; }, indices_,
      block_counts_);
  divisions_.resize(indices_.size());
  for_each_index(static_cast<std::int64_t>(indices_.size()), kCellGrain, [&](std::int64_t k) {
    const std::int32_t i = indices_[k];
    divisions_[k] = {intents_[i].target, intents_[i].priority, tumor_.id[i], i};
  });
  const double loss = config_.immune.antigens.loss_per_division;
  commit_proposals(divisions_, one_per_target, [&](const Proposal& d) {
    const std::uint64_t daughter = next_cell_id_++;
    tumor_.cycle_age_h[d.agent] = 0.0f;
    tumor_.cycle_length_h[d.agent] =
        draw_cycle_length_h(config_.tumor, seed_, Stream::kCycleLength, step_, d.id);
    std::uint64_t mask = tumor_.antigen_mask[d.agent];
    if (loss > 0.0 && mask != 0) {
      CounterRng rng(seed_, Stream::kAntigenLoss, step_, daughter);
      for (std::uint64_t bits = mask; bits != 0; bits &= bits - 1) {
        const std::uint64_t bit = bits & (~bits + 1);
        if (rng.uniform() < loss) mask &= ~bit;
      }
    }
    tumor_.append(daughter, d.target,
                  draw_cycle_length_h(config_.tumor, seed_, Stream::kCycleLength, step_, daughter),
                  0.0f, mask, tumor_.pdl1[d.agent]);
    tumor_at_[d.target] = static_cast<std::int32_t>(tumor_.size() - 1);
  });

  // Deaths decided this step (daughters, appended above, have no intent and survive).
  kill_tumor_where([&](std::int64_t i) { return i < n && intents_[i].action == TumorAction::kDie; },
                   [&](std::int64_t i) { return intents_[i].death_mode; });
}

// Intact antigen (per expressed antigen) and DAMP go into the dying cell's voxel.
void Lesion::release_from_death(std::int32_t cell, DeathMode mode, double antigen_scale) {
  const model::DeathReleaseParams& r = config_.immune.death_release;
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
  const std::int32_t v = tumor_.voxel[cell];
  fields_.damp()[v] += static_cast<float>(damp);
  for (std::uint64_t bits = tumor_.antigen_mask[cell]; bits != 0; bits &= bits - 1) {
    const int k = std::countr_zero(bits);
    fields_.antigen(k)[v] += static_cast<float>(antigen);
    antigen_released_total_[k] += antigen;
  }
}

// PD-L1 relaxes toward its IFN-gamma-set level: 1 + (max_fold - 1) * Hill(IFN).
void Lesion::update_pdl1(double dt_h) {
  const model::Pdl1Params& p = config_.immune.pdl1;
  const float keep = static_cast<float>(std::exp(-dt_h * p.relax_rate_per_day / kHoursPerDay));
  const std::span<const float> ifng = fields_.ifng();
  for_each_index(static_cast<std::int64_t>(tumor_.size()), kCellGrain, [&](std::int64_t i) {
    const double c = ifng[tumor_.voxel[i]];
    const double h = c > 0.0 ? 1.0 / (1.0 + std::pow(p.ifng_ec50_ng_per_ml / c, p.ifng_hill)) : 0.0;
    const auto target = static_cast<float>(1.0 + (p.max_fold - 1.0) * h);
    tumor_.pdl1[i] = target + (tumor_.pdl1[i] - target) * keep;
  });
}

}  // namespace isv::agents
