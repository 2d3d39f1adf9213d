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
  clusters = take(classes);
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

Rates::Rates(const LesionConfig& config, double step_h_in, double founder_cells)
    : voxels(static_cast<double>(config.lattice.nx) * config.lattice.ny * config.lattice.nz),
      voxel_cm3(std::pow(config.lattice.voxel_um, 3) / kUm3PerCm3),
      neighbours(config.lattice.nz == 1 ? 8 : 26),
      clones(config.lattice.nz == 1, founder_cells),
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
    return k / box_retention(model::units::per_minute_to_per_hour(diffusion_um2_per_min), k, lat.nx,
                             lat.ny, lat.nz, lat.voxel_um);
  };
  ifng_loss_per_h = loss(f.ifng_diffusion_um2_per_min, f.ifng_decay_per_day);
  damp_loss_per_h = loss(f.damp_diffusion_um2_per_min, f.damp_decay_per_day);
  chemokine_loss_per_h = loss(f.chemokine_diffusion_um2_per_min, f.chemokine_decay_per_day);
  antigen_loss_per_h = loss(f.antigen_diffusion_um2_per_min, f.antigen_decay_per_day);
}

double suppression(const Rates& r, const State& x, const Layout& l, const HeldInputs& in) {
  return pd1_suppression(x[l.pdl1], in.occupancy_pdl1, in.occupancy_pd1, r.immune.pdl1);
}

double share_per_footprint(double footprint_voxels, const Rates& r) {
  if (!(footprint_voxels > 0.0)) return 1.0 / r.voxels;
  return -std::expm1(-footprint_voxels / r.voxels) / footprint_voxels;
}

double lattice_open_share(const Rates& r, double occupied_voxels) {
  return 1.0 - std::pow(std::clamp(occupied_voxels / r.voxels, 0.0, 1.0), r.neighbours);
}

ClusterView cluster_view(const Rates& r, const Layout& l, const State& x) {
  ClusterView cv;
  cv.viable.assign(l.classes, 0.0);
  cv.size.assign(l.classes, 1.0);
  cv.footprint.assign(l.classes, 0.0);
  for (std::size_t c = 0; c < l.classes; ++c) {
    for (std::size_t s = 0; s < l.stages; ++s) cv.viable[c] += x[l.cell(c, s)];
    const double clusters = x[l.clusters + c];
    if (clusters > 0.0) cv.size[c] = std::max(1.0, cv.viable[c] / clusters);
    cv.footprint[c] = cv.viable[c] / cv.size[c] * r.clones.footprint_per_clone(cv.size[c]);
  }
  return cv;
}

double target_footprint(const TumorClasses& tc, const ClusterView& cv, std::size_t k) {
  double sum = 0.0;
  for (const std::size_t c : tc.expressing[k]) sum += cv.footprint[c];
  return sum;
}

