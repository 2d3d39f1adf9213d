// Runs a lesion's step phase by phase and reports each phase's wall time as a benchmark counter
// (ms per step), shared by the lesion benchmarks.
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/lesion.hpp"
#include "bench/lesion_setup.hpp"

namespace isv::bench {

class PhaseTimer {
 public:
  PhaseTimer() : plan_(agents::Lesion::plan()), seconds_(plan_.size(), 0.0) {}

  // One step of the plan; phases for which `untimed(name)` is true run with the benchmark's
  // timer paused (they are still timed here).
  template <class Untimed>
  void step(agents::Lesion& lesion, benchmark::State& state, Untimed untimed) {
    for (std::size_t p = 0; p < plan_.size(); ++p) {
      const bool pause = untimed(plan_[p].name);
      if (pause) state.PauseTiming();
      const auto t0 = std::chrono::steady_clock::now();
      run_phase(lesion, plan_[p], kStepH);
      seconds_[p] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (pause) state.ResumeTiming();
    }
  }
  void step(agents::Lesion& lesion, benchmark::State& state) {
    step(lesion, state, [](std::string_view) { return false; });
  }

  // Counters `<phase>_ms`: mean wall time per step.
  void report(benchmark::State& state) const {
    for (std::size_t p = 0; p < plan_.size(); ++p)
      state.counters[std::string(plan_[p].name) + "_ms"] =
          benchmark::Counter(seconds_[p] * 1e3, benchmark::Counter::kAvgIterations);
  }

 private:
  std::span<const agents::Lesion::Phase> plan_;
  std::vector<double> seconds_;
};

}  // namespace isv::bench
