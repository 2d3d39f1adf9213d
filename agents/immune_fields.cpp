// Sources, sinks and solves of the immune fields.
#include "agents/immune_fields.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::kHoursPerDay;
using model::units::per_minute_to_per_hour;

constexpr std::int64_t kGrain = 1 << 14;
constexpr int kMaxSteadyCycles = 8;  // warm-started each step; a few cycles usually suffice

template <class F>
void for_each_voxel(std::int64_t n, F&& f) {
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, n, kGrain),
                    [&](const tbb::blocked_range<std::int64_t>& r) {
                      for (std::int64_t i = r.begin(); i != r.end(); ++i) f(i);
                    });
}

double hill(double x, double half, double n) {
  if (x <= 0.0) return 0.0;
  const double xn = std::pow(x / half, n);
  return xn / (1.0 + xn);
}

// Values below this are set to zero after each solve. A field that only decays (antigen and DAMP
// after a one-off release such as an ablation) otherwise sinks into the float denormal range
// within days, where every solver operation is about a hundred times slower. Far below any
// amount that matters (cell-eq, ng/mL, nM per voxel).
constexpr float kNegligible = 1e-30f;

void flush_negligible(std::span<float> u) {
  for_each_voxel(static_cast<std::int64_t>(u.size()), [&](std::int64_t v) {  // "fields.flush"
    if (std::fabs(u[v]) < kNegligible) u[v] = 0.0f;
  });
}

}  // namespace

ImmuneFields::ImmuneFields(const model::Lattice& lattice, const model::ImmuneParams& params)
    : lattice_(lattice), params_(params), antigen_count_(params.antigens.count), solver_(lattice) {
  const auto n = static_cast<std::size_t>(lattice.size());
  antigen_.assign(n * static_cast<std::size_t>(antigen_count_), 0.0f);
  damp_.assign(n, 0.0f);
  chemokine_.assign(n, 0.0f);
  ifng_.assign(n, 0.0f);
  for (auto& a : antibody_) a.assign(n, 0.0f);
  ifng_secretion_.assign(n, 0.0f);
  sink_per_h_.assign(n, 0.0f);
  source_per_h_.assign(n, 0.0f);
}

void ImmuneFields::solve(std::span<float> u, double diffusion_um2_per_min, double boundary_value,
                         double dt_h) {
  const model::DiffusionProblem problem{per_minute_to_per_hour(diffusion_um2_per_min), sink_per_h_,
                                        source_per_h_, model::Boundary::kDirichlet, boundary_value};
  solver_.advance(u, problem, dt_h, 1);
  flush_negligible(u);
}

void ImmuneFields::solve_steady(std::span<float> u, double diffusion_um2_per_min) {
  const model::DiffusionProblem problem{per_minute_to_per_hour(diffusion_um2_per_min), sink_per_h_,
                                        source_per_h_, model::Boundary::kDirichlet, 0.0};
  solver_.relax(u, problem, params_.fields.quasi_steady_tolerance, kMaxSteadyCycles);
  flush_negligible(u);
}

void ImmuneFields::advance(double dt_h, std::span<const float> perfusion,
                           const TissueDrugInput& drugs) {
  const model::ImmuneFieldParams& f = params_.fields;
  const std::int64_t n = lattice_.size();
  auto uniform_decay = [&](double per_day) {
    const auto k = static_cast<float>(per_day / kHoursPerDay);
    std::fill(sink_per_h_.begin(), sink_per_h_.end(), k);
    std::fill(source_per_h_.begin(), source_per_h_.end(), 0.0f);
  };

  // Antigen and DAMP: released into voxels by dying cells (commit phases), then transported.
  uniform_decay(f.antigen_decay_per_day);
  for (int k = 0; k < antigen_count_; ++k)
    solve(antigen(k), f.antigen_diffusion_um2_per_min, 0.0, dt_h);
  uniform_decay(f.damp_decay_per_day);
  solve(damp_, f.damp_diffusion_um2_per_min, 0.0, dt_h);

  // IFN-gamma from engaged T cells. It and the chemokine decay within about an hour and are
  // secreted at steady rates, so each step takes their quasi-steady state (exact discrete
  // steady state; splitting a 1-h step would misplace the peaks at their sources).
  uniform_decay(f.ifng_decay_per_day);
  std::copy(ifng_secretion_.begin(), ifng_secretion_.end(), source_per_h_.begin());
  std::fill(ifng_secretion_.begin(), ifng_secretion_.end(), 0.0f);
  solve_steady(ifng_, f.ifng_diffusion_um2_per_min);

  // Chemokine where IFN-gamma or DAMP is (either signal suffices).
  uniform_decay(f.chemokine_decay_per_day);
  const model::Pdl1Params& p = params_.pdl1;
  const double damp_half = params_.dcs.damp_half_max;
  for_each_voxel(n, [&](std::int64_t v) {  // "fields.chemokine_source"
    const double h_ifn = hill(ifng_[v], p.ifng_ec50_ng_per_ml, p.ifng_hill);
    const double h_damp = hill(damp_[v], damp_half, 1.0);
    source_per_h_[v] =
        static_cast<float>(f.chemokine_production_per_h * (1.0 - (1.0 - h_ifn) * (1.0 - h_damp)));
  });
  solve_steady(chemokine_, f.chemokine_diffusion_um2_per_min);

  // Antibodies: exchange with plasma in perfused voxels toward partition x plasma level.
  for (int t = 0; t < kTissueTargets; ++t) {
    kd_nM_[t] = drugs.kd_nM[t];
    const double target_nM = f.antibody_tissue_partition * drugs.blood_nM[t];
    std::vector<float>& field = antibody_[t];
    if (target_nM <= 0.0 &&
        std::all_of(field.begin(), field.end(), [](float c) { return c == 0.0f; }))
      continue;  // no drug anywhere: nothing to transport
    const auto exchange = static_cast<float>(f.antibody_exchange_per_h);
    for_each_voxel(n, [&](std::int64_t v) {  // "fields.antibody_exchange"
      sink_per_h_[v] = exchange * perfusion[v];
      source_per_h_[v] = static_cast<float>(exchange * perfusion[v] * target_nM);
    });
    solve(field, f.antibody_diffusion_um2_per_min, target_nM, dt_h);
  }
}

}  // namespace isv::agents
