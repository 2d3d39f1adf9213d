// Local treatments acting on a lesion between steps: a lethal zone with a graded rim (thermal
// ablation, cryoablation, irreversible electroporation), one radiotherapy fraction, and the
// read-only count of a biopsy core. Decisions are made in parallel per cell or voxel with
// counter-based draws keyed by the application ordinal and the cell id; removals are then
// committed in ascending index order, so results do not depend on the thread count. Every
// cell-type module's cells (agents/cell_modules.hpp) die in zones and fields too.
#include <algorithm>
#include <cmath>

#include "agents/dc_phases.hpp"
#include "agents/lesion.hpp"
#include "agents/lesion_kill.hpp"
#include "agents/parallel_loops.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::Stream;
using model::units::days_to_hours;

namespace {

// Per-voxel kill probability of a ZoneKill: 1 in the core, graded in the rim, 0 outside;
// negative marks "outside the zone and its rim".
constexpr float kOutside = -1.0f;

float zone_kill_probability(const ZoneKill& kill, const Ellipsoid& outer, const Point3& p) {
  const double rho_in = kill.core.rho(p);
  if (rho_in <= 1.0) return 1.0f;
  if (!(kill.rim_width_um > 0.0)) return kOutside;
  const double rho_out = outer.rho(p);
  if (rho_out > 1.0) return kOutside;
  // Along the ray from the centre the core surface is at |p|/rho_in and the rim's outer
  // surface at |p|/rho_out; t is the position between them (0 at the core, 1 outside).
  const double t = (1.0 - 1.0 / rho_in) / (1.0 / rho_out - 1.0 / rho_in);
  const double p1 = kill.rim_kill_inner * std::clamp(1.0 - t, 0.0, 1.0);
  return static_cast<float>(1.0 - std::pow(1.0 - p1, kill.rim_exposures));
}

bool draw_dies(float probability, std::uint64_t seed, Stream stream, std::uint64_t event,
               std::uint64_t id) {
  if (probability >= 1.0f) return true;
  if (probability <= 0.0f) return false;
  CounterRng rng(seed, stream, event, id);
  return rng.uniform() < probability;
}

}  // namespace

template <class Zone>
ZoneTally Lesion::count_in(const Zone& zone) const {
  ZoneTally t;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(s_.lattice.size()); ++v) {
    if (!zone.contains(s_.lattice.centre_um(v))) continue;
    ++t.zone_voxels;
    if (s_.tumor_at[v] >= 0) ++t.tumor_viable;
    if (s_.debris_clear_h[v] >= 0.0f) ++t.tumor_dead;
    t.tcells += s_.tcell_count[v];
  }
  for (const std::int32_t v : s_.dcs.voxel) t.dcs += zone.contains(s_.lattice.centre_um(v)) ? 1 : 0;
  return t;
}

ZoneTally Lesion::count_in_zone(const Cylinder& zone) const { return count_in(zone); }
ZoneTally Lesion::count_in_zone(const Ellipsoid& zone) const { return count_in(zone); }

