// Locoregional treatments of a population lesion (population_territory.hpp): embolization, TACE
// and TARE of a territory, and the biopsy core. Per territory voxel the lesion keeps the share
// of its viable cells inside the territory and the share in occluded (ischaemic) tissue; each
// step those cells face the drug and radiation log-kill and the ischaemic death rate, in closed
// form over the step. Model, sources and assumptions: docs/clinical_scale.md, "Treatments".
#include <algorithm>
#include <cmath>
#include <concepts>
#include <numbers>
#include <type_traits>

#include "agents/population_lesion.hpp"
#include "agents/population_subpoints.hpp"
#include "agents/population_sum.hpp"
#include "agents/radionuclide_dose.hpp"
#include "model/checkpoint_io.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::kHoursPerDay;

// The drug's kill hazard is integrated over sub-steps of at most this length (midpoint rule).
constexpr double kDrugSubstepH = 1.0;
// Relative closeness of the release and loss rates below which their equal-rate limit is used.
constexpr double kEqualRatesTolerance = 1e-9;

std::int64_t whole(double x) { return static_cast<std::int64_t>(std::llround(x)); }

double rate_of_half_time(double half_time_h) {
  return half_time_h > 0.0 ? std::numbers::ln2 / half_time_h : 0.0;
}

// Share of the territory's flow still blocked at time_h: f 2^(-(t - t0)/T), as for agent lesions
// (agents/perfusion_occlusion.hpp).
double blocked_share(const TerritoryRecord& r, double time_h) {
  const TerritoryTherapy& t = r.therapy;
  if (time_h < r.start_h) return 0.0;
  if (!(t.recanalization_half_time_h > 0.0)) return t.occlusion_fraction;
  return t.occlusion_fraction * std::exp2(-(time_h - r.start_h) / t.recanalization_half_time_h);
}

RadionuclideDelivery delivery_of(const TerritoryRecord& r) {
  RadionuclideDelivery d;
  d.start_h = r.start_h;
  d.total_dose_gy = r.therapy.dose_gy;
  d.half_life_h = r.therapy.half_life_h;
  d.repair_half_time_h = r.therapy.repair_half_time_h;
  d.alpha_per_gy = r.therapy.alpha_per_gy;
  d.beta_per_gy2 = r.therapy.beta_per_gy2;
  return d;
}

// Depot A and tissue level C of one voxel over dt: dA/dt = -r A, dC/dt = r A - k C, solved
// exactly; returns the log-kill of the Emax hazard integrated over the step by the midpoint rule
// (the exponentials at the sub-step midpoints by recurrence: this runs per territory voxel).
double advance_drug(const TerritoryTherapy& t, double loss_per_h, double dt_h, double& depot,
                    double& drug) {
  const double r = rate_of_half_time(t.release_half_time_h);
  const double k = loss_per_h;
  const double a0 = depot, c0 = drug;
  const bool release = a0 > 0.0 && r > 0.0;
  const bool equal_rates = !(std::abs(k - r) > kEqualRatesTolerance * (k + r));
  const double coef = release && !equal_rates ? a0 * r / (k - r) : 0.0;
  // C(s) = c0 e^{-ks} + coef (e^{-rs} - e^{-ks}), or with k = r: (c0 + a0 r s) e^{-ks}.
  auto level = [&](double s, double ek, double er) {
    if (!release) return c0 * ek;
    if (equal_rates) return (c0 + a0 * r * s) * ek;
    return c0 * ek + coef * (er - ek);
  };
  double log_kill = 0.0;
  if (t.kill.max_kill_per_h > 0.0) {
    const int n = std::max(1, static_cast<int>(std::ceil(dt_h / kDrugSubstepH)));
    const double h = dt_h / n;
    const double step_k = std::exp(-k * h), step_r = std::exp(-r * h);
    double ek = std::exp(-k * 0.5 * h), er = std::exp(-r * 0.5 * h);
    const bool linear = t.kill.hill == 1.0;
    const double en = linear ? t.kill.ec50 : std::pow(t.kill.ec50, t.kill.hill);
    double hazard = 0.0;
    for (int j = 0; j < n; ++j) {
      const double c = std::max(0.0, level((j + 0.5) * h, ek, er));
      const double cn = linear ? c : std::pow(c, t.kill.hill);
      hazard += cn / (cn + en);
      ek *= step_k;
      er *= step_r;
    }
    log_kill = h * t.kill.max_kill_per_h * hazard;
  }
  drug = std::max(0.0, level(dt_h, std::exp(-k * dt_h), std::exp(-r * dt_h)));
  depot = a0 * std::exp(-r * dt_h);
  return log_kill;
}

// advance_drug with its last inputs and results kept: bit-identical inputs give the stored
// results (advance_drug is a pure function of them).
struct DrugMemo {
  bool valid = false;
  double loss = 0.0, depot = 0.0, drug = 0.0;
  double kill = 0.0, depot_after = 0.0, drug_after = 0.0;

