// Mean-field lesion: initial state, the per-step integration, coupling and read-outs.
#include "agents/mean_field_lesion.hpp"

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <numbers>

#include "model/units.hpp"

namespace isv::agents {
namespace {

// Tight enough that integration error stays far below the agent model's stochastic spread
// (relative 1e-8), with an absolute floor below any per-voxel field level that matters.
constexpr double kAbsTolerance = 1e-10;
constexpr double kRelTolerance = 1e-8;

double sphere_diameter_mm(double volume_mm3) {
  return volume_mm3 > 0.0 ? std::cbrt(6.0 * volume_mm3 / std::numbers::pi) : 0.0;
}

}  // namespace

MeanFieldLesion::MeanFieldLesion(const LesionConfig& config, double step_h)
    : config_(config),
      initial_(mean_field::initial_tumor(config)),
      rates_(config, step_h, initial_.cells_per_clone()),
      classes_(mean_field::enumerate_classes(config.immune.antigens.count, config.antigen_fractions,
                                             config.immune.antigens.loss_per_division)),
      layout_({classes_.masks.size(), static_cast<std::size_t>(rates_.cycle.stages),
               static_cast<std::size_t>(config.immune.antigens.count),
               config.immune.tcells.max_divisions, static_cast<std::size_t>(rates_.age_stages)}),
      x_(layout_.size, 0.0) {
  const auto k = static_cast<std::size_t>(config.immune.antigens.count);
  outputs_.dc_antigen_export.assign(k, 0.0);
  outputs_.unplaced_tcells.assign(k, 0);
  seed_initial_state();
}

// The expected initial population of the agent lesion, spread over the cycle stages as the
// agent's uniform ages are (CycleModel::initial_stage_share) and over clusters as its
// placement is (initial_tumor); full perfusion, baseline PD-L1.
void MeanFieldLesion::seed_initial_state() {
  for (std::size_t c = 0; c < layout_.classes; ++c) {
    const double share = classes_.initial_share[c];
    for (std::size_t s = 0; s < layout_.stages; ++s)
      x_[layout_.cell(c, s)] = initial_.cells * share * rates_.cycle.initial_stage_share[s];
    x_[layout_.clusters + c] = initial_.clones * share;
  }
  x_[layout_.perfused_occupied] = initial_.cells;
  x_[layout_.perfused_free] = rates_.voxels - initial_.cells;
  x_[layout_.pdl1] = 1.0;
}

void MeanFieldLesion::step(const LesionInputs& inputs) {
  // Blood antibody in tissue at partition x blood (exchange takes ~2 h, PK changes over days).
  const model::ImmuneFieldParams& f = config_.immune.fields;
  auto occupancy = [&](TissueTarget t) {
    const int i = static_cast<int>(t);
    const double c = f.antibody_tissue_partition * inputs.drugs.blood_nM[i];
    return c > 0.0 ? c / (c + inputs.drugs.kd_nM[i]) : 0.0;
  };
  held_.occupancy_pd1 = occupancy(TissueTarget::kPD1);
  held_.occupancy_pdl1 = occupancy(TissueTarget::kPDL1);

  const std::size_t k_count = layout_.antigens;
  const std::size_t fresh = layout_.tcell_classes - 1;  // arrivals have every division left
  for (std::size_t k = 0; k < k_count && k < inputs.arriving_tcells.size(); ++k) {
    x_[layout_.effector_at(k, fresh, 0, 0)] += inputs.arriving_tcells[k];
    tcells_arrived_total_ += inputs.arriving_tcells[k];
  }
  std::vector<double> exported_before(k_count);
  for (std::size_t k = 0; k < k_count; ++k) exported_before[k] = x_[layout_.exported + k];

  integrate(time_h(), time_h() + rates_.step_h);

  for (std::size_t k = 0; k < k_count; ++k)
    outputs_.dc_antigen_export[k] = x_[layout_.exported + k] - exported_before[k];
  std::fill(outputs_.unplaced_tcells.begin(), outputs_.unplaced_tcells.end(), 0);
  ++step_;
}

void MeanFieldLesion::integrate(double t_from_h, double t_to_h) {
  namespace odeint = boost::numeric::odeint;
  // A fresh stepper per step: the result is a function of (state, inputs) alone.
  auto stepper = odeint::make_controlled(kAbsTolerance, kRelTolerance,
                                         odeint::runge_kutta_dopri5<mean_field::State>());
  auto rhs = [this](const mean_field::State& x, mean_field::State& dxdt, double /*t_h*/) {
    mean_field::derivative(rates_, layout_, classes_, held_, x, dxdt);
  };
  odeint::integrate_adaptive(stepper, rhs, x_, t_from_h, t_to_h, t_to_h - t_from_h);
  // The exact solution is non-negative; clear round-off below zero (|x| ~ tolerance).
  for (double& v : x_) v = std::max(v, 0.0);
}

double MeanFieldLesion::tcell_entry_weight_cm3() const {
  const model::TCellParams& t = config_.immune.tcells;
  const double perfused = x_[layout_.perfused_occupied] + x_[layout_.perfused_free];
  const double boost =
      1.0 + t.chemokine_entry_boost * hill1(x_[layout_.chemokine], t.chemokine_half_max);
  return perfused * boost * rates_.voxel_cm3;
}

double MeanFieldLesion::viable_cells() const {
  double sum = 0.0;
  for (std::size_t c = 0; c < layout_.classes; ++c) sum += class_viable(c);
  return sum;
}

double MeanFieldLesion::class_viable(std::size_t cls) const {
  double sum = 0.0;
  for (std::size_t s = 0; s < layout_.stages; ++s) sum += x_[layout_.cell(cls, s)];
  return sum;
}

double MeanFieldLesion::tcells(int antigen) const {
  const auto k = static_cast<std::size_t>(antigen);
  return layout_.active(x_, k) + layout_.exhausted_cells(x_, k);
}

LesionReadouts MeanFieldLesion::readouts() const {
  const mean_field::Layout& l = layout_;
  auto count = [](double v) { return static_cast<std::int64_t>(std::llround(v)); };
  LesionReadouts out;
  const double viable = viable_cells();
  double debris = 0.0;
  for (int i = 0; i < mean_field::kDebrisStages; ++i) debris += x_[l.debris + i];
  const mean_field::ClusterView cv = mean_field::cluster_view(rates_, l, x_);
  // Quiescent: without a free neighbour (inside a clone, or in a full lattice).
  const double open_box = mean_field::lattice_open_share(rates_, viable + debris);
  double quiescent = 0.0;
  for (std::size_t c = 0; c < l.classes; ++c)
    quiescent += cv.viable[c] * (1.0 - open_box * rates_.clones.open_share(cv.size[c]));
  out.tumor_viable = count(viable);
  out.tumor_quiescent = std::min(out.tumor_viable, count(quiescent));
  out.tumor_cycling = out.tumor_viable - out.tumor_quiescent;
  out.tumor_hypoxic = 0;  // no oxygen limitation in the mean field (docs/mean_field.md)
  out.tumor_dead = count(debris);
  out.tumor_deaths_total = count(x_[l.deaths]);
  const double voxel_mm3 = std::pow(config_.lattice.voxel_um, 3) / model::units::kUm3PerMm3;
  out.volume_mm3 = (viable + debris) * voxel_mm3;
  out.longest_diameter_mm = sphere_diameter_mm(out.volume_mm3);
  out.viable_diameter_mm = sphere_diameter_mm(viable * voxel_mm3);
  // Diagnostic only: the well-mixed quasi-steady oxygen of the lattice (not used by the model).
  const model::OxygenParams& o = config_.oxygen;
  const double supply = o.supply_rate_per_min * (x_[l.perfused_occupied] + x_[l.perfused_free]);
  const double sink =
      o.decay_rate_per_min * rates_.voxels + supply + o.tumor_uptake_per_min * viable;
  out.oxygen_mean_mmHg = sink > 0.0 ? o.blood_mmHg * supply / sink : 0.0;
  double tcells = 0.0, exhausted = 0.0, engaged = 0.0;
  for (std::size_t k = 0; k < l.antigens; ++k) {
    const double active = l.active(x_, k);
    const double footprint = mean_field::target_footprint(classes_, cv, k);
    exhausted += l.exhausted_cells(x_, k);
    tcells += active + l.exhausted_cells(x_, k);
    engaged += active * footprint * mean_field::share_per_footprint(footprint, rates_);
  }
  out.tcells = count(tcells);
  out.tcells_exhausted = count(exhausted);
  out.tcells_engaged = count(engaged);
  out.tcells_arrived_total = tcells_arrived_total_;
  out.tcell_kills_total = count(x_[l.kills]);
  out.dcs_immature = count(x_[l.dc_immature]);
  out.dcs_mature = count(x_[l.dc_mature]);
  out.pdl1_mean = out.tumor_viable > 0 ? x_[l.pdl1] : 0.0;
  out.antigen_released_total.assign(
      x_.begin() + static_cast<std::ptrdiff_t>(l.released),
      x_.begin() + static_cast<std::ptrdiff_t>(l.released + l.antigens));
  return out;
}

}  // namespace isv::agents
