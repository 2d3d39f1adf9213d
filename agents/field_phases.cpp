// Voxel-level phases of the lesion: vessels and perfusion, oxygen, immune fields, debris
// clearance (reads and writes: see field_phases.hpp).
#include "agents/field_phases.hpp"

#include <algorithm>
#include <cmath>

#include "agents/parallel_loops.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::units::days_to_hours;
using model::units::per_minute_to_per_hour;

double tissue_oxygen_mmHg(const model::OxygenParams& o) {
  const double supply = o.supply_rate_per_min, decay = o.decay_rate_per_min;
  return supply + decay > 0.0 ? o.blood_mmHg * supply / (supply + decay) : 0.0;
}

// Vessels regress under tumour and debris and recover in free tissue (both exponential), never
// above the voxel's ceiling: vessels a treatment destroyed do not grow back. The effective
// perfusion is the vessel state times the embolic flow multiplier at the start of the step.
void update_perfusion(LesionState& s, double dt_h) {
  const float keep_regress = static_cast<float>(
      std::exp(-dt_h / days_to_hours(s.config.perfusion.vessel_regression_days)));
  const float keep_recover =
      static_cast<float>(std::exp(-dt_h / days_to_hours(s.config.perfusion.vessel_recovery_days)));
  for_each_index(s.lattice.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.perfusion"
    const bool occupied = s.tumor_at[v] >= 0 || s.debris_clear_h[v] >= 0.0f;
    float& p = s.vessels[v];
    p = std::min(s.perfusion_ceiling[v],
                 occupied ? p * keep_regress : 1.0f - (1.0f - p) * keep_recover);
  });
  // Embolic occlusion cuts the flow through the vessels that are there; the two combine.
  if (s.local.occlusion().empty()) {
    std::copy(s.vessels.begin(), s.vessels.end(), s.perfusion.begin());
    return;
  }
  s.flow_multiplier.resize(s.vessels.size());
  s.local.occlusion().flow_multiplier(s.time_h(), s.flow_multiplier);
  for_each_index(s.lattice.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.perfusion.flow"
    s.perfusion[v] = s.vessels[v] * s.flow_multiplier[v];
  });
}

void solve_oxygen(LesionState& s, double /*dt_h*/) {
  const model::OxygenParams& o = s.config.oxygen;
  const float supply = static_cast<float>(per_minute_to_per_hour(o.supply_rate_per_min));
  const float decay = static_cast<float>(per_minute_to_per_hour(o.decay_rate_per_min));
  // A voxel holding a tumour cell is dense tumour tissue and consumes at the tissue rate.
  const float uptake = static_cast<float>(per_minute_to_per_hour(o.tumor_uptake_per_min));
  const float blood = static_cast<float>(o.blood_mmHg);
  for_each_index(s.lattice.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.oxygen.coeffs"
    const float exchange = supply * s.perfusion[v];
    s.oxygen_sink_per_h[v] = decay + exchange + (s.tumor_at[v] >= 0 ? uptake : 0.0f);
    s.oxygen_source_per_h[v] = exchange * blood;
  });
  const model::DiffusionProblem problem{per_minute_to_per_hour(o.diffusion_um2_per_min),
                                        s.oxygen_sink_per_h, s.oxygen_source_per_h,
                                        model::Boundary::kDirichlet, tissue_oxygen_mmHg(o)};
  s.oxygen_report =
      s.oxygen_solver.relax(s.oxygen_mmHg, problem, o.solver_tolerance_mmHg, o.solver_max_cycles);
}

void advance_immune_fields(LesionState& s, double dt_h) {
  s.fields.advance(dt_h, s.perfusion, s.inputs.drugs);
}

void clear_debris(LesionState& s, double /*dt_h*/) {
  const auto now_h = static_cast<float>(s.end_time_h());
  for_each_index(s.lattice.size(), kVoxelGrain, [&](std::int64_t v) {  // "lesion.debris"
    if (s.debris_clear_h[v] >= 0.0f && s.debris_clear_h[v] <= now_h) s.debris_clear_h[v] = -1.0f;
  });
}

}  // namespace isv::agents
