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
