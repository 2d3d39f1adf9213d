// What a running simulation tells the outside world. Observers read, never change, state;
// the output layer implements them and the model never includes output code.
#pragma once

#include <string>

#include "scenarios/treatment_event.hpp"

namespace isv::scenarios {

class Simulation;

enum class RunOutcome {
  kCompleted,    // ran to the scenario's duration
  kInterrupted,  // stopped early on request (signal); output up to the last sample is kept
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_start(const Simulation& /*sim*/) {}
  // A time-series sample (at t = 0 and every output.sample_every_h).
  virtual void on_sample(const Simulation& /*sim*/) {}
  // A lattice snapshot (at t = 0 and every output.snapshot_every_h, if enabled).
  virtual void on_snapshot(const Simulation& /*sim*/) {}
  // After every model step, once that step's samples and snapshots are out; for progress
  // displays and checkpoints (a checkpoint is the state after its step's output).
  virtual void on_step(const Simulation& /*sim*/) {}
  // A treatment was applied (at the start of a step, before the lesions stepped); called after
  // that step, in application order.
  virtual void on_event(const Simulation& /*sim*/, const TreatmentEvent& /*event*/) {}
  virtual void on_finish(const Simulation& /*sim*/, RunOutcome /*outcome*/) {}
};

}  // namespace isv::scenarios
