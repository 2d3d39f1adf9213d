// Immune phases of the lesion: fields, T-cell entry, migration, killing and ageing, and
// dendritic-cell recruitment, antigen uptake, maturation and emigration.
#include <algorithm>
#include <cmath>

#include "agents/lesion.hpp"
#include "agents/lesion_kill.hpp"
#include "agents/parallel_loops.hpp"
#include "agents/tcell_behaviour.hpp"
#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;
using model::units::days_to_hours;
using model::units::kHoursPerDay;

namespace {
constexpr double kUm3PerCm3 = 1.0e12;

double hill1(double x, double half) { return x > 0.0 ? x / (x + half) : 0.0; }
}  // namespace

void Lesion::advance_immune_fields(double dt_h) {
  fields_.advance(dt_h, perfusion_, inputs_.drugs);
}

double Lesion::tcell_entry_weight_cm3() const {
  const model::TCellParams& t = config_.immune.tcells;
  const double voxel_cm3 = std::pow(lattice_.voxel_um(), 3) / kUm3PerCm3;
  const std::span<const float> chemokine = fields_.chemokine();
  double sum = 0.0;  // serial, fixed order: deterministic
  for (std::int64_t v = 0; v < lattice_.size(); ++v)
    sum +=
        perfusion_[v] * (1.0 + t.chemokine_entry_boost * hill1(chemokine[v], t.chemokine_half_max));
  return sum * voxel_cm3;
}

float Lesion::draw_tcell_death_h(std::uint64_t id) const {
  const model::TCellParams& t = config_.immune.tcells;
  CounterRng rng(seed_, Stream::kTCellLifespan, step_, id);
  return static_cast<float>(time_h() +
                            rng.lognormal_mean_cv(days_to_hours(t.lifespan_days), t.lifespan_cv));
}

// Arriving cells enter at voxels drawn with probability proportional to the same weight that
// set their number (perfusion x chemokine boost); a full voxel sends the cell back to blood.
void Lesion::place_arriving_tcells(double /*dt_h*/) {
  const int antigens = config_.immune.antigens.count;
  std::int64_t total = 0;
  for (const std::int32_t n : inputs_.arriving_tcells) total += n;
  if (total == 0) return;
  const model::TCellParams& t = config_.immune.tcells;
  std::vector<double>& cumulative = entry_cdf_;
  cumulative.resize(static_cast<std::size_t>(lattice_.size()));
  const std::span<const float> chemokine = fields_.chemokine();
  double sum = 0.0;
  for (std::int64_t v = 0; v < lattice_.size(); ++v) {
    sum +=
        perfusion_[v] * (1.0 + t.chemokine_entry_boost * hill1(chemokine[v], t.chemokine_half_max));
    cumulative[v] = sum;
  }
  for (int k = 0; k < antigens && k < static_cast<int>(inputs_.arriving_tcells.size()); ++k) {
    for (std::int32_t c = 0; c < inputs_.arriving_tcells[k]; ++c) {
      const std::uint64_t id = next_tcell_id_;
      CounterRng rng(seed_, Stream::kTCellPlacement, step_, id);
      const double u = rng.uniform() * sum;
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
      const auto v = static_cast<std::int32_t>(
          std::min<std::ptrdiff_t>(it - cumulative.begin(), lattice_.size() - 1));
      if (!(sum > 0.0) || !tcell_room(v)) {
        ++outputs_.unplaced_tcells[k];
        continue;
      }
      ++next_tcell_id_;
      tcells_.append(id, v, static_cast<std::uint8_t>(k), draw_tcell_death_h(id),
                     static_cast<std::uint8_t>(t.max_divisions));
      ++tcell_count_[v];
      ++tcells_arrived_total_;
    }
  }
}

// speed x step / voxel moves per step (tcell_moves_per_step), each a two-phase update: every
// cell proposes a voxel (reading the counts of the previous move), then proposals are accepted
// in (target, priority, id) order while the target has room as counted before the move.
void Lesion::move_tcells(double dt_h) {
  const model::TCellParams& t = config_.immune.tcells;
  const int moves = std::min(tcell_moves_per_step(t.speed_um_per_min, dt_h, lattice_.voxel_um()),
                             kMaxMovesPerStep);
  const auto n = static_cast<std::int64_t>(tcells_.size());
  if (n == 0 || moves <= 0) return;
  const TCellContext ctx = tcell_context();
  for (int m = 0; m < moves; ++m) {
    moves_.resize(static_cast<std::size_t>(n));
    for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tcell.move.decide"
      const TCellMoveIntent intent = decide_tcell_move(tcells_, i, ctx, m);
      moves_[i] = {intent.target, intent.priority, tcells_.id[i], static_cast<std::int32_t>(i)};
    });
    std::erase_if(moves_, [](const Proposal& mv) { return mv.target < 0; });
    commit_proposals(
        moves_, [&](std::int32_t target) { return t.max_per_voxel - tcell_count_[target]; },
        [&](const Proposal& mv) {
          --tcell_count_[tcells_.voxel[mv.agent]];
          tcells_.voxel[mv.agent] = mv.target;
          ++tcell_count_[mv.target];
        });
  }
}

TCellContext Lesion::tcell_context() const {
  return TCellContext{lattice_,       tumor_, tumor_at_, tcell_count_, fields_,
                      config_.immune, dt_h_,  seed_,     step_};
}

