// What a running simulation tells the outside world. Observers read, never change, state;
// the output layer implements them and the model never includes output code.
#pragma once

#include <string>

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
  // After every model step; for progress displays. Must be cheap.
  virtual void on_step(const Simulation& /*sim*/) {}
  virtual void on_finish(const Simulation& /*sim*/, RunOutcome /*outcome*/) {}
};

}  // namespace isv::scenarios
