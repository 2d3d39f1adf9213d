// Local immune kinetics of a population-lesion voxel (see the header; docs/clinical_scale.md).
#include "agents/population_immune_kinetics.hpp"

#include <algorithm>
#include <cmath>

namespace isv::agents {
namespace {

// (e^x - 1) / x, the mean of e^(x s) over s in [0, 1]; 1 at x = 0.
double mean_growth(double x) noexcept { return x == 0.0 ? 1.0 : std::expm1(x) / x; }

}  // namespace

double tgfb_ng_per_ml(double tumor_per_mm3, const model::PopulationParams& p) noexcept {
  return p.tgfb_at_capacity_ng_per_ml * tumor_per_mm3 / p.tumor_cells_per_mm3;
}

double local_suppression_factor(double tregs_per_mm3, double cd8_per_mm3, double mdsc_per_mm3,
                                double tgfb, const model::PopulationParams& p) noexcept {
  const double ratio = cd8_per_mm3 > 0.0 ? tregs_per_mm3 / cd8_per_mm3 : 0.0;
  return 1.0 / ((1.0 + ratio / p.treg_suppression_half_ratio) *
                (1.0 + mdsc_per_mm3 / p.mdsc_suppression_half_per_mm3) *
                (1.0 + tgfb / p.tgfb_suppression_half_ng_per_ml));
}

VoxelImmuneChange advance_voxel_immunity(VoxelImmune& x, const ImmuneStepInputs& in,
                                         const model::PopulationParams& p) noexcept {
  VoxelImmuneChange change;
  const double h = in.dt_days;
  double cd8 = 0.0;
  for (double e : x.effectors) cd8 += e;
  const double s =
      in.pd1_factor * local_suppression_factor(x.tregs, cd8, x.mdsc, tgfb_ng_per_ml(x.tumor, p), p);
  const double positive = x.tumor * (1.0 - x.negative_share);
  double pressure = 0.0;  // kills over the sub-step if targets did not run out
  for (std::size_t k = 0; k < x.effectors.size(); ++k) {
    double& e = x.effectors[k];
    if (e <= 0.0) continue;
    const double a = positive * in.antigen_shares[k];
    const double expansion =
        p.ctl_expansion_rate_per_day * s * a / (a + p.ctl_expansion_half_target_per_mm3);
    const double loss = p.ctl_exhaustion_mm3_per_cell_day * x.tumor + 1.0 / p.ctl_lifespan_days;
    const double mean_e = e * mean_growth((expansion - loss) * h);  // mean over the sub-step
    // Double-saturation killing (Gadhamsetty et al. 2014): k S E a / (h + E + a) per mm^3,
    // limited by the effectors' handling time when targets abound and by their search when
    // targets are scarce.
    pressure +=
        p.ctl_kills_per_day * s * mean_e * a / (p.ctl_kill_half_density_per_mm3 + mean_e + a) * h;
    change.effectors_gained += expansion * mean_e * h;
    e *= std::exp((expansion - loss) * h);
  }
  // Killing saturates smoothly at the positive cells present; losses of antigen by division.
  const double killed = positive > 0.0 ? positive * -std::expm1(-pressure / positive) : 0.0;
  const double lost =
      (positive - killed) * in.division_rate_per_day * h * p.antigen_loss_per_division;
  const double negative = x.tumor * x.negative_share + lost;
  x.tumor -= killed;
  x.negative_share = x.tumor > 0.0 ? std::min(1.0, negative / x.tumor) : x.negative_share;
  change.killed = killed;
  const double treg_loss =
      1.0 / p.treg_lifespan_days + p.treg_ctla4_depletion_rate_per_day * in.ctla4_occupancy;
  const double tregs_lost = x.tregs * -std::expm1(-treg_loss * h);
  change.tregs_depleted =
      tregs_lost * p.treg_ctla4_depletion_rate_per_day * in.ctla4_occupancy / treg_loss;
  x.tregs += p.treg_per_cd8 * change.effectors_gained - tregs_lost;
  const double relax = -std::expm1(-h / p.mdsc_lifespan_days);
  x.mdsc += (p.mdsc_per_tumor_cell * x.tumor - x.mdsc) * relax;
  return change;
}

}  // namespace isv::agents
