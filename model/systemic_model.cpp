// Systemic ODE of the patient: antibody PK + lymph node + blood, integrated with Boost.Odeint.
#include "model/systemic_model.hpp"

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "model/errors.hpp"

namespace isv::model {

namespace {

using State = std::vector<double>;

bool safe_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Reports the first drug parameter outside the bounds its visit() declares.
struct DrugBoundsCheck {
  const std::string& drug;
  void operator()(const double& value, const ParamInfo& info) const {
    if (!info.bounds.contains(value))
      throw ScenarioError("antibody '" + drug + "': " + std::string(info.key) + " is out of range");
  }
};

bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }

// More steps than this in one segment means the system is not what the model expects.
constexpr long kMaxStepsPerSegment = 1000000;

}  // namespace

SystemicModel::SystemicModel(std::vector<AntibodyDrug> drugs, std::vector<DoseEvent> doses,
                             LymphNodeParams ln, int antigen_count, double body_weight_kg)
    : drugs_(std::move(drugs)), doses_(std::move(doses)), antigen_count_(antigen_count) {
  if (antigen_count < 1 || antigen_count > kMaxAntigens)
    throw ScenarioError("the systemic model tracks 1 to 64 antigens, not " +
                        std::to_string(antigen_count));
  if (!(body_weight_kg > 0.0) || !std::isfinite(body_weight_kg))
    throw ScenarioError("body weight must be a positive number of kg");

  std::set<std::string> names;
  for (AntibodyDrug& d : drugs_) {
    if (!safe_name(d.name))
      throw ScenarioError("antibody name '" + d.name +
                          "' must be 1-64 characters of letters, digits, '_' or '-'");
    if (!names.insert(d.name).second) throw ScenarioError("antibody '" + d.name + "' twice");
    d.visit(DrugBoundsCheck{d.name});
    DrugRuntime rt;
    rt.rates = individual_rates(d, body_weight_kg);
    rt.nM_per_mg_central = mg_per_L_to_nM(1.0 / rt.rates.central_volume_L, d.molecular_weight_kDa);
    runtime_.push_back(rt);
  }
  for (const DoseEvent& e : doses_) {
    if (e.drug < 0 || e.drug >= drug_count())
      throw ScenarioError("dose refers to drug index " + std::to_string(e.drug) + " of " +
                          std::to_string(drug_count()));
    if (!finite_non_negative(e.time_h) || !finite_non_negative(e.amount_mg) ||
        !finite_non_negative(e.infusion_h))
      throw ScenarioError("dose of '" + drugs_[static_cast<std::size_t>(e.drug)].name +
                          "' needs non-negative finite time, amount and infusion time");
  }
  std::stable_sort(doses_.begin(), doses_.end(),
                   [](const DoseEvent& a, const DoseEvent& b) { return a.time_h < b.time_h; });

  ln_ = to_rates(ln);
  layout_.divisions = ln.divisions;
  x_.assign(2 * drugs_.size() +
                static_cast<std::size_t>(antigen_count_) * static_cast<std::size_t>(layout_.size()),
            0.0);
  for (int k = 0; k < antigen_count_; ++k)
    lymph_node_initial_state(ln_, std::span<double>(x_).subspan(
                                      block_begin(k), static_cast<std::size_t>(layout_.size())));
  antigen_in_.assign(static_cast<std::size_t>(antigen_count_), 0.0);
  infusion_mg_per_h_.assign(drugs_.size(), 0.0);
  give_boluses_at(0.0);
}

void SystemicModel::advance(double dt_h, std::span<const double> antigen_in_cell_eq_per_h) {
  if (!finite_non_negative(dt_h)) throw std::invalid_argument("step must be >= 0 hours");
  if (antigen_in_cell_eq_per_h.size() != static_cast<std::size_t>(antigen_count_))
    throw std::invalid_argument("antigen inflow needs one value per tracked antigen");
  for (std::size_t k = 0; k < antigen_in_.size(); ++k) {
    if (!finite_non_negative(antigen_in_cell_eq_per_h[k]))
      throw std::invalid_argument("antigen inflow must be finite and >= 0");
    antigen_in_[k] = antigen_in_cell_eq_per_h[k];
  }
  if (dt_h == 0.0) return;

  const double t0 = time_h_;
  const double t1 = t0 + dt_h;
  // Breakpoints: every dose time and infusion end strictly inside the step, then the step end.
  std::vector<double> breaks;
  for (const DoseEvent& e : doses_) {
    if (e.time_h > t0 && e.time_h < t1) breaks.push_back(e.time_h);
    const double end = e.time_h + e.infusion_h;
    if (e.infusion_h > 0.0 && end > t0 && end < t1) breaks.push_back(end);
  }
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  breaks.push_back(t1);

  double a = t0;
  for (double b : breaks) {
    set_infusion_rates(a);
    integrate(a, b);
    give_boluses_at(b);
    a = b;
  }
  time_h_ = t1;
}