// Engage, kill and divide. Decisions read the previous state in parallel; kills are committed
// in (target, priority, id) order so each tumour cell dies once, to the first killer.
void Lesion::act_tcells(double dt_h) {
  const auto n = static_cast<std::int64_t>(tcells_.size());
  if (n == 0) return;
  const TCellContext ctx = tcell_context();
  act_intents_.resize(static_cast<std::size_t>(n));
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tcell.act.decide"
    act_intents_[i] = decide_tcell_act(tcells_, i, ctx);
  });
  const model::TCellParams& t = config_.immune.tcells;
  kills_.clear();
  for (std::int64_t i = 0; i < n; ++i) {
    const TCellActIntent& a = act_intents_[i];
    tcells_.exhaustion[i] = a.exhaustion;
    tcells_.engaged[i] = a.engaged;
    if (a.engaged)
      fields_.add_ifng_secretion(tcells_.voxel[i], static_cast<float>(t.ifng_secretion_per_h));
    if (a.kill_target >= 0)
      kills_.push_back({a.kill_target, a.priority, tcells_.id[i], static_cast<std::int32_t>(i)});
  }
  (void)dt_h;
  std::vector<std::uint8_t>& dies = dead_flags_;
  dies.assign(tumor_.size(), 0);
  model::Lattice::Neighbours neighbours;
  commit_proposals(kills_, one_per_target, [&](const Proposal& k) {
    dies[k.target] = 1;
    ++tcell_kills_total_;
    // Division after a kill: the daughter goes to the killer's voxel or its first neighbour
    // with room (fixed neighbour order), if any.
    if (tcells_.divisions_left[k.agent] == 0) return;
    const std::int32_t home = tcells_.voxel[k.agent];
    std::int32_t spot = tcell_room(home) ? home : -1;
    if (spot < 0) {
      const int nn = lattice_.moore_neighbours(home, neighbours);
      for (int j = 0; j < nn && spot < 0; ++j)
        if (tcell_room(neighbours[j])) spot = neighbours[j];
    }
    if (spot < 0) return;
    const std::uint8_t left = --tcells_.divisions_left[k.agent];
    const std::uint64_t id = next_tcell_id_++;
    tcells_.append(id, spot, tcells_.specificity[k.agent], draw_tcell_death_h(id), left);
    ++tcell_count_[spot];
  });
  kill_tumor_where([&](std::int64_t i) { return dies[i] != 0; },
                   [](std::int64_t) { return DeathMode::kTCellKill; });
}

void Lesion::age_tcells(double /*dt_h*/) {
  const auto now_h = static_cast<float>(end_time_h());
  remove_tcells_where([&](std::int64_t i) { return tcells_.death_h[i] <= now_h; });
}

// Immature DCs arrive at perfused voxels at a rate saturating in the local DAMP (and adjuvant).
void Lesion::recruit_dcs(double dt_h) {
  const model::DendriticCellParams& d = config_.immune.dcs;
  const double voxel_cm3 = std::pow(lattice_.voxel_um(), 3) / kUm3PerCm3;
  const double rate = d.recruitment_per_cm3_per_h * voxel_cm3 * dt_h;
  const std::span<const float> damp = fields_.damp();
  model::parallel_compact(
      lattice_.size(),
      [&](std::int64_t v) {
        // Danger = DAMP plus any injected adjuvant's DAMP-equivalent (local_therapy.hpp).
        const float danger = damp[v] + local_.danger_at(static_cast<std::int32_t>(v));
        if (danger <= 0.0f || perfusion_[v] <= 0.0f) return false;
        const double p = -std::expm1(-rate * perfusion_[v] * hill1(danger, d.damp_half_max));
        CounterRng rng(seed_, Stream::kDcRecruitment, step_, static_cast<std::uint64_t>(v));
        return rng.uniform() < p;
      },
      indices_, block_counts_);
  for (const std::int32_t v : indices_) dcs_.append(next_dc_id_++, v);
}

// Serial: DCs are few, and two DCs in one voxel share its antigen in id order.
void Lesion::update_dcs(double dt_h) {
  const model::DendriticCellParams& d = config_.immune.dcs;
  const int antigens = config_.immune.antigens.count;
  const double take = -std::expm1(-dt_h * d.uptake_rate_per_day / kHoursPerDay);
  const std::span<const float> damp = fields_.damp();
  dc_keep_.assign(dcs_.size(), 1);
  for (std::size_t i = 0; i < dcs_.size(); ++i) {
    const std::int32_t v = dcs_.voxel[i];
    float* load = dcs_.load_of(i);
    for (int k = 0; k < antigens; ++k) {
      float& a = fields_.antigen(k)[v];
      const auto taken = static_cast<float>(a * take);
      load[k] += taken;
      a -= taken;
    }
    CounterRng rng(seed_, Stream::kDcFate, step_, dcs_.id[i]);
    if (dcs_.mature[i] == 0) {
      const double mature_rate =
          d.maturation_rate_per_day * hill1(damp[v] + local_.danger_at(v), d.damp_half_max);
      if (rng.uniform() < -std::expm1(-dt_h * mature_rate / kHoursPerDay)) {
        dcs_.mature[i] = 1;
      } else if (rng.uniform() <
                 -std::expm1(-dt_h * d.immature_death_rate_per_day / kHoursPerDay)) {
        dc_keep_[i] = 0;  // dies; its antigen is lost
      }
    } else if (rng.uniform() < -std::expm1(-dt_h * d.migration_rate_per_day / kHoursPerDay)) {
      for (int k = 0; k < antigens; ++k) outputs_.dc_antigen_export[k] += load[k];
      dc_keep_[i] = 0;  // left for the lymph node
    }
  }
  keep_flagged(dcs_, dc_keep_);
}

}  // namespace isv::agents