  double advance(const TerritoryTherapy& t, double loss_per_h, double dt_h, double& depot_now,
                 double& drug_now) {
    if (!valid || loss_per_h != loss || depot_now != depot || drug_now != drug) {
      valid = true;
      loss = loss_per_h;
      depot = depot_after = depot_now;
      drug = drug_after = drug_now;
      kill = advance_drug(t, loss_per_h, dt_h, depot_after, drug_after);
    }
    depot_now = depot_after;
    drug_now = drug_after;
    return kill;
  }
};

template <class T, class U>
concept StateOf = std::same_as<std::remove_const_t<T>, U>;

}  // namespace

template <StateOf<TerritoryRecord> S, class Ar>
void visit_state(S& r, Ar& ar) {
  ar(r.therapy, r.start_h, r.voxels, r.volume_share, r.cell_share, r.ischaemic_share, r.depot,
     r.drug);
}

ZoneTally PopulationLesion::treat_territory(const Territory& territory,
                                            const TerritoryTherapy& therapy) {
  const auto n = lattice_.size();
  std::vector<double> share(static_cast<std::size_t>(n), 0.0);
  if (territory.whole_lesion) {
    for_each_active(
        [&](std::int32_t v) { share[v] = viable_[v] + necrotic_[v] > 0.0 ? 1.0 : 0.0; });
  } else {
    for_each_index(n, kVoxelGrain, [&](std::int64_t i) {
      const auto v = static_cast<std::int32_t>(i);
      if (!subpoints::far_from(lattice_, v, territory.zone, 0.0))
        share[v] = subpoints::share_inside(lattice_, v, territory.zone);
    });
  }
  TerritoryRecord r;
  r.therapy = therapy;
  r.start_h = time_h();
  const bool depot = therapy.release_half_time_h > 0.0;
  ZoneTally tally;
  double zone = 0.0, viable = 0.0, necrotic = 0.0, tcells = 0.0;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(n); ++v) {
    const double s = share[v];
    if (s == 0.0) continue;
    r.voxels.push_back(v);
    r.volume_share.push_back(s);
    r.cell_share.push_back(s);
    r.ischaemic_share.push_back(s * therapy.occlusion_fraction);
    r.depot.push_back(depot ? therapy.drug_loading : 0.0);
    r.drug.push_back(depot ? 0.0 : therapy.drug_loading);
    zone += s;
    viable += viable_[v] * s;
    necrotic += necrotic_[v] * s;
    for (int k = 0; k < antigens_; ++k)
      tcells += effectors_[static_cast<std::size_t>(k) * static_cast<std::size_t>(n) +
                           static_cast<std::size_t>(v)] *
                s;
  }
  tally.zone_voxels = whole(zone);
  tally.tumor_viable = whole(viable);
  tally.tumor_dead = whole(necrotic);
  tally.tcells = whole(tcells);
  territories_.push_back(std::move(r));
  update_flow();
  return tally;
}

void PopulationLesion::update_flow() {
  const bool occluded =
      std::any_of(territories_.begin(), territories_.end(),
                  [](const TerritoryRecord& r) { return r.therapy.occlusion_fraction > 0.0; });
  if (!occluded) {
    open_.clear();
    return;
  }
  open_.assign(static_cast<std::size_t>(lattice_.size()), 1.0);
  // Territories in the order applied; independent occlusions block independent shares.
  for (const TerritoryRecord& r : territories_) {
    const double f = blocked_share(r, time_h());
    if (f == 0.0) continue;
    for (std::size_t i = 0; i < r.voxels.size(); ++i)
      open_[r.voxels[i]] *= 1.0 - r.volume_share[i] * f;
  }
}

// The drug of territory r over the step, per territory voxel, into log_kill. Neighbouring
// voxels mostly share their history and flow, hence their inputs: each block of voxels reuses
// the last result when the inputs are bit-identical (the same pure function of them).
void PopulationLesion::advance_drugs(TerritoryRecord& r, std::vector<double>& log_kill) const {
  const TerritoryTherapy& t = r.therapy;
  const auto m = static_cast<std::int64_t>(r.voxels.size());
  auto block = [&](const tbb::blocked_range<std::int64_t>& range) {
    DrugMemo memo;
    for (std::int64_t i = range.begin(); i != range.end(); ++i) {
      const std::int32_t v = r.voxels[i];
      const double perfusion = vessels_[v] * (open_.empty() ? 1.0 : open_[v]);
      const double loss = t.drug_decay_per_h + t.drug_washout_per_h * perfusion;
      log_kill[i] = memo.advance(t, loss, dt_h_, r.depot[i], r.drug[i]);
    }
  };
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, m, kVoxelGrain), block);
}