ZoneTally Lesion::apply_zone_kill(const ZoneKill& kill, std::uint64_t event) {
  state_changed();
  const Ellipsoid outer = kill.core.grown(kill.rim_width_um);
  std::vector<float> p_kill(static_cast<std::size_t>(s_.lattice.size()));
  for_each_index(s_.lattice.size(), kVoxelGrain, [&](std::int64_t v) {  // "treatment.zone"
    p_kill[v] =
        zone_kill_probability(kill, outer, s_.lattice.centre_um(static_cast<std::int32_t>(v)));
  });

  ZoneTally tally = count_in(outer);
  tally.zone_voxels = 0;
  for (const float p : p_kill) tally.zone_voxels += p >= 1.0f ? 1 : 0;

  // Tumour cells: decide in parallel (own slot), then stress DAMP and removal in index order.
  const auto n = static_cast<std::int64_t>(s_.tumor.size());
  std::vector<std::uint8_t> dies(static_cast<std::size_t>(n));
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "treatment.tumor.decide"
    dies[i] = draw_dies(p_kill[s_.tumor.voxel[i]], s_.seed, Stream::kTreatmentTumor, event,
                        s_.tumor.id[i]);
  });
  if (kill.rim_stress_damp > 0.0) {
    const std::span<float> damp = s_.fields.damp();
    for (std::int64_t i = 0; i < n; ++i) {
      const float p = p_kill[s_.tumor.voxel[i]];
      if (dies[i] == 0 && p > 0.0f)
        damp[s_.tumor.voxel[i]] += static_cast<float>(kill.rim_stress_damp * p);
    }
  }
  tally.tumor_killed = kill_tumor_where(
      s_, [&](std::int64_t i) { return dies[i] != 0; }, [&](std::int64_t) { return kill.mode; },
      {kill.antigen_scale,
       static_cast<float>(time_h() + days_to_hours(kill.debris_clearance_days))});

  if (kill.cut_vessels) {
    for (std::int64_t v = 0; v < s_.lattice.size(); ++v) {
      if (p_kill[v] < 1.0f) continue;
      tally.vessels_cut += s_.perfusion_ceiling[v] > 0.0f ? 1 : 0;
      s_.perfusion_ceiling[v] = 0.0f;
      s_.perfusion[v] = 0.0f;
    }
  }
  if (kill.kill_immune) {
    std::vector<std::uint8_t> t_dies(s_.tcells.size());
    for_each_index(static_cast<std::int64_t>(s_.tcells.size()), kCellGrain, [&](std::int64_t i) {
      t_dies[i] = draw_dies(p_kill[s_.tcells.voxel[i]], s_.seed, Stream::kTreatmentTCell, event,
                            s_.tcells.id[i]);
    });
    tally.tcells_killed = remove_tcells_where(s_, [&](std::int64_t i) { return t_dies[i] != 0; });
    std::vector<std::uint8_t> d_dies(s_.dcs.size());
    for (std::size_t i = 0; i < s_.dcs.size(); ++i)
      d_dies[i] =
          draw_dies(p_kill[s_.dcs.voxel[i]], s_.seed, Stream::kTreatmentDc, event, s_.dcs.id[i]);
    tally.dcs_killed = remove_flagged_dcs(s_, d_dies);
    for_each_cell_module([&]<class M>() { M::kill_in_zone(s_, p_kill, event); });
  }
  return tally;
}

ZoneTally Lesion::apply_radiation(const RadiationFraction& fraction, std::uint64_t event) {
  state_changed();
  ZoneTally tally = count_in(fraction.field);
  const double d = fraction.dose_gy;
  // Death probabilities 1 - S, computed without cancellation at small doses.
  const auto p_tumor = static_cast<float>(
      -std::expm1(-(fraction.tumor.alpha_per_gy * d + fraction.tumor.beta_per_gy2 * d * d)));
  const auto p_lymph = static_cast<float>(-std::expm1(
      -(fraction.lymphocyte.alpha_per_gy * d + fraction.lymphocyte.beta_per_gy2 * d * d)));

  const auto n = static_cast<std::int64_t>(s_.tumor.size());
  std::vector<std::uint8_t> dies(static_cast<std::size_t>(n));
  for_each_index(n, kCellGrain, [&](std::int64_t i) {  // "treatment.radiation.tumor"
    const bool inside = fraction.field.contains(s_.lattice.centre_um(s_.tumor.voxel[i]));
    dies[i] = inside && draw_dies(p_tumor, s_.seed, Stream::kRadiationTumor, event, s_.tumor.id[i]);
  });
  tally.tumor_killed = kill_tumor_where(
      s_, [&](std::int64_t i) { return dies[i] != 0; },
      [](std::int64_t) { return DeathMode::kRadiation; },
      {1.0, static_cast<float>(time_h() + days_to_hours(fraction.debris_clearance_days))});

  std::vector<std::uint8_t> t_dies(s_.tcells.size());
  for_each_index(static_cast<std::int64_t>(s_.tcells.size()), kCellGrain, [&](std::int64_t i) {
    const bool inside = fraction.field.contains(s_.lattice.centre_um(s_.tcells.voxel[i]));
    t_dies[i] =
        inside && draw_dies(p_lymph, s_.seed, Stream::kRadiationTCell, event, s_.tcells.id[i]);
  });
  tally.tcells_killed = remove_tcells_where(s_, [&](std::int64_t i) { return t_dies[i] != 0; });
  for_each_cell_module([&]<class M>() { M::irradiate(s_, fraction, p_lymph, event); });
  return tally;
}

}  // namespace isv::agents
