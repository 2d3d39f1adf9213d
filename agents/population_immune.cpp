// Population lesion immunity: effectors (and the Tregs recruited with them) arriving from
// blood, the local kinetics of every voxel (agents/population_immune_kinetics.hpp: expansion,
// exhaustion, killing under PD-1, Treg, MDSC and TGF-beta suppression, antigen loss), and the
// antigen released by dying tumour cells. Docs: docs/clinical_scale.md, "Immunity".
#include <algorithm>
#include <array>
#include <cmath>

#include "agents/population_immune_kinetics.hpp"
#include "agents/population_lesion.hpp"
#include "agents/population_sum.hpp"
#include "agents/tcell_behaviour.hpp"
#include "model/occupancy.hpp"
#include "model/systemic_model.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::kHoursPerDay;

// Sub-steps of the local kinetics (numerical choices): at most this change of log density per
// sub-step at the fastest effector rate, and at most this many sub-steps per model step.
constexpr double kMaxLogChange = 0.25;
constexpr int kMaxSubsteps = 64;
// Tumour tissue under immune attack whose viable cells fall below one per mm^3 has none left:
// the continuum description ends at single cells (the extinction that makes elimination
// possible). A density, not a count per voxel, so that it does not depend on the voxel size.
constexpr double kExtinctionPerMm3 = 1.0;
// Floor of a voxel's lesion-tissue share in the density conversion (a voxel holding immune
// cells but no recorded tissue; numerical guard only).
constexpr double kMinTissueShare = 1.0e-6;

// Occupancy with the tissue at the blood level (an assumption: docs/clinical_scale.md).
using model::receptor_occupancy;

}  // namespace

double PopulationLesion::antigen_share(int k) const noexcept {
  const auto& f = config_.antigen_fractions;
  return f.empty() ? 1.0 : f[static_cast<std::size_t>(k)];
}

void PopulationLesion::release_antigen(double dead_cells) {
  for (int k = 0; k < antigens_; ++k) {
    const double released = dead_cells * antigen_share(k);
    released_total_[static_cast<std::size_t>(k)] += released;
    outputs_.dc_antigen_export[static_cast<std::size_t>(k)] +=
        released * config_.population.antigen_capture_fraction;
  }
}

// Arriving effectors spread over the voxels in proportion to their perfused viable tumour
// volume, each bringing treg_per_cd8 Tregs (recruited with it: an assumption); with no
// perfused tumour they go back to blood.
void PopulationLesion::place_effectors(const LesionInputs& inputs) {
  if (inputs.arriving_tcells.empty()) return;
  const auto n = lattice_.size();
  std::vector<double>& weight = scratch_;
  for_each_active([&](std::int32_t v) { weight[v] = viable_[v] * perfused_share(v); });
  const double total = active_sum([&](std::int32_t v) { return weight[v]; });
  const double treg_ratio = config_.population.treg_per_cd8;
  for (int k = 0; k < antigens_; ++k) {
    const std::int32_t arriving = inputs.arriving_tcells[static_cast<std::size_t>(k)];
    if (arriving <= 0) continue;
    if (total <= 0.0) {
      outputs_.unplaced_tcells[static_cast<std::size_t>(k)] = arriving;
      continue;
    }
    arrived_total_ += arriving;
    double* e = effectors_.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(n);
    for_each_active([&](std::int32_t v) {
      const double placed = arriving * weight[v] / total;
      e[v] += placed;
      tregs_[v] += treg_ratio * placed;
    });
  }
}

