// The lesion step plan and its phases.
#include "agents/lesion.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>

#include "model/parallel_compact.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::days_to_hours;
using model::units::per_minute_to_per_hour;

constexpr std::size_t kCellGrain = 1 << 12;
constexpr std::int64_t kVoxelGrain = 1 << 14;

template <class F>
void for_each_index(std::int64_t n, std::int64_t grain, F&& f) {
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, n, grain),
                    [&](const tbb::blocked_range<std::int64_t>& r) {
                      for (std::int64_t i = r.begin(); i != r.end(); ++i) f(i);
                    });
}

}  // namespace

const std::array<Lesion::Phase, Lesion::kPhaseCount> Lesion::kPlan{{
    {"perfusion", &Lesion::update_perfusion},
    {"oxygen", &Lesion::solve_oxygen},
    {"tumor.decide", &Lesion::decide_tumor_fates},
    {"tumor.commit", &Lesion::commit_tumor_fates},
    {"debris", &Lesion::clear_debris},
}};

std::span<const Lesion::Phase> Lesion::plan() noexcept { return kPlan; }

Lesion::Lesion(const LesionConfig& config, std::uint64_t seed, double step_h)
    : config_(config),
      seed_(seed),
      dt_h_(step_h),
      lattice_(config.lattice.nx, config.lattice.ny, config.lattice.nz, config.lattice.voxel_um),
      oxygen_solver_(lattice_) {
  const auto n = static_cast<std::size_t>(lattice_.size());
  tumor_at_.assign(n, -1);
  debris_clear_h_.assign(n, -1.0f);
  perfusion_.assign(n, 1.0f);
  oxygen_sink_per_h_.assign(n, 0.0f);
  oxygen_source_per_h_.assign(n, 0.0f);
  const model::OxygenParams& o = config_.oxygen;
  // Start from the perfused-tissue equilibrium, which is also the far-field boundary value.
  const double supply = o.supply_rate_per_min, decay = o.decay_rate_per_min;
  const double tissue_mmHg = supply + decay > 0.0 ? o.blood_mmHg * supply / (supply + decay) : 0.0;
  oxygen_mmHg_.assign(n, static_cast<float>(tissue_mmHg));
  seed_initial_tumor();
  solve_oxygen(0.0);
}

void Lesion::seed_initial_tumor() {
  const double r_um = config_.tumor.initial_radius_um;
  const auto centre = lattice_.centre_um(lattice_.index(lattice_.centre_voxel()));
  const double fill = config_.initial_fill_fraction;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(lattice_.size()); ++v) {
    const auto c = lattice_.centre_um(v);
    const double dx = c[0] - centre[0], dy = c[1] - centre[1], dz = c[2] - centre[2];
    if (dx * dx + dy * dy + dz * dz > r_um * r_um) continue;
    if (fill < 1.0) {
      model::CounterRng pick(seed_, model::Stream::kInitialPlacement, 0, static_cast<unsigned>(v));
      if (pick.uniform() >= fill) continue;
    }
    const std::uint64_t id = next_cell_id_++;
    const float length_h =
        draw_cycle_length_h(config_.tumor, seed_, model::Stream::kInitialCycleLength, 0, id);
    model::CounterRng age_rng(seed_, model::Stream::kInitialCycleAge, 0, id);
    tumor_.append(id, v, length_h, static_cast<float>(age_rng.uniform() * length_h));
  }
  rebuild_tumor_index();
}

void Lesion::step() {
  for (const Phase& phase : kPlan) (this->*phase.run)(dt_h_);
  ++step_;
}

// Vessels regress under tumour and debris and recover in free tissue (both exponential).
void Lesion::update_perfusion(double dt_h) {
  const float keep_regress =
      static_cast<float>(std::exp(-dt_h / days_to_hours(config_.perfusion.vessel_regression_days)));
  const float keep_recover =
      static_cast<float>(std::exp(-dt_h / days_to_hours(config_.perfusion.vessel_recovery_days)));
  for_each_index(lattice_.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.perfusion"
    const bool occupied = tumor_at_[v] >= 0 || debris_clear_h_[v] >= 0;
    float& p = perfusion_[v];
    p = occupied ? p * keep_regress : 1.0f - (1.0f - p) * keep_recover;
  });
}