void SystemicModel::integrate(double t_from_h, double t_to_h) {
  namespace odeint = boost::numeric::odeint;
  // A fresh stepper per segment: the right-hand side changes at every segment (inflow,
  // infusion, discrete withdrawals), and a stepper with no memory makes the result a function
  // of (state, time, inputs) alone, which checkpoint restarts rely on.
  auto stepper =
      odeint::make_controlled(kAbsTolerance, kRelTolerance, odeint::runge_kutta_dopri5<State>());
  auto rhs = [this](const State& x, State& dxdt, double /*t_h*/) { derivative(x, dxdt); };
  double t = t_from_h;
  double dt = t_to_h - t_from_h;
  long steps = 0;
  while (t < t_to_h) {
    const double remaining = t_to_h - t;
    const bool last = dt >= remaining;
    double h = last ? remaining : dt;
    double t_try = t;
    if (stepper.try_step(rhs, x_, t_try, h) == odeint::success) {
      t = last ? t_to_h : t_try;  // land exactly on the segment end
    }
    dt = h;  // the controller's proposal after success or rejection
    if (++steps > kMaxStepsPerSegment)
      throw std::runtime_error("systemic ODE: step size collapsed at t = " + std::to_string(t) +
                               " h");
  }
  // The exact solution is non-negative; clear round-off below zero (|x| ~ tolerance).
  for (double& v : x_) v = std::max(v, 0.0);
}

void SystemicModel::add_to_central_mg(int d, double mg) {
  if (!finite_non_negative(mg)) throw std::invalid_argument("drug amount must be finite and >= 0");
  x_.at(central_index(d)) += mg;
}

void SystemicModel::give_boluses_at(double t_h) {
  for (const DoseEvent& e : doses_) {
    if (e.time_h == t_h && e.infusion_h == 0.0) x_[central_index(e.drug)] += e.amount_mg;
  }
}

void SystemicModel::set_infusion_rates(double t_h) {
  std::fill(infusion_mg_per_h_.begin(), infusion_mg_per_h_.end(), 0.0);
  for (const DoseEvent& e : doses_) {
    if (e.infusion_h > 0.0 && e.time_h <= t_h && t_h < e.time_h + e.infusion_h)
      infusion_mg_per_h_[static_cast<std::size_t>(e.drug)] += e.amount_mg / e.infusion_h;
  }
}

void SystemicModel::derivative(const State& x, State& dxdt) const {
  for (std::size_t d = 0; d < runtime_.size(); ++d) {
    const TwoCompartmentRates& r = runtime_[d].rates;
    const double central = x[2 * d];
    const double peripheral = x[2 * d + 1];
    const double to_peripheral = r.central_to_peripheral_per_h * central;
    const double to_central = r.peripheral_to_central_per_h * peripheral;
    dxdt[2 * d] =
        infusion_mg_per_h_[d] - r.elimination_per_h * central - to_peripheral + to_central;
    dxdt[2 * d + 1] = to_peripheral - to_central;
  }
  const double ctla4 = occupancy_of(CheckpointTarget::kCTLA4, x);
  const auto size = static_cast<std::size_t>(layout_.size());
  for (int k = 0; k < antigen_count_; ++k) {
    const std::size_t b = block_begin(k);
    lymph_node_derivative(ln_, std::span<const double>(x).subspan(b, size),
                          antigen_in_[static_cast<std::size_t>(k)], ctla4,
                          std::span<double>(dxdt).subspan(b, size));
  }
}

double SystemicModel::occupancy_of(CheckpointTarget target, const State& x) const {
  double bound_ratio = 0.0;  // sum of C_i / Kd_i
  for (std::size_t d = 0; d < drugs_.size(); ++d) {
    if (drugs_[d].target != target) continue;
    const double c_nM = std::max(x[2 * d], 0.0) * runtime_[d].nM_per_mg_central;
    bound_ratio += c_nM / drugs_[d].kd_nM;
  }
  return bound_ratio / (1.0 + bound_ratio);
}

