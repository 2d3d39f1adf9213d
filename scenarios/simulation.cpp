// The step loop.
#include "scenarios/simulation.hpp"

#include <cmath>

#include "model/units.hpp"

namespace isv::scenarios {

std::int64_t Scenario::total_steps() const {
  return std::llround(model::units::days_to_hours(run.duration_days) / run.step_h);
}

Simulation::Simulation(const Scenario& scenario)
    : scenario_(scenario), total_steps_(scenario.total_steps()) {
  lesions_.reserve(scenario.lesions.size());
  for (const LesionSpec& spec : scenario.lesions)
    lesions_.emplace_back(spec.config, static_cast<std::uint64_t>(scenario.run.seed),
                          scenario.run.step_h);
}

void Simulation::advance() {
  for (agents::Lesion& lesion : lesions_) lesion.step();
  ++step_;
}

// True when the current step lands on a multiple of `every_h` (to within half a step).
bool Simulation::due(double every_h) const noexcept {
  if (!(every_h > 0.0)) return false;
  const double steps_per = every_h / scenario_.run.step_h;
  const double k = std::round(static_cast<double>(step_) / steps_per);
  return std::fabs(k * steps_per - static_cast<double>(step_)) < 0.5 || finished();
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
  emit();
  while (!finished()) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) {
      for (Observer* o : observers) o->on_finish(*this, RunOutcome::kInterrupted);
      return RunOutcome::kInterrupted;
    }
    advance();
    for (Observer* o : observers) o->on_step(*this);
    emit();
  }
  for (Observer* o : observers) o->on_finish(*this, RunOutcome::kCompleted);
  return RunOutcome::kCompleted;
}

}  // namespace isv::scenarios
