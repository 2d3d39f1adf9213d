// Peak resident memory of a 256³ lesion holding about a million tumour cells over a few steps.
// Usage: isv_bench_memory [--side N] [--steps N] [--threads N] [--budget-mb MB]
// Exits 1 if the peak exceeds the budget (default 3072 MB), 2 on a usage error.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>

#include "agents/lesion.hpp"
#include "bench/lesion_setup.hpp"

namespace isv::bench {
namespace {

// A field of /proc/self/status in MB (values there are in kB), or -1 if absent.
double proc_status_mb(std::string_view key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':')
      return std::stod(line.substr(key.size() + 1)) / 1024.0;
  return -1.0;
}

int usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--side N] [--steps N] [--threads N] [--budget-mb MB]\n",
               program);
  return 2;
}

int run(int argc, char** argv) {
  int side = 256, steps = 3;
  int threads = oneapi::tbb::info::default_concurrency();
  double budget_mb = 3072.0;
  for (int a = 1; a < argc; ++a) {
    const std::string_view arg = argv[a];
    if (a + 1 >= argc) return usage(argv[0]);
    const char* value = argv[++a];
    if (arg == "--side") {
      side = std::stoi(value);
    } else if (arg == "--steps") {
      steps = std::stoi(value);
    } else if (arg == "--threads") {
      threads = std::stoi(value);
    } else if (arg == "--budget-mb") {
      budget_mb = std::stod(value);
    } else {
      return usage(argv[0]);
    }
  }
  if (side < 1 || steps < 1 || threads < 1) return usage(argv[0]);
  oneapi::tbb::global_control gc(oneapi::tbb::global_control::max_allowed_parallelism,
                                 static_cast<std::size_t>(threads));
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  agents::Lesion lesion(million_cell_lesion(side), kSeed, kStepH);
  const double build_s = std::chrono::duration<double>(clock::now() - t0).count();
  const double after_build_mb = proc_status_mb("VmHWM");
  const auto t1 = clock::now();
  for (int s = 0; s < steps; ++s) lesion.step();
  const double step_s = std::chrono::duration<double>(clock::now() - t1).count() / steps;
  const double peak_mb = proc_status_mb("VmHWM");
  std::printf("lattice %d^3 (%lld voxels), %zu tumour cells, %d threads\n", side,
              static_cast<long long>(lesion.lattice().size()), lesion.tumor().size(), threads);
  std::printf("build %.2f s, %.3f s/step over %d steps\n", build_s, step_s, steps);
  std::printf("peak RSS after build: %.1f MB\n", after_build_mb);
  std::printf("peak RSS (VmHWM): %.1f MB  budget %.0f MB  %s\n", peak_mb, budget_mb,
              peak_mb <= budget_mb ? "PASS" : "FAIL");
  return peak_mb <= budget_mb ? 0 : 1;
}

}  // namespace
}  // namespace isv::bench

int main(int argc, char** argv) {
  try {
    return isv::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isv_bench_memory: %s\n", e.what());
    return 2;
  }
}