void Lesion::solve_oxygen(double /*dt_h*/) {
  const model::OxygenParams& o = config_.oxygen;
  const float supply = static_cast<float>(per_minute_to_per_hour(o.supply_rate_per_min));
  const float decay = static_cast<float>(per_minute_to_per_hour(o.decay_rate_per_min));
  // A voxel holding a tumour cell is dense tumour tissue and consumes at the tissue rate.
  const float uptake = static_cast<float>(per_minute_to_per_hour(o.tumor_uptake_per_min));
  const float blood = static_cast<float>(o.blood_mmHg);
  for_each_index(lattice_.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.oxygen.coeffs"
    const float exchange = supply * perfusion_[v];
    oxygen_sink_per_h_[v] = decay + exchange + (tumor_at_[v] >= 0 ? uptake : 0.0f);
    oxygen_source_per_h_[v] = exchange * blood;
  });
  const double tissue_mmHg =
      o.supply_rate_per_min + o.decay_rate_per_min > 0.0
          ? o.blood_mmHg * o.supply_rate_per_min / (o.supply_rate_per_min + o.decay_rate_per_min)
          : 0.0;
  const model::DiffusionProblem problem{per_minute_to_per_hour(o.diffusion_um2_per_min),
                                        oxygen_sink_per_h_, oxygen_source_per_h_,
                                        model::Boundary::kDirichlet, tissue_mmHg};
  oxygen_report_ =
      oxygen_solver_.relax(oxygen_mmHg_, problem, o.solver_tolerance_mmHg, o.solver_max_cycles);
}

void Lesion::decide_tumor_fates(double dt_h) {
  intents_.resize(tumor_.size());
  const TumorContext ctx{lattice_,      oxygen_mmHg_, tumor_at_, debris_clear_h_,
                         config_.tumor, dt_h,         seed_,     step_};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tumor_.size(), kCellGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {  // "tumor.decide"
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        intents_[i] = decide_tumor(tumor_, i, ctx);
                    });
}

void Lesion::commit_tumor_fates(double /*dt_h*/) {
  const auto n = static_cast<std::int64_t>(tumor_.size());
  // Own-slot updates: phase and cycle age.
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "tumor.commit.own"
    tumor_.phase[i] = intents_[i].phase;
    tumor_.cycle_age_h[i] = intents_[i].cycle_age_h;
  });

  // Divisions: sorted by (target voxel, priority, id); the first proposal per voxel wins.
  model::parallel_compact(
      n, [&](std::int64_t i) { return intents_[i].action == TumorAction::kDivide; }, indices_,
      block_counts_);
  divisions_.resize(indices_.size());
  for_each_index(static_cast<std::int64_t>(indices_.size()), kCellGrain, [&](std::int64_t k) {
    const std::int32_t i = indices_[k];
    divisions_[k] = {intents_[i].target, intents_[i].priority, tumor_.id[i], i};
  });
  tbb::parallel_sort(divisions_.begin(), divisions_.end(),
                     [](const Division& a, const Division& b) {
                       if (a.target != b.target) return a.target < b.target;
                       if (a.priority != b.priority) return a.priority < b.priority;
                       return a.id < b.id;
                     });
  std::int32_t last_target = -1;
  for (const Division& d : divisions_) {
    if (d.target == last_target) continue;  // voxel already taken by a higher-priority daughter
    last_target = d.target;
    const std::uint64_t daughter = next_cell_id_++;
    tumor_.cycle_age_h[d.cell] = 0.0f;
    tumor_.cycle_length_h[d.cell] =
        draw_cycle_length_h(config_.tumor, seed_, model::Stream::kCycleLength, step_, d.id);
    tumor_.append(
        daughter, d.target,
        draw_cycle_length_h(config_.tumor, seed_, model::Stream::kCycleLength, step_, daughter),
        0.0f);
    tumor_at_[d.target] = static_cast<std::int32_t>(tumor_.size() - 1);
  }

  // Deaths: debris takes the voxel until it is cleared; the cell leaves the store (stable
  // order, so surviving cells keep their relative order and the step stays deterministic).
  model::parallel_compact(
      n, [&](std::int64_t i) { return intents_[i].action == TumorAction::kDie; }, indices_,
      block_counts_);
  if (indices_.empty()) return;
  const auto clear_at_h =
      static_cast<float>(end_time_h() + days_to_hours(config_.tumor.debris_clearance_days));
  for (const std::int32_t i : indices_) {
    debris_clear_h_[tumor_.voxel[i]] = clear_at_h;
    tumor_at_[tumor_.voxel[i]] = -1;
  }
  deaths_total_ += static_cast<std::int64_t>(indices_.size());
  const auto total = static_cast<std::int64_t>(tumor_.size());
  model::parallel_compact(
      total, [&](std::int64_t i) { return i >= n || intents_[i].action != TumorAction::kDie; },
      indices_, block_counts_);
  tumor_.keep_only(indices_, tumor_spare_);
  rebuild_tumor_index();
}

void Lesion::clear_debris(double /*dt_h*/) {
  const auto now_h = static_cast<float>(end_time_h());
  for_each_index(lattice_.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.debris"
    if (debris_clear_h_[v] >= 0.0f && debris_clear_h_[v] <= now_h) debris_clear_h_[v] = -1.0f;
  });
}

void Lesion::rebuild_tumor_index() {
  std::fill(tumor_at_.begin(), tumor_at_.end(), -1);
  for_each_index(static_cast<std::int64_t>(tumor_.size()), kCellGrain, [&](std::int64_t i) {
    tumor_at_[tumor_.voxel[i]] = static_cast<std::int32_t>(i);
  });
}

}  // namespace isv::agents
