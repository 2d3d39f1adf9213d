// Checks of DiffusionSolver::advance at the model step (1 h) with the immune fields' coefficients
// (model/immune_params.hpp), where D dt / h² ~ 10–100 and k dt ~ 0.5–1, far outside the
// dt ∝ h² limit that the convergence study (diffusion_convergence.cpp) covers:
//  1. a uniform equilibrium (f = k u everywhere, boundary value u) must stay put — it is a fixed
//     point of the exact equation and of unsplit backward Euler at any dt;
//  2. a field with a localised source, stepped until stationary (400 steps, > 30 decay times
//     for the slowest field), must reach the steady state
//     that relax() computes (unsplit backward Euler's fixed point is exactly that steady state;
//     a first-order splitting's is not).
//
// Usage: isv_validate_diffusion_step [--quick]
// Exits 1 if a check fails, 2 on a usage error.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::validation {
namespace {

using model::Boundary;
using model::DiffusionProblem;
using model::DiffusionSolver;
using model::Lattice;

constexpr double kStepH = 1.0;     // the scenario default model step
constexpr double kVoxelUm = 20.0;  // the lattice default
// Uniform equilibria must hold to float rounding; the stationary field to 1 % of its peak.
constexpr double kEquilibriumTolerance = 1.0e-5;
constexpr double kSteadyTolerance = 1.0e-2;

struct Check {
  std::string field;
  std::string what;
  double measured = 0.0;
  double tolerance = 0.0;
  bool pass() const { return measured <= tolerance; }
};

// Relative drift of u = 1 (f = k, boundary 1) after `steps` model steps.
double equilibrium_drift(int n, double diffusion_um2_per_h, float k_per_h, int steps) {
  const Lattice lattice(n, n, n, kVoxelUm);
  const auto size = static_cast<std::size_t>(lattice.size());
  const std::vector<float> sink(size, k_per_h);
  const std::vector<float> source(size, k_per_h);
  std::vector<float> u(size, 1.0f);
  const DiffusionProblem problem{diffusion_um2_per_h, sink, source, Boundary::kDirichlet, 1.0};
  DiffusionSolver solver(lattice);
  for (int s = 0; s < steps; ++s) solver.advance(u, problem, kStepH, 1);
  double drift = 0.0;
  for (const float v : u) drift = std::max(drift, std::fabs(v - 1.0));
  return drift;
}

// Unit source in a central sphere of radius n/3.2 voxels, uniform decay, u = 0 on the faces:
// max |u - u_steady| / max u_steady after `steps` model steps from u = 0.
double stationary_error(int n, double diffusion_um2_per_h, float k_per_h, int steps) {
  const Lattice lattice(n, n, n, kVoxelUm);
  const auto size = static_cast<std::size_t>(lattice.size());
  const std::vector<float> sink(size, k_per_h);
  std::vector<float> source(size, 0.0f);
  const double c = n / 2.0, r = n / 3.2;
  for (int z = 0; z < n; ++z)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        const double dx = x + 0.5 - c, dy = y + 0.5 - c, dz = z + 0.5 - c;
        if (dx * dx + dy * dy + dz * dz <= r * r) source[lattice.index(x, y, z)] = 1.0f;
      }
  const DiffusionProblem problem{diffusion_um2_per_h, sink, source, Boundary::kDirichlet, 0.0};
  DiffusionSolver solver(lattice);
  std::vector<float> steady(size, 0.0f);
  solver.relax(steady, problem, 1.0e-7, 500);
  std::vector<float> u(size, 0.0f);
  for (int s = 0; s < steps; ++s) solver.advance(u, problem, kStepH, 1);
  double err = 0.0, peak = 0.0;
  for (std::size_t v = 0; v < size; ++v) {
    err = std::max(err, static_cast<double>(std::fabs(u[v] - steady[v])));
    peak = std::max(peak, static_cast<double>(steady[v]));
  }
  return err / peak;
}

int run(int argc, char** argv) {
  bool quick = false;
  for (int a = 1; a < argc; ++a) {
    if (std::string_view(argv[a]) == "--quick") {
      quick = true;
    } else {
      std::fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
      return 2;
    }
  }
  const int n = quick ? 32 : 64;
  // Immune-field defaults: D in µm²/h (µm²/min × 60), k in 1/h.
  struct Field {
    const char* name;
    double diffusion_um2_per_h;
    float k_per_h;
  };
  const Field antibody{"antibody (D 20 um^2/min, exchange 0.5 /h)", 1200.0, 0.5f};
  const Field damp{"DAMP (D 600 um^2/min, decay 12 /day)", 36000.0, 0.5f};
  const Field chemokine{"chemokine, IFN-g (D 600 um^2/min, decay 24 /day)", 36000.0, 1.0f};
  const Field antigen{"antigen (D 60 um^2/min, decay 2 /day)", 3600.0,
                      static_cast<float>(2.0 / 24.0)};

  std::vector<Check> checks;
  for (const Field& f : {antibody, damp, chemokine, antigen})
    checks.push_back({f.name, "uniform equilibrium: max |u - 1| after 24 steps",
                      equilibrium_drift(16, f.diffusion_um2_per_h, f.k_per_h, 24),
                      kEquilibriumTolerance});
  for (const Field& f : {damp, antigen})
    checks.push_back({f.name, "localised source: max |u - u_steady| / max u_steady after 400 steps",
                      stationary_error(n, f.diffusion_um2_per_h, f.k_per_h, 400),
                      kSteadyTolerance});

  std::printf("advance() at the model step (dt = %.0f h, h = %.0f um, %d^3 for the sphere)\n",
              kStepH, kVoxelUm, n);
  std::printf("%-50s %-70s %11s %10s  %s\n", "field", "check", "measured", "tolerance", "result");
  bool all_pass = true;
  for (const Check& c : checks) {
    std::printf("%-50s %-70s %11.3e %10.1e  %s\n", c.field.c_str(), c.what.c_str(), c.measured,
                c.tolerance, c.pass() ? "PASS" : "FAIL");
    all_pass = all_pass && c.pass();
  }
  std::printf("\noverall: %s\n", all_pass ? "PASS" : "FAIL");
  return all_pass ? 0 : 1;
}

}  // namespace
}  // namespace isv::validation

int main(int argc, char** argv) {
  try {
    return isv::validation::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isv_validate_diffusion_step: %s\n", e.what());
    return 2;
  }
}