// Per territory and territory voxel (in parallel: a territory's voxels are unique): the
// territory's cells face the drug and radiation log-kill L; then the ischaemic ones die at rate
// k or are reperfused at the recanalization rate rho (competing, exact over the step).
void PopulationLesion::apply_local_therapy() {
  if (territories_.empty()) return;
  const double t0 = time_h();
  const double k = config_.population.ischaemic_death_rate_per_day / kHoursPerDay;
  double died_total = 0.0;
  for (TerritoryRecord& r : territories_) {
    const TerritoryTherapy& t = r.therapy;
    double radiation = 0.0;
    if (t.dose_gy > 0.0) {
      const RadionuclideDelivery d = delivery_of(r);
      radiation = log_kill(d, dose_increment(d, t0, t0 + dt_h_));
    }
    const double rho = rate_of_half_time(t.recanalization_half_time_h);
    const double stay = std::exp(-(k + rho) * dt_h_);
    const double ischaemic_death = k + rho > 0.0 ? k / (k + rho) * (1.0 - stay) : 0.0;
    const auto m = static_cast<std::int64_t>(r.voxels.size());
    std::vector<double> died(static_cast<std::size_t>(m), 0.0);
    std::vector<double>& chemo = scratch_;  // per territory voxel (m <= voxels); not state
    if (t.drug_loading > 0.0) advance_drugs(r, chemo);
    for_each_index(m, kVoxelGrain, [&](std::int64_t i) {
      const std::int32_t v = r.voxels[i];
      const double hazard = radiation + (t.drug_loading > 0.0 ? chemo[i] : 0.0);
      const double cells = viable_[v];
      if (!(cells > 0.0)) return;
      const double survive = std::exp(-hazard);
      const double w = r.cell_share[i];
      const double u = r.ischaemic_share[i] * survive;
      const double dead = cells * (w * (1.0 - survive) + u * ischaemic_death);
      const double left = std::max(0.0, cells - dead);
      r.cell_share[i] = left > 0.0 ? std::clamp((cells * w - dead) / left, 0.0, 1.0) : 0.0;
      r.ischaemic_share[i] = left > 0.0 ? std::min(1.0, cells * u * stay / left) : 0.0;
      viable_[v] = left;
      necrotic_[v] += cells - left;
      died[i] = cells - left;
    });
    died_total += ordered_sum(m, [&](std::int64_t i) { return died[i]; });
  }
  deaths_total_ += died_total;
  release_antigen(died_total);
}

ZoneTally PopulationLesion::remove_core(const Cylinder& core) {
  const auto n = lattice_.size();
  std::vector<double> share(static_cast<std::size_t>(n), 0.0);
  const double reach = std::hypot(core.half_length_um, core.radius_um);
  for_each_index(n, kVoxelGrain, [&](std::int64_t i) {
    const auto v = static_cast<std::int32_t>(i);
    if (!subpoints::far_from(lattice_, v, core.centre_um, reach))
      share[v] = subpoints::share_inside(lattice_, v, core);
  });
  double zone = 0.0, viable = 0.0, necrotic = 0.0, tcells = 0.0;
  for (std::int64_t v = 0; v < n; ++v) {
    const double s = share[v];
    if (s == 0.0) continue;
    zone += s;
    viable += viable_[v] * s;
    necrotic += necrotic_[v] * s;
    viable_[v] -= viable_[v] * s;
    necrotic_[v] -= necrotic_[v] * s;
    tregs_[v] -= tregs_[v] * s;
    mdsc_[v] -= mdsc_[v] * s;
    for (int k = 0; k < antigens_; ++k) {
      double& e = effectors_[static_cast<std::size_t>(k) * static_cast<std::size_t>(n) +
                             static_cast<std::size_t>(v)];
      tcells += e * s;
      e -= e * s;
    }
  }
  ZoneTally tally;
  tally.zone_voxels = whole(zone);
  tally.tumor_viable = whole(viable);
  tally.tumor_dead = whole(necrotic);
  tally.tcells = whole(tcells);
  update_geometry();
  return tally;
}

void PopulationLesion::save_local(model::CheckpointWriter& out) const {
  out.section("population_local");
  out(territories_);
}

void PopulationLesion::load_local(model::CheckpointReader& in) {
  in.section("population_local");
  in(territories_);
  for (const TerritoryRecord& r : territories_) {
    const std::size_t m = r.voxels.size();
    if (r.volume_share.size() != m || r.cell_share.size() != m || r.ischaemic_share.size() != m ||
        r.depot.size() != m || r.drug.size() != m)
      in.fail("population lesion '" + config_.name + "': a territory's arrays differ in length");
    for (const std::int32_t v : r.voxels)
      if (v < 0 || v >= lattice_.size())
        in.fail("population lesion '" + config_.name + "': a territory voxel is off the lattice");
  }
  update_flow();
}

}  // namespace isv::agents
