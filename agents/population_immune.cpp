// Population lesion immunity: effectors arriving from blood, killing under PD-1/PD-L1 control,
// their death, and antigen released by dying tumour cells. Docs: docs/clinical_scale.md,
// "Immunity".
#include <cmath>

#include "agents/population_lesion.hpp"
#include "agents/population_sum.hpp"
#include "agents/tcell_behaviour.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::kHoursPerDay;

// Receptor occupancy of an antibody at concentration c (nM) with dissociation constant kd (nM),
// the tissue assumed at the blood level (an assumption: docs/clinical_scale.md).
double occupancy(double c_nM, double kd_nM) { return c_nM > 0.0 ? c_nM / (c_nM + kd_nM) : 0.0; }

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
// volume; with no perfused tumour they go back to blood.
void PopulationLesion::place_effectors(const LesionInputs& inputs) {
  if (inputs.arriving_tcells.empty()) return;
  const auto n = lattice_.size();
  std::vector<double>& weight = scratch_;
  for_each_active([&](std::int32_t v) { weight[v] = viable_[v] * perfused_share(v); });
  const double total = active_sum([&](std::int32_t v) { return weight[v]; });
  for (int k = 0; k < antigens_; ++k) {
    const std::int32_t arriving = inputs.arriving_tcells[static_cast<std::size_t>(k)];
    if (arriving <= 0) continue;
    if (total <= 0.0) {
      outputs_.unplaced_tcells[static_cast<std::size_t>(k)] = arriving;
      continue;
    }
    arrived_total_ += arriving;
    double* e = effectors_.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(n);
    for_each_active([&](std::int32_t v) { e[v] += arriving * weight[v] / total; });
  }
}

// In each voxel the effectors of specificity k kill, at ctl_kills_per_day each, the cells
// expressing k, less the PD-1 suppression of an infiltrated voxel (PD-L1 at its IFN-gamma-
// induced maximum wherever effectors are: an assumption); killing saturates smoothly at the
// voxel's viable cells. Effectors then die at 1 / ctl_lifespan_days.
void PopulationLesion::kill_and_age_effectors(const LesionInputs& inputs) {
  const model::PopulationParams& p = config_.population;
  const double dt_d = dt_h_ / kHoursPerDay;
  const auto pd1 = static_cast<int>(TissueTarget::kPD1);
  const auto pdl1 = static_cast<int>(TissueTarget::kPDL1);
  const double suppression = pd1_suppression(
      config_.immune.pdl1.max_fold,
      occupancy(inputs.drugs.blood_nM[pdl1], inputs.drugs.kd_nM[pdl1]),
      occupancy(inputs.drugs.blood_nM[pd1], inputs.drugs.kd_nM[pd1]), config_.immune.pdl1);
  const auto n = lattice_.size();
  const double survive = std::exp(-dt_d / p.ctl_lifespan_days);
  std::vector<double>& killed = scratch_;
  for_each_active([&](std::int32_t v) {
    killed[v] = 0.0;
    double pressure = 0.0;  // kills this step if unsaturated
    for (int k = 0; k < antigens_; ++k) {
      double& e = effectors_[static_cast<std::size_t>(k) * static_cast<std::size_t>(n) +
                             static_cast<std::size_t>(v)];
      if (e <= 0.0) continue;
      pressure += p.ctl_kills_per_day * e * (1.0 - suppression) * antigen_share(k) * dt_d;
      e *= survive;
    }
    if (pressure <= 0.0 || viable_[v] <= 0.0) return;
    const double dead = viable_[v] * -std::expm1(-pressure / viable_[v]);
    viable_[v] -= dead;
    killed[v] = dead;
  });
  const double kills = active_sum([&](std::int32_t v) { return killed[v]; });
  kills_total_ += kills;
  deaths_total_ += kills;
  release_antigen(kills);
}

}  // namespace isv::agents