namespace {

// What the tumour terms hand to the others.
struct TumorFlux {
  double divisions = 0.0, deaths = 0.0, kills = 0.0, damp_in = 0.0, occupied = 0.0;
};

// Tumour: cycle chain, divisions (mother and daughter back to stage 0), deaths; a clone dies
// out when its last cell dies (singletons, a share 1/m of clones of mean size m); daughters
// that lost an antigen start clones of their own class. Box filling: with voxels occupied at
// random, all n neighbours of a cell are taken with probability phi^n.
TumorFlux tumor_terms(const Rates& r, const Layout& l, const TumorClasses& tc, const State& x,
                      const ClusterView& cv, const std::vector<double>& per_voxel, State& dxdt) {
  const model::DeathReleaseParams& rel = r.immune.death_release;
  const std::size_t m = l.stages;
  TumorFlux f;
  for (const double v : cv.viable) f.occupied += v;
  for (int i = 0; i < kDebrisStages; ++i) f.occupied += x[l.debris + i];
  const double open_box = lattice_open_share(r, f.occupied);
  const double stage = r.cycle.stage_rate_per_h;
  const double singleton = cluster_footprint_voxels(1.0, r.neighbours == 8);
  for (std::size_t c = 0; c < l.classes; ++c) {
    double per_voxel_c = 0.0;  // T-cell kills per hour per footprint voxel, all specificities
    for (std::uint64_t bits = tc.masks[c]; bits != 0; bits &= bits - 1)
      if (const auto k = static_cast<std::size_t>(std::countr_zero(bits)); k < l.antigens)
        per_voxel_c += per_voxel[k];
    const double size = cv.size[c], viable = cv.viable[c];
    const double kill_hazard = per_voxel_c * r.clones.footprint_per_clone(size) / size;
    const double death_hazard = r.apoptosis_per_h + kill_hazard;
    // A cell without a free neighbour stays put (interior of a clone, or a full lattice), so
    // only the open share of a class cycles: every stage advances at stage rate x open.
    const double advance = stage * open_box * r.clones.open_share(size);
    for (std::size_t s = 0; s < m; ++s) {
      const double n = x[l.cell(c, s)];
      dxdt[l.cell(c, s)] -= (advance + death_hazard) * n;
      if (s + 1 < m) dxdt[l.cell(c, s + 1)] += advance * n;
    }
    const double split = advance * x[l.cell(c, m - 1)];
    dxdt[l.cell(c, 0)] += split;  // the mother
    for (const TumorClasses::Daughter& d : tc.daughters[c]) {
      dxdt[l.cell(d.cls, 0)] += split * d.probability;
      if (d.cls != c) dxdt[l.clusters + d.cls] += split * d.probability;
    }
    dxdt[l.clusters + c] -= viable / (size * size) * (r.apoptosis_per_h + per_voxel_c * singleton);
    f.divisions += split;
    const double killed = kill_hazard * viable, apoptotic = r.apoptosis_per_h * viable;
    f.kills += killed;
    f.deaths += killed + apoptotic;
    f.damp_in += killed * rel.tcell_kill_damp + apoptotic * rel.apoptosis_damp;
    const double antigen_in = killed * rel.tcell_kill_antigen + apoptotic * rel.apoptosis_antigen;
    for (std::uint64_t bits = tc.masks[c]; bits != 0; bits &= bits - 1) {
      const auto k = static_cast<std::size_t>(std::countr_zero(bits));
      if (k >= l.antigens) continue;
      dxdt[l.antigen + k] += antigen_in;
      dxdt[l.released + k] += antigen_in;
    }
  }
  dxdt[l.deaths] = f.deaths;
  dxdt[l.kills] = f.kills;
  return f;
}

// Debris holds its voxel until it clears (a chain; at once without debris). Perfusion
// regresses in occupied voxels and recovers in free ones; a voxel changing side carries the
// mean perfusion of the side it leaves.
void debris_and_perfusion_terms(const Rates& r, const Layout& l, const State& x, const TumorFlux& f,
                                State& dxdt) {
  double cleared = f.deaths;
  if (r.debris_stage_per_h > 0.0) {
    for (int i = 0; i < kDebrisStages; ++i) {
      const double out = r.debris_stage_per_h * x[l.debris + i];
      dxdt[l.debris + i] += (i == 0 ? f.deaths : 0.0) - out;
      if (i + 1 < kDebrisStages)
        dxdt[l.debris + i + 1] += out;
      else
        cleared = out;
    }
  }
  const double free = std::max(0.0, r.voxels - f.occupied);
  const double po = x[l.perfused_occupied], pf = x[l.perfused_free];
  const double mean_po = f.occupied > 0.0 ? po / f.occupied : 0.0;
  const double mean_pf = free > 0.0 ? pf / free : 1.0;
  dxdt[l.perfused_occupied] = -r.regression_per_h * po + f.divisions * mean_pf - cleared * mean_po;
  dxdt[l.perfused_free] =
      r.recovery_per_h * (free - pf) - f.divisions * mean_pf + cleared * mean_po;
}

// T cells: ageing along the lifespan chain (death at its end); exhaustion climbing its stages
// while engaged; a division per kill while divisions are left: the mother moves down one
// class keeping its exhaustion and age, the daughter joins that class fresh and newborn.
void tcell_terms(const Rates& r, const Layout& l, const State& x,
                 const std::vector<double>& contact, double kappa, double h, State& dxdt) {
  const double exhaust_up = kExhaustionStages * r.exhaustion_per_h * h;
  const std::size_t ages = l.age_stages;
  for (std::size_t k = 0; k < l.antigens; ++k) {
    const double up_rate = exhaust_up * contact[k], kill_rate = kappa * contact[k];
    for (std::size_t j = 0; j < l.tcell_classes; ++j) {
      for (std::size_t e = 0; e < kExhaustionStages; ++e) {
        for (std::size_t a = 0; a < ages; ++a) {
          const std::size_t i = l.effector_at(k, j, e, a);
          const double cells = x[i];
          const double aged = r.age_stage_per_h * cells, up = up_rate * cells;
          dxdt[i] -= aged + up;
          if (a + 1 < ages) dxdt[i + 1] += aged;
          const bool last = e + 1 == kExhaustionStages;
          dxdt[last ? l.exhausted_at(k, a) : l.effector_at(k, j, e + 1, a)] += up;
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
}

// Well-mixed fields (per-voxel means over the lattice) and dendritic cells: recruited where
// perfused in proportion to the DAMP Hill, taking up antigen at the mean antigen density,
// maturing with DAMP, leaving for the lymph node with their load.
void field_and_dc_terms(const Rates& r, const Layout& l, const State& x, double engaged,
                        double damp_in, State& dxdt) {
  const model::Pdl1Params& p = r.immune.pdl1;
  const double ifng = x[l.ifng], damp = x[l.damp];
  const double h_ifng = hill(ifng, p.ifng_ec50_ng_per_ml, p.ifng_hill);
  const double h_damp = hill(damp, r.immune.dcs.damp_half_max, 1.0);
  dxdt[l.ifng] = r.ifng_secretion_per_h * engaged / r.voxels - r.ifng_loss_per_h * ifng;
  dxdt[l.pdl1] = r.pdl1_relax_per_h * (1.0 + (p.max_fold - 1.0) * h_ifng - x[l.pdl1]);
  dxdt[l.damp] = damp_in / r.voxels - r.damp_loss_per_h * damp;
  dxdt[l.chemokine] = r.chemokine_production_per_h * (1.0 - (1.0 - h_ifng) * (1.0 - h_damp)) -
                      r.chemokine_loss_per_h * x[l.chemokine];

  const double perfused = x[l.perfused_occupied] + x[l.perfused_free];
  const double immature = x[l.dc_immature], mature = x[l.dc_mature];
  const double maturing = r.dc_mature_per_h * h_damp;
  dxdt[l.dc_immature] =
      r.dc_recruit_per_voxel_h * perfused * h_damp - (maturing + r.dc_death_per_h) * immature;
  dxdt[l.dc_mature] = maturing * immature - r.dc_leave_per_h * mature;
  for (std::size_t k = 0; k < l.antigens; ++k) {
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

}  // namespace

void derivative(const Rates& r, const Layout& l, const TumorClasses& tc, const HeldInputs& in,
                const State& x, State& dxdt) {
  std::fill(dxdt.begin(), dxdt.end(), 0.0);
  const ClusterView cv = cluster_view(r, l, x);
  // T cells spread evenly over the lattice; one of specificity k is in contact with a target
  // when inside the targets' footprint S_k, a share 1 - exp(-S_k / N) of the lattice (overlap
  // as for random placement). Kill rate in contact: the agent's per-step kill probability per
  // step, since a T cell acts once per step from a freshly drawn position.
  const double h = suppression(r, x, l, in);
  const double kappa = kill_probability(r.step_h, r.kill_rate_per_day, h) / r.step_h;
  std::vector<double> contact(l.antigens, 0.0), per_voxel(l.antigens, 0.0);
  double engaged = 0.0;
  for (std::size_t k = 0; k < l.antigens; ++k) {
    const double s_k = target_footprint(tc, cv, k);
    const double active = l.active(x, k);
    const double ratio = share_per_footprint(s_k, r);
    contact[k] = ratio * s_k;
    per_voxel[k] = kappa * active * ratio;
    engaged += contact[k] * active;
  }
  const TumorFlux f = tumor_terms(r, l, tc, x, cv, per_voxel, dxdt);
  debris_and_perfusion_terms(r, l, x, f, dxdt);
  tcell_terms(r, l, x, contact, kappa, h, dxdt);
  field_and_dc_terms(r, l, x, engaged, f.damp_in, dxdt);
}

}  // namespace isv::agents::mean_field
