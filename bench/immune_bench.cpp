// Throughput of the lesion step with immune cells present: about a million tumour cells and
// 10^5 T cells (issue "Immunity", benchmark point), at 1 and 2 threads.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>

#include <cstdint>

#include "agents/lesion.hpp"
#include "bench/lesion_setup.hpp"
#include "bench/phase_timer.hpp"

namespace isv::bench {
namespace {

constexpr int kLesionSide = 160;                  // as BM_LesionStep
constexpr std::int32_t kArrivingTCells = 100000;  // placed in the set-up step

// A million-cell lesion into which 10^5 T cells of the one tracked specificity have entered
// (one set-up step, untimed). T cells live ~4 days, so the count stays near 10^5 while timed.
agents::Lesion immune_lesion() {
  agents::Lesion lesion(million_cell_lesion(kLesionSide), kSeed, kStepH);
  agents::LesionInputs inputs;
  inputs.arriving_tcells = {kArrivingTCells};
  lesion.step(inputs);
  return lesion;
}

// items = agents updated per step: tumour cells + T cells + DCs present at the step's start.
// Per-phase wall times are reported as counters (ms per step).
void BM_LesionImmuneStep(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  agents::Lesion lesion = immune_lesion();
  PhaseTimer phases;
  std::int64_t agents_updated = 0;
  for (auto _ : state) {
    agents_updated += static_cast<std::int64_t>(lesion.tumor().size() + lesion.tcells().size() +
                                                lesion.dcs().size());
    phases.step(lesion, state);
  }
  state.SetItemsProcessed(agents_updated);
  state.counters["tumor_cells"] = static_cast<double>(lesion.tumor().size());
  state.counters["tcells"] = static_cast<double>(lesion.tcells().size());
  phases.report(state);
}

BENCHMARK(BM_LesionImmuneStep)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Iterations(4)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace isv::bench
