// The mean-field lesion ODE: state layout, rates and right-hand side.
#include "agents/mean_field_model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "agents/tcell_behaviour.hpp"
#include "model/units.hpp"

namespace isv::agents::mean_field {

using model::units::days_to_hours;
using model::units::kHoursPerDay;

namespace {

constexpr double kUm3PerCm3 = 1.0e12;
double hill(double x, double half, double n) {
  if (x <= 0.0) return 0.0;
  const double xn = std::pow(x / half, n);
  return xn / (1.0 + xn);
}

double per_day(double rate_per_day) { return rate_per_day / kHoursPerDay; }

}  // namespace

Layout::Layout(const Sizes& n)
    : classes(n.classes),
      stages(n.cycle_stages),
      antigens(n.antigens),
      tcell_classes(static_cast<std::size_t>(n.max_divisions) + 1),
      age_stages(n.age_stages) {
  std::size_t at = 0;
  auto take = [&](std::size_t count) {
    const std::size_t here = at;
    at += count;
    return here;
  };
  tumor = take(classes * stages);
  debris = take(kDebrisStages);
  perfused_occupied = take(1);
  perfused_free = take(1);
  effector = take(antigens * tcell_classes * kExhaustionStages * age_stages);
  exhausted = take(antigens * age_stages);
  pdl1 = take(1);
  ifng = take(1);
  damp = take(1);
  chemokine = take(1);
  antigen = take(antigens);
  dc_immature = take(1);
  dc_mature = take(1);
  load_immature = take(antigens);
  load_mature = take(antigens);
  exported = take(antigens);
  released = take(antigens);
  deaths = take(1);
  kills = take(1);
  size = at;
}

double Layout::active(const State& x, std::size_t k) const {
  const std::size_t first = effector_at(k, 0, 0, 0);
  const std::size_t count = tcell_classes * kExhaustionStages * age_stages;
  double sum = 0.0;
  for (std::size_t i = first; i < first + count; ++i) sum += x[i];
  return sum;
}

double Layout::exhausted_cells(const State& x, std::size_t k) const {
  double sum = 0.0;
  for (std::size_t a = 0; a < age_stages; ++a) sum += x[exhausted_at(k, a)];
  return sum;
}

namespace {
int age_stage_count(double cv) {
  const double ideal = cv > 0.0 ? 1.0 / (cv * cv) : kMaxAgeStages;
  return static_cast<int>(std::clamp<double>(std::round(ideal), 1.0, kMaxAgeStages));
}
}  // namespace

Rates::Rates(const LesionConfig& config, double step_h_in)
    : voxels(static_cast<double>(config.lattice.nx) * config.lattice.ny * config.lattice.nz),
      voxel_cm3(std::pow(config.lattice.voxel_um, 3) / kUm3PerCm3),
      neighbours(config.lattice.nz == 1 ? 8 : 26),
      cycle(fit_cycle(config.tumor, step_h_in)),
      apoptosis_per_h(per_day(config.tumor.apoptosis_rate_per_day)),
      debris_stage_per_h(config.tumor.debris_clearance_days > 0.0
                             ? kDebrisStages / days_to_hours(config.tumor.debris_clearance_days)
                             : 0.0),
      regression_per_h(1.0 / days_to_hours(config.perfusion.vessel_regression_days)),
      recovery_per_h(1.0 / days_to_hours(config.perfusion.vessel_recovery_days)),
      step_h(step_h_in),
      kill_rate_per_day(config.immune.tcells.kill_rate_per_day),
      age_stages(age_stage_count(config.immune.tcells.lifespan_cv)),
      age_stage_per_h(age_stages / days_to_hours(config.immune.tcells.lifespan_days)),
      exhaustion_per_h(per_day(config.immune.tcells.exhaustion_rate_per_day)),
      ifng_secretion_per_h(config.immune.tcells.ifng_secretion_per_h),
      max_divisions(config.immune.tcells.max_divisions),
      chemokine_production_per_h(config.immune.fields.chemokine_production_per_h),
      pdl1_relax_per_h(per_day(config.immune.pdl1.relax_rate_per_day)),
      dc_recruit_per_voxel_h(config.immune.dcs.recruitment_per_cm3_per_h * voxel_cm3),
      dc_uptake_per_h(per_day(config.immune.dcs.uptake_rate_per_day)),
      dc_mature_per_h(per_day(config.immune.dcs.maturation_rate_per_day)),
      dc_death_per_h(per_day(config.immune.dcs.immature_death_rate_per_day)),
      dc_leave_per_h(per_day(config.immune.dcs.migration_rate_per_day)),
      immune(config.immune) {
  const model::ImmuneFieldParams& f = config.immune.fields;
  const model::LatticeParams& lat = config.lattice;
  auto loss = [&](double diffusion_um2_per_min, double decay_per_day) {
    const double k = per_day(decay_per_day);
    if (!(k > 0.0)) return 0.0;  // no decay: leakage alone is not represented
    return k / box_retention(model::units::per_minute_to_per_hour(diffusion_um2_per_min), k,
                             lat.nx, lat.ny, lat.nz, lat.voxel_um);
  };
  ifng_loss_per_h = loss(f.ifng_diffusion_um2_per_min, f.ifng_decay_per_day);
  damp_loss_per_h = loss(f.damp_diffusion_um2_per_min, f.damp_decay_per_day);
  chemokine_loss_per_h = loss(f.chemokine_diffusion_um2_per_min, f.chemokine_decay_per_day);
  antigen_loss_per_h = loss(f.antigen_diffusion_um2_per_min, f.antigen_decay_per_day);
}

double suppression(const Rates& r, const State& x, const Layout& l, const HeldInputs& in) {
  return pd1_suppression(x[l.pdl1], in.occupancy_pdl1, in.occupancy_pd1, r.immune.pdl1);
}

double contact_share(double targets, const Rates& r) {
  const double rho = std::clamp(targets / r.voxels, 0.0, 1.0);
  if (rho >= 1.0) return 1.0;
  return -std::expm1(static_cast<double>(r.neighbours + 1) * std::log1p(-rho));
}

void derivative(const Rates& r, const Layout& l, const TumorClasses& tc, const HeldInputs& in,
                const State& x, State& dxdt) {
  std::fill(dxdt.begin(), dxdt.end(), 0.0);
  const model::DeathReleaseParams& rel = r.immune.death_release;
  const std::size_t m = l.stages;
  const std::size_t n_antigens = l.antigens;

  // Occupancy and contact inhibition: a cell at the end of its cycle divides only into a free
  // Moore neighbour; with voxels occupied at random, all n are taken with probability phi^n.
  std::vector<double> viable(l.classes, 0.0);
  double viable_total = 0.0, debris = 0.0;
  for (std::size_t c = 0; c < l.classes; ++c) {
    for (std::size_t s = 0; s < m; ++s) viable[c] += x[l.cell(c, s)];
    viable_total += viable[c];
  }
  for (int i = 0; i < kDebrisStages; ++i) debris += x[l.debris + i];
  const double occupied = viable_total + debris;
  const double free = std::max(0.0, r.voxels - occupied);
  const double phi = std::clamp(occupied / r.voxels, 0.0, 1.0);
  const double open = 1.0 - std::pow(phi, r.neighbours);

  // Per-target T-cell hazard by specificity: the kill flux kappa * contact * E_k shared by the
  // N_k cells that express antigen k; kappa is the agent's per-step kill probability per step.
  const double h = suppression(r, x, l, in);
  const double kappa = kill_probability(r.step_h, r.kill_rate_per_day, h) / r.step_h;
  std::vector<double> contact(n_antigens, 0.0), hazard(n_antigens, 0.0), active(n_antigens, 0.0);
  double engaged = 0.0;
  for (std::size_t k = 0; k < n_antigens; ++k) {
    double targets = 0.0;
    for (const std::size_t c : tc.expressing[k]) targets += viable[c];
    active[k] = l.active(x, k);
    contact[k] = contact_share(targets, r);
    const double per_target = targets > 0.0 ? contact[k] / targets
                                            : static_cast<double>(r.neighbours + 1) / r.voxels;
    hazard[k] = kappa * active[k] * per_target;
    engaged += contact[k] * active[k];
  }

  // Tumour: cycle chain, divisions (mother and daughter back to stage 0), deaths.
  const double stage = r.cycle.stage_rate_per_h;
  double divisions = 0.0, deaths = 0.0, kills = 0.0, damp_in = 0.0;
  for (std::size_t c = 0; c < l.classes; ++c) {
    double kill_hazard = 0.0;
    for (std::uint64_t bits = tc.masks[c]; bits != 0; bits &= bits - 1)
      if (const auto k = static_cast<std::size_t>(std::countr_zero(bits)); k < n_antigens)
        kill_hazard += hazard[k];
    const double death_hazard = r.apoptosis_per_h + kill_hazard;
    for (std::size_t s = 0; s < m; ++s) {
      const double n = x[l.cell(c, s)];
      const double out = stage * n * (s + 1 == m ? open : 1.0);
      dxdt[l.cell(c, s)] -= out + death_hazard * n;
      if (s + 1 < m) dxdt[l.cell(c, s + 1)] += out;
    }
    const double split = stage * x[l.cell(c, m - 1)] * open;
    dxdt[l.cell(c, 0)] += split;  // the mother
    for (const TumorClasses::Daughter& d : tc.daughters[c]) dxdt[l.cell(d.cls, 0)] += split * d.probability;
    divisions += split;
    const double killed = kill_hazard * viable[c], apoptotic = r.apoptosis_per_h * viable[c];
    kills += killed;
    deaths += killed + apoptotic;
    damp_in += killed * rel.tcell_kill_damp + apoptotic * rel.apoptosis_damp;
    const double antigen_in = killed * rel.tcell_kill_antigen + apoptotic * rel.apoptosis_antigen;
    for (std::uint64_t bits = tc.masks[c]; bits != 0; bits &= bits - 1) {
      const auto k = static_cast<std::size_t>(std::countr_zero(bits));
      if (k >= n_antigens) continue;
      dxdt[l.antigen + k] += antigen_in;
      dxdt[l.released + k] += antigen_in;
    }
  }
  dxdt[l.deaths] = deaths;
  dxdt[l.kills] = kills;

  // Debris: a voxel stays occupied until its debris clears (or frees at once without debris).
  double cleared = deaths;
  if (r.debris_stage_per_h > 0.0) {
    for (int i = 0; i < kDebrisStages; ++i) {
      const double out = r.debris_stage_per_h * x[l.debris + i];
      dxdt[l.debris + i] += (i == 0 ? deaths : 0.0) - out;
      if (i + 1 < kDebrisStages) dxdt[l.debris + i + 1] += out;
      else cleared = out;
    }
  }

  // Perfusion: regresses in occupied voxels, recovers in free ones; a voxel changing side
  // carries the mean perfusion of the side it leaves.
  const double po = x[l.perfused_occupied], pf = x[l.perfused_free];
  const double mean_po = occupied > 0.0 ? po / occupied : 0.0;
  const double mean_pf = free > 0.0 ? pf / free : 1.0;
  dxdt[l.perfused_occupied] = -r.regression_per_h * po + divisions * mean_pf - cleared * mean_po;
  dxdt[l.perfused_free] = r.recovery_per_h * (free - pf) - divisions * mean_pf + cleared * mean_po;

  // T cells: ageing along the lifespan chain (death at its end); exhaustion climbing its stages
  // while engaged; a division per kill while divisions are left: the mother moves down one
  // class keeping its exhaustion and age, the daughter joins that class fresh and newborn.
  const double exhaust_up = kExhaustionStages * r.exhaustion_per_h * h;
  const std::size_t ages = l.age_stages;
  for (std::size_t k = 0; k < n_antigens; ++k) {
    const double up_rate = exhaust_up * contact[k], kill_rate = kappa * contact[k];
    for (std::size_t j = 0; j < l.tcell_classes; ++j) {
      for (std::size_t e = 0; e < kExhaustionStages; ++e) {
        for (std::size_t a = 0; a < ages; ++a) {
          const std::size_t i = l.effector_at(k, j, e, a);
          const double cells = x[i];
          const double aged = r.age_stage_per_h * cells, up = up_rate * cells;
          dxdt[i] -= aged + up;
          if (a + 1 < ages) dxdt[i + 1] += aged;
          dxdt[e + 1 < kExhaustionStages ? l.effector_at(k, j, e + 1, a) : l.exhausted_at(k, a)] += up;
          if (j > 0) {
            const double killing = kill_rate * cells;
            dxdt[i] -= killing;
            dxdt[l.effector_at(k, j - 1, e, a)] += killing;
            dxdt[l.effector_at(k, j - 1, 0, 0)] += killing;
          }
        }
      }
    }
    for (std::size_t a = 0; a < ages; ++a) {
      const double aged = r.age_stage_per_h * x[l.exhausted_at(k, a)];
      dxdt[l.exhausted_at(k, a)] -= aged;
      if (a + 1 < ages) dxdt[l.exhausted_at(k, a + 1)] += aged;
    }
  }

  // Well-mixed fields (per-voxel means over the lattice).
  const model::Pdl1Params& p = r.immune.pdl1;
  const double ifng = x[l.ifng], damp = x[l.damp];
  const double h_ifng = hill(ifng, p.ifng_ec50_ng_per_ml, p.ifng_hill);
  const double h_damp = hill(damp, r.immune.dcs.damp_half_max, 1.0);
  dxdt[l.ifng] = r.ifng_secretion_per_h * engaged / r.voxels - r.ifng_loss_per_h * ifng;
  dxdt[l.pdl1] = r.pdl1_relax_per_h * (1.0 + (p.max_fold - 1.0) * h_ifng - x[l.pdl1]);
  dxdt[l.damp] = damp_in / r.voxels - r.damp_loss_per_h * damp;
  dxdt[l.chemokine] = r.chemokine_production_per_h * (1.0 - (1.0 - h_ifng) * (1.0 - h_damp)) -
                      r.chemokine_loss_per_h * x[l.chemokine];

  // Dendritic cells: recruited where perfused in proportion to the DAMP Hill, take up antigen
  // at the mean antigen density, mature with DAMP, leave for the lymph node with their load.
  const double immature = x[l.dc_immature], mature = x[l.dc_mature];
  const double maturing = r.dc_mature_per_h * h_damp;
  dxdt[l.dc_immature] = r.dc_recruit_per_voxel_h * (po + pf) * h_damp -
                        (maturing + r.dc_death_per_h) * immature;
  dxdt[l.dc_mature] = maturing * immature - r.dc_leave_per_h * mature;
  for (std::size_t k = 0; k < n_antigens; ++k) {
    const double density = x[l.antigen + k] / r.voxels;
    const double up_immature = r.dc_uptake_per_h * immature * density;
    const double up_mature = r.dc_uptake_per_h * mature * density;
    const double li = x[l.load_immature + k], lm = x[l.load_mature + k];
    dxdt[l.antigen + k] -= r.antigen_loss_per_h * x[l.antigen + k] + up_immature + up_mature;
    dxdt[l.load_immature + k] = up_immature - (maturing + r.dc_death_per_h) * li;
    dxdt[l.load_mature + k] = up_mature + maturing * li - r.dc_leave_per_h * lm;
    dxdt[l.exported + k] = r.dc_leave_per_h * lm;
  }
}

}  // namespace isv::agents::mean_field
