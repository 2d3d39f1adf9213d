// Throughput of the lesion step for about a million tumour cells, at 1 and 2 threads:
// the whole Lesion::step (field solves included) and the agent phases alone.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agents/lesion.hpp"
#include "bench/lesion_setup.hpp"
#include "bench/phase_timer.hpp"

namespace isv::bench {
namespace {

constexpr int kLesionSide = 160;  // 3.2 mm cube around a 2.5 mm sphere of cells

// items = tumour cells updated (cells present at the start of each step).
void BM_LesionStep(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  agents::Lesion lesion(million_cell_lesion(kLesionSide), kSeed, kStepH);
  std::int64_t cells = 0;
  std::int64_t sweeps = 0;
  for (auto _ : state) {
    cells += static_cast<std::int64_t>(lesion.tumor().size());
    lesion.step();
    sweeps += lesion.last_oxygen_solve().sweeps;
  }
  state.SetItemsProcessed(cells);
  state.counters["cells"] = static_cast<double>(lesion.tumor().size());
  state.counters["o2_sweeps"] =
      benchmark::Counter(static_cast<double>(sweeps), benchmark::Counter::kAvgIterations);
}

// Field phases: solved on the whole lattice, timed separately from the agent phases.
bool is_field_phase(std::string_view name) { return name == "oxygen" || name == "immune_fields"; }

// The same step with the field phases (oxygen, immune fields) run outside the timed region;
// per-phase wall times are reported as counters (ms per step), field phases included.
void BM_LesionAgents(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  agents::Lesion lesion(million_cell_lesion(kLesionSide), kSeed, kStepH);
  PhaseTimer phases;
  std::int64_t cells = 0;
  for (auto _ : state) {
    cells += static_cast<std::int64_t>(lesion.tumor().size());
    phases.step(lesion, state, is_field_phase);
  }
  state.SetItemsProcessed(cells);
  state.counters["cells"] = static_cast<double>(lesion.tumor().size());
  phases.report(state);
}

BENCHMARK(BM_LesionStep)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Iterations(4)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LesionAgents)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Iterations(10)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace isv::bench
