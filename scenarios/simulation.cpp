// The step loop.
#include "scenarios/simulation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "model/antibody_pk.hpp"
#include "model/systemic_body.hpp"
#include "model/units.hpp"
#include "scenarios/injected_antibody.hpp"
#include "scenarios/simulation_entry.hpp"

namespace isv::scenarios {

std::int64_t Scenario::total_steps() const {
  return std::llround(model::units::days_to_hours(run.duration_days) / run.step_h);
}

namespace {

std::vector<model::DoseEvent> resolve_doses(const Scenario& sc) {
  std::vector<model::DoseEvent> events;
  for (const model::DoseSchedule& schedule : sc.doses) {
    const auto expanded = model::expand_schedule(schedule, sc.drugs, sc.patient.body_weight_kg);
    events.insert(events.end(), expanded.begin(), expanded.end());
  }
  return events;
}

}  // namespace

Simulation::Simulation(const Scenario& scenario)
    : scenario_(scenario),
      systemic_(scenario.drugs, resolve_doses(scenario), scenario.lymph_node,
                scenario.immune.antigens.count, scenario.patient.body_weight_kg),
      total_steps_(scenario.total_steps()),
      schedule_(scenario.treatments) {
  lesions_.reserve(scenario.lesions.size());
  for (const LesionSpec& spec : scenario.lesions)
    lesions_.emplace_back(lesion_kind(spec.kind), spec.config,
                          static_cast<std::uint64_t>(scenario.run.seed), scenario.run.step_h);
  boundary_reached_h_.assign(lesions_.size(), std::nan(""));
  check_boundaries();
}

// Once reached, a lesion is not looked at again: the first time is what the run reports.
void Simulation::check_boundaries() {
  for (std::size_t l = 0; l < lesions_.size(); ++l) {
    if (!std::isnan(boundary_reached_h_[l])) continue;
    const agents::Lesion* agent = lesions_[l].agent();
    const agents::PopulationLesion* population = lesions_[l].population();
    if ((agent != nullptr && agent->tumor_on_boundary()) ||
        (population != nullptr && population->boundary_day() >= 0.0))
      boundary_reached_h_[l] = time_h();
  }
}

// Expected arrivals in lesion l of specificity k over the step: entry rate x blood pool x
// the lesion's entry weight x dt; the count is a Poisson draw, capped by the whole cells in
// the pool (lesions in name order take what is left). With the body compartment on
// ([tcells] body_tissue_cm3_per_kg > 0) the lesions and the body share the cells leaving the
// blood in proportion to their entry weights (scenarios/simulation_entry.hpp). VEGF-A blockade
// raises every lesion's weight (vessel normalisation), not the body's (model/vegf_params.hpp).
std::vector<std::vector<std::int32_t>> Simulation::draw_tcell_arrivals(
    const agents::TissueDrugInput& drugs) {
  const model::TCellParams& tcells = scenario_.immune.tcells;
  const double normalisation = model::vegf_entry_factor(
      scenario_.vegf, model::vegf_occupancy(drugs.vegf_blood_nM, drugs.vegf_kd_nM));
  std::vector<double> weight_cm3(lesions_.size());
  for (std::size_t l = 0; l < lesions_.size(); ++l)
    weight_cm3[l] = lesions_[l].tcell_entry_weight_cm3() * normalisation;
  TCellEntryStep in;
  in.seed = static_cast<std::uint64_t>(scenario_.run.seed);
  in.step = step_;
  in.entry_per_cell_per_cm3_per_h = tcells.entry_per_cell_per_cm3_per_h;
  in.dt_h = scenario_.run.step_h;
  in.lesion_weight_cm3 = weight_cm3;
  in.body_weight_cm3 =
      model::body_entry_weight_cm3(scenario_.patient.body_weight_kg, tcells.body_tissue_cm3_per_kg,
                                   tcells.body_entry_relative_weight);
  TCellEntryResult drawn = draw_tcell_entry(in, systemic_);
  tcells_withdrawn_total_ += drawn.drawn_total;
  return std::move(drawn.arrivals);
}

// Blood levels of the antibodies acting in tissue. With two drugs on one target the tissue
// field carries their summed concentration and the first drug's Kd (an approximation).
agents::TissueDrugInput Simulation::tissue_drugs() const {
  agents::TissueDrugInput in;
  const std::array<std::pair<agents::TissueTarget, model::CheckpointTarget>, 2> targets{
      {{agents::TissueTarget::kPD1, model::CheckpointTarget::kPD1},
       {agents::TissueTarget::kPDL1, model::CheckpointTarget::kPDL1}}};
  for (const auto& [tissue, target] : targets) {
    const int t = static_cast<int>(tissue);
    in.blood_nM[t] = systemic_.concentration_nM(target);
    for (int d = 0; d < systemic_.drug_count(); ++d) {
      if (systemic_.drug(d).target == target) {
        in.kd_nM[t] = systemic_.drug(d).kd_nM;
        break;
      }
    }
  }
  // Anti-CTLA-4 reaches tissue only through Treg depletion (agents/treg_module.cpp).
  in.ctla4_blood_nM = systemic_.concentration_nM(model::CheckpointTarget::kCTLA4);
  for (int d = 0; d < systemic_.drug_count(); ++d) {
    if (systemic_.drug(d).target == model::CheckpointTarget::kCTLA4) {
      in.ctla4_kd_nM = systemic_.drug(d).kd_nM;
      break;
    }
  }
  // Anti-VEGF-A: vessel normalisation (T-cell entry) and slower growth (model/vegf_params.hpp).
  in.vegf_blood_nM = systemic_.concentration_nM(model::CheckpointTarget::kVEGFA);
  for (int d = 0; d < systemic_.drug_count(); ++d) {
    if (systemic_.drug(d).target == model::CheckpointTarget::kVEGFA) {
      in.vegf_kd_nM = systemic_.drug(d).kd_nM;
      break;
    }
  }
  return in;
}

void Simulation::apply_due_treatments() {
  schedule_.apply_due(
      time_h(), scenario_.run.step_h,
      [&](const std::string& name) {
        for (PatientLesion& lesion : lesions_)
          if (lesion.name() == name) return TreatedLesion{lesion.agent(), lesion.population()};
        return TreatedLesion{};
      },
      events_);
}

void Simulation::advance() {
  apply_due_treatments();
  const int antigens = scenario_.immune.antigens.count;
  const double dt_h = scenario_.run.step_h;
  const agents::TissueDrugInput drugs = tissue_drugs();
  const auto arrivals = draw_tcell_arrivals(drugs);
  std::vector<double> antigen_in_per_h(static_cast<std::size_t>(antigens), 0.0);
  for (std::size_t l = 0; l < lesions_.size(); ++l) {
    lesions_[l].step(agents::LesionInputs{arrivals[l], drugs});
    if (const agents::Lesion* agent = lesions_[l].agent()) add_leaked_antibody(*agent, systemic_);
    const agents::LesionOutputs& out = lesions_[l].last_outputs();
    for (int k = 0; k < antigens; ++k) {
      antigen_in_per_h[k] += out.dc_antigen_export[k] / dt_h;
      if (out.unplaced_tcells[k] > 0) {
        systemic_.return_blood_effectors(k, out.unplaced_tcells[k]);
        tcells_returned_total_ += out.unplaced_tcells[k];
      }
    }
  }
  systemic_.advance(dt_h, antigen_in_per_h);
  ++step_;
  check_boundaries();
}

// True at t = 0, at the end, and at the first step at or after each multiple of `every_h`.
bool Simulation::due(double every_h) const noexcept {
  if (!(every_h > 0.0)) return false;
  if (step_ == 0 || finished()) return true;
  constexpr double kTolerance = 1e-9;  // in units of `every_h`; absorbs rounding of step_h
  const double dt = scenario_.run.step_h;
  const double now = static_cast<double>(step_) * dt / every_h + kTolerance;
  const double before = static_cast<double>(step_ - 1) * dt / every_h + kTolerance;
  return std::floor(now) > std::floor(before);
}

RunOutcome Simulation::run(std::span<Observer* const> observers, const std::atomic<bool>* stop) {
  const OutputParams& out = scenario_.output;
  for (Observer* o : observers) o->on_start(*this);
  auto emit = [&] {
    if (due(out.sample_every_h))
      for (Observer* o : observers) o->on_sample(*this);
    if (due(out.snapshot_every_h))
      for (Observer* o : observers) o->on_snapshot(*this);
  };
  if (!restored_) emit();
  std::size_t events_told = events_.size();
  while (!finished()) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) {
      for (Observer* o : observers) o->on_finish(*this, RunOutcome::kInterrupted);
      return RunOutcome::kInterrupted;
    }
    advance();
    for (; events_told < events_.size(); ++events_told)
      for (Observer* o : observers) o->on_event(*this, events_[events_told]);
    emit();
    for (Observer* o : observers) o->on_step(*this);
  }
  for (Observer* o : observers) o->on_finish(*this, RunOutcome::kCompleted);
  return RunOutcome::kCompleted;
}

}  // namespace isv::scenarios