std::size_t SystemicModel::block_begin(int k) const {
  return 2 * drugs_.size() + static_cast<std::size_t>(k) * static_cast<std::size_t>(layout_.size());
}

std::size_t SystemicModel::checked_block(int k) const {
  if (k < 0 || k >= antigen_count_)
    throw std::out_of_range("antigen index " + std::to_string(k) + " of " +
                            std::to_string(antigen_count_));
  return block_begin(k);
}

double SystemicModel::blood_effectors(int k) const {
  return x_[checked_block(k) + static_cast<std::size_t>(layout_.blood())];
}

void SystemicModel::remove_blood_effectors(int k, double cells) {
  double& pool = x_[checked_block(k) + static_cast<std::size_t>(layout_.blood())];
  if (!finite_non_negative(cells)) throw std::invalid_argument("cells to remove must be >= 0");
  if (cells > pool)
    throw std::logic_error("cannot remove " + std::to_string(cells) +
                           " effector cells of antigen " + std::to_string(k) +
                           ": the blood pool holds " + std::to_string(pool));
  pool -= cells;  // exact IEEE subtraction of y <= x never goes below zero
}

void SystemicModel::return_blood_effectors(int k, double cells) {
  double& pool = x_[checked_block(k) + static_cast<std::size_t>(layout_.blood())];
  if (!finite_non_negative(cells)) throw std::invalid_argument("cells to return must be >= 0");
  pool += cells;
}

double SystemicModel::naive_cells(int k) const {
  return x_[checked_block(k) + LymphNodeLayout::kNaive];
}

double SystemicModel::memory_precursor_cells(int k) const {
  return x_[checked_block(k) + static_cast<std::size_t>(layout_.memory_precursor())];
}

double SystemicModel::memory_cells(int k) const {
  return x_[checked_block(k) + static_cast<std::size_t>(layout_.memory())];
}

double SystemicModel::lymph_node_antigen_cell_eq(int k) const {
  return x_[checked_block(k) + LymphNodeLayout::kAntigen];
}

std::span<const double> SystemicModel::primary_expansion_cells(int k) const {
  return std::span<const double>(x_).subspan(checked_block(k) + LymphNodeLayout::kFirstPrimary,
                                             static_cast<std::size_t>(layout_.divisions));
}

std::span<const double> SystemicModel::secondary_expansion_cells(int k) const {
  return std::span<const double>(x_).subspan(
      checked_block(k) + static_cast<std::size_t>(layout_.first_secondary()),
      static_cast<std::size_t>(layout_.divisions));
}

double SystemicModel::drug_concentration_mg_per_L(int d) const {
  if (d < 0 || d >= drug_count()) throw std::out_of_range("drug index out of range");
  const auto i = static_cast<std::size_t>(d);
  return x_[central_index(d)] / runtime_[i].rates.central_volume_L;
}

double SystemicModel::concentration_nM(CheckpointTarget target) const {
  double c = 0.0;
  for (std::size_t d = 0; d < drugs_.size(); ++d) {
    if (drugs_[d].target == target) c += x_[2 * d] * runtime_[d].nM_per_mg_central;
  }
  return c;
}

double SystemicModel::occupancy(CheckpointTarget target) const { return occupancy_of(target, x_); }

std::vector<std::string> SystemicModel::state_names() const {
  std::vector<std::string> names;
  names.reserve(x_.size());
  for (const AntibodyDrug& d : drugs_) {
    names.push_back(d.name + "_central_mg");
    names.push_back(d.name + "_peripheral_mg");
  }
  for (int k = 0; k < antigen_count_; ++k) {
    for (std::string& n : lymph_node_state_names(k, layout_.divisions))
      names.push_back(std::move(n));
  }
  return names;
}

void SystemicModel::restore(double time_h, std::span<const double> state) {
  if (state.size() != x_.size())
    throw std::invalid_argument("checkpoint holds " + std::to_string(state.size()) +
                                " systemic states, the model has " + std::to_string(x_.size()));
  if (!finite_non_negative(time_h)) throw std::invalid_argument("checkpoint time must be >= 0");
  std::copy(state.begin(), state.end(), x_.begin());
  time_h_ = time_h;
}

}  // namespace isv::model
