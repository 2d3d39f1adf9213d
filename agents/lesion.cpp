// The lesion step plan, construction, and the voxel-level phases (perfusion, oxygen, debris).
#include "agents/lesion.hpp"

#include <algorithm>
#include <cmath>

#include "agents/parallel_loops.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::units::days_to_hours;
using model::units::per_minute_to_per_hour;

const std::array<Lesion::Phase, Lesion::kPhaseCount> Lesion::kPlan{{
    {"perfusion", &Lesion::update_perfusion},
    {"oxygen", &Lesion::solve_oxygen},
    {"immune_fields", &Lesion::advance_immune_fields},
    {"local_therapy", &Lesion::apply_local_therapy},
    {"tumor.pdl1", &Lesion::update_pdl1},
    {"tumor.decide", &Lesion::decide_tumor_fates},
    {"tumor.commit", &Lesion::commit_tumor_fates},
    {"tcell.enter", &Lesion::place_arriving_tcells},
    {"tcell.move", &Lesion::move_tcells},
    {"tcell.act", &Lesion::act_tcells},
    {"tcell.age", &Lesion::age_tcells},
    {"dc.recruit", &Lesion::recruit_dcs},
    {"dc.update", &Lesion::update_dcs},
    {"debris", &Lesion::clear_debris},
}};

std::span<const Lesion::Phase> Lesion::plan() noexcept { return kPlan; }

namespace {
// Oxygen of perfused tissue without tumour: the far-field (boundary) value.
double tissue_oxygen_mmHg(const model::OxygenParams& o) {
  const double supply = o.supply_rate_per_min, decay = o.decay_rate_per_min;
  return supply + decay > 0.0 ? o.blood_mmHg * supply / (supply + decay) : 0.0;
}
}  // namespace

Lesion::Lesion(const LesionConfig& config, std::uint64_t seed, double step_h)
    : config_(config),
      seed_(seed),
      dt_h_(step_h),
      lattice_(config.lattice.nx, config.lattice.ny, config.lattice.nz, config.lattice.voxel_um),
      local_(lattice_),
      oxygen_solver_(lattice_),
      fields_(lattice_, config.immune) {
  // Scenario validation refuses this up front, naming the file; this guards direct users.
  if (const std::string e = tcell_moves_error(config_.immune.tcells.speed_um_per_min, step_h,
                                              config_.lattice.voxel_um);
      !e.empty())
    throw model::ScenarioError("lesion '" + config_.name + "': " + e);
  const auto n = static_cast<std::size_t>(lattice_.size());
  const auto k = static_cast<std::size_t>(config_.immune.antigens.count);
  tumor_at_.assign(n, -1);
  debris_clear_h_.assign(n, -1.0f);
  perfusion_.assign(n, 1.0f);
  vessels_.assign(n, 1.0f);
  perfusion_ceiling_.assign(n, 1.0f);
  oxygen_sink_per_h_.assign(n, 0.0f);
  oxygen_source_per_h_.assign(n, 0.0f);
  oxygen_mmHg_.assign(n, static_cast<float>(tissue_oxygen_mmHg(config_.oxygen)));
  tcell_count_.assign(n, 0);
  dcs_.antigen_count = static_cast<int>(k);
  antigen_released_total_.assign(k, 0.0);
  outputs_.dc_antigen_export.assign(k, 0.0);
  outputs_.unplaced_tcells.assign(k, 0);
  seed_initial_tumor();
  solve_oxygen(0.0);
}

void Lesion::step(const LesionInputs& inputs) {
  state_changed();
  inputs_ = inputs;
  std::fill(outputs_.dc_antigen_export.begin(), outputs_.dc_antigen_export.end(), 0.0);
  std::fill(outputs_.unplaced_tcells.begin(), outputs_.unplaced_tcells.end(), 0);
  for (const Phase& phase : kPlan) (this->*phase.run)(dt_h_);
  ++step_;
}

// Vessels regress under tumour and debris and recover in free tissue (both exponential), never
// above the voxel's ceiling: vessels a treatment destroyed do not grow back. The effective
// perfusion is the vessel state times the embolic flow multiplier at the start of the step.
void Lesion::update_perfusion(double dt_h) {
  const float keep_regress =
      static_cast<float>(std::exp(-dt_h / days_to_hours(config_.perfusion.vessel_regression_days)));
  const float keep_recover =
      static_cast<float>(std::exp(-dt_h / days_to_hours(config_.perfusion.vessel_recovery_days)));
  for_each_index(lattice_.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.perfusion"
    const bool occupied = tumor_at_[v] >= 0 || debris_clear_h_[v] >= 0.0f;
    float& p = vessels_[v];
    p = std::min(perfusion_ceiling_[v],
                 occupied ? p * keep_regress : 1.0f - (1.0f - p) * keep_recover);
  });
  // Embolic occlusion cuts the flow through the vessels that are there; the two combine.
  if (local_.occlusion().empty()) {
    std::copy(vessels_.begin(), vessels_.end(), perfusion_.begin());
    return;
  }
  flow_multiplier_.resize(vessels_.size());
  local_.occlusion().flow_multiplier(time_h(), flow_multiplier_);
  for_each_index(lattice_.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.perfusion.flow"
    perfusion_[v] = vessels_[v] * flow_multiplier_[v];
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
  const model::DiffusionProblem problem{per_minute_to_per_hour(o.diffusion_um2_per_min),
                                        oxygen_sink_per_h_, oxygen_source_per_h_,
                                        model::Boundary::kDirichlet, tissue_oxygen_mmHg(o)};
  oxygen_report_ =
      oxygen_solver_.relax(oxygen_mmHg_, problem, o.solver_tolerance_mmHg, o.solver_max_cycles);
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