// Every voxel with effectors or Tregs advances its local kinetics over the step in sub-steps
// (kMaxLogChange), the others only relax their MDSCs; counts are converted to densities of the
// voxel's lesion tissue and back.
void PopulationLesion::immune_step(const LesionInputs& inputs) {
  const model::PopulationParams& p = config_.population;
  const double dt_d = dt_h_ / kHoursPerDay;
  const auto pd1 = static_cast<int>(TissueTarget::kPD1);
  const auto pdl1 = static_cast<int>(TissueTarget::kPDL1);
  ImmuneStepInputs step;
  step.pd1_factor =
      1.0 -
      pd1_suppression(config_.immune.pdl1.max_fold,
                      receptor_occupancy(inputs.drugs.blood_nM[pdl1], inputs.drugs.kd_nM[pdl1]),
                      receptor_occupancy(inputs.drugs.blood_nM[pd1], inputs.drugs.kd_nM[pd1]),
                      config_.immune.pdl1);
  step.ctla4_occupancy = receptor_occupancy(inputs.drugs.ctla4_blood_nM, inputs.drugs.ctla4_kd_nM);
  std::array<double, model::SystemicModel::kMaxAntigens> shares{};
  for (int k = 0; k < antigens_; ++k) shares[static_cast<std::size_t>(k)] = antigen_share(k);
  step.antigen_shares = std::span<const double>(shares.data(), static_cast<std::size_t>(antigens_));
  const auto n = static_cast<std::size_t>(lattice_.size());
  const double voxel_vol = voxel_mm3();
  const double mdsc_relax = -std::expm1(-dt_d / p.mdsc_lifespan_days);
  std::vector<double>& killed = scratch_;
  std::vector<double>& depleted = scratch2_;
  for_each_active([&](std::int32_t v) {
    killed[v] = 0.0;
    depleted[v] = 0.0;
    // Densities refer to the lesion tissue in the voxel (tissue_share_), not to normal organ.
    const double vol = voxel_vol * std::max(tissue_share_[v], kMinTissueShare);
    std::array<double, model::SystemicModel::kMaxAntigens> e;  // first antigens_ used
    bool any = false;
    for (int k = 0; k < antigens_; ++k) {
      e[static_cast<std::size_t>(k)] = effectors_[static_cast<std::size_t>(k) * n + v] / vol;
      any = any || e[static_cast<std::size_t>(k)] > 0.0;
    }
    if (!any && tregs_[v] <= 0.0) {  // no lymphocytes: the MDSCs relax, nothing else acts
      mdsc_[v] += (p.mdsc_per_tumor_cell * viable_[v] - mdsc_[v]) * mdsc_relax;
      return;
    }
    VoxelImmune x{viable_[v] / vol, negative_share_[v],
                  std::span<double>(e.data(), static_cast<std::size_t>(antigens_)), tregs_[v] / vol,
                  mdsc_[v] / vol};
    ImmuneStepInputs local = step;
    local.division_rate_per_day = p.proliferation_rate_per_day * perfused_share(v);
    // Sub-steps: enough that the fastest effector rate changes a density by at most
    // e^kMaxLogChange per sub-step (a numerical choice; depends on the state only).
    double cd8 = 0.0;
    for (int k = 0; k < antigens_; ++k) cd8 += e[static_cast<std::size_t>(k)];
    const double rate =
        p.ctl_expansion_rate_per_day * step.pd1_factor *
            local_suppression_factor(x.tregs, cd8, x.mdsc, tgfb_ng_per_ml(x.tumor, p), p) +
        p.ctl_exhaustion_mm3_per_cell_day * x.tumor + 1.0 / p.ctl_lifespan_days;
    // Clamped as a double first: the cast of an out-of-range value would be undefined.
    const int substeps = static_cast<int>(
        std::clamp(std::ceil(dt_d * rate / kMaxLogChange), 1.0, static_cast<double>(kMaxSubsteps)));
    local.dt_days = dt_d / substeps;
    double dead = 0.0;
    for (int i = 0; i < substeps; ++i) {
      const VoxelImmuneChange c = advance_voxel_immunity(x, local, p);
      dead += c.killed;
      depleted[v] += c.tregs_depleted * vol;
    }
    dead *= vol;
    double left = x.tumor * vol;
    if (dead > 0.0 && left < kExtinctionPerMm3 * vol) {
      dead += left;
      left = 0.0;
    }
    viable_[v] = left;
    killed[v] = dead;
    negative_share_[v] = x.negative_share;
    tregs_[v] = x.tregs * vol;
    mdsc_[v] = x.mdsc * vol;
    for (int k = 0; k < antigens_; ++k)
      effectors_[static_cast<std::size_t>(k) * n + v] = e[static_cast<std::size_t>(k)] * vol;
  });
  const double kills = active_sum([&](std::int32_t v) { return killed[v]; });
  tregs_depleted_total_ += active_sum([&](std::int32_t v) { return depleted[v]; });
  kills_total_ += kills;
  deaths_total_ += kills;
  release_antigen(kills);
}

}  // namespace isv::agents
