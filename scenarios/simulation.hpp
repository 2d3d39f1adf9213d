// A run: the frozen scenario, its lesions and the clock. Drives the step loop and the
// observers; deterministic for a given scenario and seed whatever the thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/lesion.hpp"
#include "model/systemic_model.hpp"
#include "scenarios/observer.hpp"
#include "scenarios/patient_lesion.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/treatment_schedule.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::scenarios {

class Simulation {
 public:
  // `scenario` must outlive the simulation.
  explicit Simulation(const Scenario& scenario);

  const Scenario& scenario() const noexcept { return scenario_; }
  std::int64_t step() const noexcept { return step_; }
  std::int64_t total_steps() const noexcept { return total_steps_; }
  double time_h() const noexcept { return static_cast<double>(step_) * scenario_.run.step_h; }
  const std::vector<PatientLesion>& lesions() const noexcept { return lesions_; }
  const model::SystemicModel& systemic() const noexcept { return systemic_; }
  // Whole T cells drawn from the blood for lesions, and returned for lack of room, so far.
  std::int64_t tcells_withdrawn_total() const noexcept { return tcells_withdrawn_total_; }
  std::int64_t tcells_returned_total() const noexcept { return tcells_returned_total_; }
  bool finished() const noexcept { return step_ >= total_steps_; }
  // Every treatment application so far, in order (docs/treatments.md).
  const std::vector<TreatmentEvent>& events() const noexcept { return events_; }
  // Per lesion (lesion order): the simulated time (h) at which tumour (a viable cell or debris)
  // was first seen in the outer voxel layer of the lesion's lattice, checked at the start and
  // after every step (a population lesion: tumour mass in its outer layer, or pushed against
  // the domain's face); NaN if not (yet). A mean-field lesion has no lattice and never reaches it.
  const std::vector<double>& boundary_reached_h() const noexcept { return boundary_reached_h_; }

  // Advances the patient by one exchange step (= model step): treatments due by now are applied
  // in timetable order, T cells leave the blood for the
  // lesions as whole cells, the lesions step, then the systemic ODE integrates over the step
  // with the lesions' antigen export held constant (operator splitting, DESIGN.md §3).
  void advance();

  // Runs to the end, informing observers. If `stop` becomes true the run ends after the
  // current step and returns kInterrupted.
  // A restored simulation does not repeat the samples and snapshots of its first step (the
  // checkpoint was taken after them) nor the events already told.
  RunOutcome run(std::span<Observer* const> observers, const std::atomic<bool>* stop = nullptr);

  // Checkpoints (scenarios/simulation_state.cpp, docs/checkpoint.md): the clock, counters,
  // timetable position, events, systemic model, every lesion and the boundary times. Load into a
  // simulation just built from the same scenario; it then continues bit for bit.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);
  bool restored() const noexcept { return restored_; }

 private:
  bool due(double every_h) const noexcept;
  std::vector<std::vector<std::int32_t>> draw_tcell_arrivals(const agents::TissueDrugInput& drugs);
  agents::TissueDrugInput tissue_drugs() const;
  void apply_due_treatments();
  void check_boundaries();

  const Scenario& scenario_;
  std::vector<PatientLesion> lesions_;
  model::SystemicModel systemic_;
  std::int64_t tcells_withdrawn_total_ = 0;
  std::int64_t tcells_returned_total_ = 0;
  std::int64_t step_ = 0;
  std::int64_t total_steps_;
  TreatmentSchedule schedule_;
  std::vector<TreatmentEvent> events_;
  std::vector<double> boundary_reached_h_;
  bool restored_ = false;
};

}  // namespace isv::scenarios
