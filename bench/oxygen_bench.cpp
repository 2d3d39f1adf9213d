// Throughput of the oxygen field solver on a 128³ lattice at 1 and 2 threads: one Douglas ADI
// step, and a full quasi-steady relax from a warm start as the lesion step does it.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>

#include <cstdint>
#include <vector>

#include "model/diffusion.hpp"
#include "model/lattice.hpp"
#include "model/tumor_params.hpp"
#include "model/units.hpp"

namespace isv::bench {
namespace {

using model::units::per_minute_to_per_hour;

constexpr int kSide = 128;
constexpr double kVoxelUm = 20.0;
constexpr float kTumourPerfusion = 0.3f;  // partly regressed vessels inside the tumour

// The lesion's oxygen defaults (model::OxygenParams) in hours: D = 1e5 µm²/min = 6e6 µm²/h,
// exchange with blood 300 /h, background decay 6 /h, tumour uptake on top inside the sphere.
struct OxygenRates {
  model::OxygenParams p;
  double diffusion_um2_per_h() const { return per_minute_to_per_hour(p.diffusion_um2_per_min); }
  float supply_per_h() const {
    return static_cast<float>(per_minute_to_per_hour(p.supply_rate_per_min));
  }
  float decay_per_h() const {
    return static_cast<float>(per_minute_to_per_hour(p.decay_rate_per_min));
  }
  float uptake_per_h() const {
    return static_cast<float>(per_minute_to_per_hour(p.tumor_uptake_per_min));
  }
  float blood_mmHg() const { return static_cast<float>(p.blood_mmHg); }
  double tissue_mmHg() const {
    return p.blood_mmHg * p.supply_rate_per_min / (p.supply_rate_per_min + p.decay_rate_per_min);
  }
};

// Coefficients of a tumour sphere (perfusion 0.3, uptake) of the given radius in perfused tissue.
struct OxygenCase {
  OxygenRates rates;
  model::Lattice lattice{kSide, kSide, kSide, kVoxelUm};
  std::vector<float> sink;
  std::vector<float> source;

  explicit OxygenCase(double tumour_radius_voxels) {
    const auto n = static_cast<std::size_t>(lattice.size());
    sink.resize(n);
    source.resize(n);
    const double c = kSide / 2.0;
    for (int z = 0; z < kSide; ++z)
      for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
          const double dx = x + 0.5 - c, dy = y + 0.5 - c, dz = z + 0.5 - c;
          const bool tumour =
              dx * dx + dy * dy + dz * dz <= tumour_radius_voxels * tumour_radius_voxels;
          const float perfusion = tumour ? kTumourPerfusion : 1.0f;
          const std::size_t v = static_cast<std::size_t>(lattice.index(x, y, z));
          sink[v] = rates.decay_per_h() + rates.supply_per_h() * perfusion +
                    (tumour ? rates.uptake_per_h() : 0.0f);
          source[v] = rates.supply_per_h() * perfusion * rates.blood_mmHg();
        }
  }
  model::DiffusionProblem problem() const {
    return {rates.diffusion_um2_per_h(), sink, source, model::Boundary::kDirichlet,
            rates.tissue_mmHg()};
  }
};

// items = voxels updated per Douglas step.
void BM_OxygenSweep(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  const OxygenCase coeffs(40.0);
  const model::DiffusionProblem problem = coeffs.problem();
  model::DiffusionSolver solver(coeffs.lattice);
  std::vector<float> u(coeffs.sink.size(), static_cast<float>(coeffs.rates.tissue_mmHg()));
  const double dt_h = 1.0e-3;  // mid-spectrum pseudo-time step; the cost does not depend on it
  for (auto _ : state) benchmark::DoNotOptimize(solver.douglas_step(u, problem, dt_h));
  state.SetItemsProcessed(state.iterations() * coeffs.lattice.size());
}

// items = voxels × Douglas steps. The warm start is the steady field of a tumour one voxel
// smaller, as after one model step of growth; tolerance and cycle cap are the lesion's defaults.
void BM_OxygenRelax(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism, threads);
  const OxygenCase before(39.0);
  const OxygenCase after(40.0);
  model::DiffusionSolver solver(before.lattice);
  std::vector<float> warm(before.sink.size(), static_cast<float>(before.rates.tissue_mmHg()));
  solver.relax(warm, before.problem(), 1.0e-4, 100);
  const model::DiffusionProblem problem = after.problem();
  const model::OxygenParams& o = after.rates.p;  // the lesion's stopping rule
  std::vector<float> u(warm.size());
  std::int64_t sweeps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    u = warm;
    state.ResumeTiming();
    const model::SteadyStateReport report =
        solver.relax(u, problem, o.solver_tolerance_mmHg, o.solver_max_cycles);
    sweeps += report.sweeps;
  }
  state.SetItemsProcessed(sweeps * after.lattice.size());
  state.counters["sweeps"] =
      benchmark::Counter(static_cast<double>(sweeps), benchmark::Counter::kAvgIterations);
}

BENCHMARK(BM_OxygenSweep)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OxygenRelax)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace isv::bench
