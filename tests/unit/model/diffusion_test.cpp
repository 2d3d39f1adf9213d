// Diffusion–reaction solver against analytic solutions (time-dependent and steady), conservation
// under no-flux faces, the fixed point of relax(), and bit-identity across thread counts.
//
// Geometry used throughout (see DiffusionSolver::compute_explicit_delta): values live at voxel
// centres; a Dirichlet ghost carries the boundary value at the centre of the missing neighbour,
// so the boundary sits one voxel (h) outside the edge centre. For n voxels along an axis the
// centres are x_i = (i + 1) h in a domain [0, L] with L = (n + 1) h. A no-flux ghost mirrors the
// edge value (zero gradient across the face).
#include "model/diffusion.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <vector>

#include "model/lattice.hpp"
#include "model/rng.hpp"

namespace isv::model {
namespace {

constexpr double kPi = std::numbers::pi;

struct Fields {
  explicit Fields(const Lattice& lattice)
      : lat(lattice),
        u(static_cast<std::size_t>(lattice.size()), 0.0f),
        sink(static_cast<std::size_t>(lattice.size()), 0.0f),
        source(static_cast<std::size_t>(lattice.size()), 0.0f) {}
  DiffusionProblem problem(double d, Boundary b, double boundary_value = 0.0) const {
    return DiffusionProblem{d, sink, source, b, boundary_value};
  }
  Lattice lat;
  std::vector<float> u, sink, source;
};

// The discrete operator D ∇²u − k u + f in double, with the solver's ghost conventions.
std::vector<double> discrete_rhs(const Fields& f, const DiffusionProblem& p,
                                 const std::vector<double>& u) {
  const Lattice& lat = f.lat;
  const int nx = lat.nx(), ny = lat.ny(), nz = lat.nz();
  const double h2 = lat.voxel_um() * lat.voxel_um();
  const bool dir = p.boundary == Boundary::kDirichlet;
  std::vector<double> out(u.size());
  for (int z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x) {
        const std::int32_t i = lat.index(x, y, z);
        const double c = u[i];
        auto at = [&](int xx, int yy, int zz) {
          if (lat.contains(xx, yy, zz)) return u[lat.index(xx, yy, zz)];
          return dir ? p.boundary_value : c;
        };
        double lap =
            at(x - 1, y, z) + at(x + 1, y, z) + at(x, y - 1, z) + at(x, y + 1, z) - 4.0 * c;
        if (!lat.is_2d()) lap += at(x, y, z - 1) + at(x, y, z + 1) - 2.0 * c;
        out[i] = p.diffusion_um2_per_h * lap / h2 - p.sink_per_h[i] * c + p.source_per_h[i];
      }
  return out;
}

// Exact discrete steady state (D ∇²u − k u + f = 0) by conjugate gradients in double.
std::vector<double> exact_discrete_steady_state(const Fields& f, const DiffusionProblem& p) {
  const std::size_t n = f.u.size();
  std::vector<double> x(n, 0.0);
  // A x = b with A = −(D∇² − k) (homogeneous ghosts), b = rhs(0) (boundary and sources).
  auto apply_a = [&](const std::vector<double>& v) {
    DiffusionProblem homogeneous = p;
    homogeneous.boundary_value = 0.0;
    std::vector<float> zero(n, 0.0f);
    homogeneous.source_per_h = zero;
    std::vector<double> r = discrete_rhs(f, homogeneous, v);
    for (double& e : r) e = -e;
    return r;
  };
  std::vector<double> r = discrete_rhs(f, p, x);  // b - A*0
  std::vector<double> d = r;
  double rr = 0.0;
  for (double e : r) rr += e * e;
  const double rr0 = rr;
  for (int it = 0; it < 20000 && rr > 1e-28 * rr0; ++it) {
    const std::vector<double> ad = apply_a(d);
    double dad = 0.0;
    for (std::size_t i = 0; i < n; ++i) dad += d[i] * ad[i];
    const double alpha = rr / dad;
    double rr_new = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      x[i] += alpha * d[i];
      r[i] -= alpha * ad[i];
      rr_new += r[i] * r[i];
    }
    const double beta = rr_new / rr;
    rr = rr_new;
    for (std::size_t i = 0; i < n; ++i) d[i] = r[i] + beta * d[i];
  }
  return x;
}

std::vector<double> to_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// --- (1) time-dependent decay of the lowest sine mode -------------------------------------------

// Max error against A(t) sin(πx/L) sin(πy/L) sin(πz/L), A(t) = exp(−(3Dπ²/L² + k) t), for n
// voxels per axis in a cube of fixed L; dt scales with h².
double sine_mode_decay_error(int n) {
  constexpr double kLength = 360.0;  // um
  constexpr double kD = 1.0e4;       // um^2/h
  constexpr double kSink = 0.5;      // 1/h
  constexpr double kEnd = 0.3;       // h
  const double h = kLength / (n + 1);
  const int steps = 10 * ((n + 1) / 9) * ((n + 1) / 9);  // dt ∝ h²
  Fields f(Lattice(n, n, n, h));
  std::fill(f.sink.begin(), f.sink.end(), static_cast<float>(kSink));
  auto mode = [&](std::int32_t i) {
    const Voxel3 v = f.lat.voxel(i);
    return std::sin(kPi * (v.x + 1) * h / kLength) * std::sin(kPi * (v.y + 1) * h / kLength) *
           std::sin(kPi * (v.z + 1) * h / kLength);
  };
  for (std::int32_t i = 0; i < f.lat.size(); ++i) f.u[i] = static_cast<float>(mode(i));
  DiffusionSolver solver(f.lat);
  // A convergence study needs iteration errors far below the discretisation error.
  constexpr double kTightTolerance = 1e-6;
  solver.advance(f.u, f.problem(kD, Boundary::kDirichlet, 0.0), kEnd, steps, kTightTolerance);
  const double amplitude = std::exp(-(3.0 * kD * kPi * kPi / (kLength * kLength) + kSink) * kEnd);
  double err = 0.0;
  for (std::int32_t i = 0; i < f.lat.size(); ++i)
    err = std::max(err, std::fabs(f.u[i] - amplitude * mode(i)));
  return err;
}

TEST(Diffusion, SineModeDecaysAtTheAnalyticRateWithSecondOrderConvergence) {
  const double e1 = sine_mode_decay_error(8);   // h = 40 um
  const double e2 = sine_mode_decay_error(17);  // h = 20 um
  const double e3 = sine_mode_decay_error(35);  // h = 10 um
  // Amplitude at the end is about 0.43: the finest grid must be within 0.5 % of it.
  EXPECT_LT(e3, 2e-3);
  EXPECT_NEAR(e1 / e2, 4.0, 0.5) << "errors " << e1 << " " << e2 << " " << e3;
  EXPECT_NEAR(e2 / e3, 4.0, 0.5) << "errors " << e1 << " " << e2 << " " << e3;
}

// --- (2) steady states ---------------------------------------------------------------------------

// D u'' − k u = 0 on [0, L] with u(0) = u(L) = 1: u = cosh((x − L/2)/λ) / cosh(L/(2λ)),
// λ = √(D/k). A lattice with ny = nz = 1 is two-dimensional for the solver and Dirichlet faces
// would also apply across y, so the 1-D problem is posed with no-flux faces (neutral across y) and
// the two end voxels pinned at 1 by a stiff exchange (sink K, source K·1): the domain runs between
// the end-voxel centres, L = (n − 1) h.
double cosh_steady_state_error(int n, SteadyStateReport* report_out = nullptr) {
  constexpr double kLength = 1000.0;  // um
  constexpr double kD = 4.0e4;        // um^2/h
  constexpr double kSink = 1.0;       // 1/h  -> λ = 200 um
  const double lambda = std::sqrt(kD / kSink);
  const double h = kLength / (n - 1);
  Fields f(Lattice(n, 1, 1, h));
  std::fill(f.sink.begin(), f.sink.end(), static_cast<float>(kSink));
  const float pin = static_cast<float>(1.0e6 * kD / (h * h));
  for (const int end : {0, n - 1}) {
    f.sink[end] = pin;
    f.source[end] = pin;
  }
  DiffusionSolver solver(f.lat);
  const SteadyStateReport report = solver.relax(f.u, f.problem(kD, Boundary::kNoFlux), 1.0e-6, 500);
  if (report_out != nullptr) *report_out = report;
  double err = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = i * h;
    const double exact = std::cosh((x - kLength / 2) / lambda) / std::cosh(kLength / (2 * lambda));
    err = std::max(err, std::fabs(f.u[i] - exact));
  }
  return err;
}

TEST(Diffusion, RelaxReachesTheCoshSteadyStateWithSecondOrderConvergence) {
  SteadyStateReport report;
  const double e1 = cosh_steady_state_error(21, &report);  // h = 50 um = λ/4
  EXPECT_TRUE(report.converged) << "last change " << report.last_change;
  const double e2 = cosh_steady_state_error(41);  // h = 25 um
  const double e3 = cosh_steady_state_error(81);  // h = 12.5 um
  EXPECT_LT(e3, 1e-4);
  EXPECT_NEAR(e1 / e2, 4.0, 0.5) << "errors " << e1 << " " << e2 << " " << e3;
  EXPECT_NEAR(e2 / e3, 4.0, 0.5) << "errors " << e1 << " " << e2 << " " << e3;
}

// Manufactured steady state with Dirichlet 0 faces on a 2-D lattice:
// u = sin(πx/L) sin(πy/L) solves D ∇²u − k u + f = 0 for f = (2Dπ²/L² + k) u.
double manufactured_dirichlet_error(int n) {
  constexpr double kLength = 400.0;  // um
  constexpr double kD = 1.0e4;
  constexpr double kSink = 2.0;
  const double h = kLength / (n + 1);
  Fields f(Lattice(n, n, 1, h));
  std::vector<double> exact(f.u.size());
  for (std::int32_t i = 0; i < f.lat.size(); ++i) {
    const Voxel3 v = f.lat.voxel(i);
    exact[i] = std::sin(kPi * (v.x + 1) * h / kLength) * std::sin(kPi * (v.y + 1) * h / kLength);
    f.sink[i] = static_cast<float>(kSink);
    f.source[i] =
        static_cast<float>((2.0 * kD * kPi * kPi / (kLength * kLength) + kSink) * exact[i]);
  }
  DiffusionSolver solver(f.lat);
  const SteadyStateReport report =
      solver.relax(f.u, f.problem(kD, Boundary::kDirichlet, 0.0), 1.0e-6, 500);
  EXPECT_TRUE(report.converged) << "n = " << n << ", last change " << report.last_change;
  double err = 0.0;
  for (std::int32_t i = 0; i < f.lat.size(); ++i) err = std::max(err, std::fabs(f.u[i] - exact[i]));
  return err;
}

TEST(Diffusion, DirichletSteadyStateConvergesAtSecondOrder) {
  const double e1 = manufactured_dirichlet_error(9);   // h = 40 um
  const double e2 = manufactured_dirichlet_error(19);  // h = 20 um
  const double e3 = manufactured_dirichlet_error(39);  // h = 10 um
  EXPECT_LT(e3, 2e-3);
  EXPECT_NEAR(e1 / e2, 4.0, 0.5) << "errors " << e1 << " " << e2 << " " << e3;
  EXPECT_NEAR(e2 / e3, 4.0, 0.5) << "errors " << e1 << " " << e2 << " " << e3;
}

// --- (3) conservation ----------------------------------------------------------------------------

void fill_random(std::vector<float>& v, std::uint64_t seed, double lo, double hi) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    CounterRng rng(seed, Stream::kTest, 0, i);
    v[i] = static_cast<float>(lo + (hi - lo) * rng.uniform());
  }
}

double sum_of(const std::vector<float>& v) {
  double s = 0.0;
  for (float x : v) s += x;
  return s;
}

double spread_of(const std::vector<float>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo;
}

TEST(Diffusion, NoFluxFacesConserveTheTotalWithoutSinksOrSources) {
  for (const int nz : {1, 12}) {
    for (const int substeps : {200, 4}) {  // D dt / h² = 0.5 and 25
      Fields f(Lattice(16, 13, nz, 20.0));
      fill_random(f.u, 5, 0.0, 10.0);
      const double before = sum_of(f.u);
      const double spread_before = spread_of(f.u);
      DiffusionSolver solver(f.lat);
      solver.advance(f.u, f.problem(1.0e4, Boundary::kNoFlux), 4.0, substeps);
      EXPECT_NEAR(sum_of(f.u), before, 1e-5 * before) << "nz = " << nz << ", " << substeps;
      if (substeps == 200) {
        EXPECT_LT(spread_of(f.u), 0.2 * spread_before) << "the field must have diffused";
      }
    }
  }
}

// A deposit in one voxel of a closed box, followed for six diffusion times L²/D in ten steps
// (D = 1e4 um²/min, a chemokine-like value; one model hour): the field must end up uniform and
// never negative. This is how a time-accurate field (chemokine, drug) would be advanced per
// model step.
TEST(Diffusion, PointDepositSpreadsUniformlyAndStaysNonNegativeWithLargeSteps) {
  for (const int nz : {1, 16}) {
    Fields f(Lattice(16, 16, nz, 20.0));
    f.u[f.lat.index(8, 8, nz / 2)] = 1000.0f;
    const double mean = 1000.0 / static_cast<double>(f.lat.size());
    DiffusionSolver solver(f.lat);
    solver.advance(f.u, f.problem(6.0e5, Boundary::kNoFlux), 1.0, 10);
    const auto [lo, hi] = std::minmax_element(f.u.begin(), f.u.end());
    EXPECT_GE(*lo, 0.0f) << "nz = " << nz << ": negative concentration";
    EXPECT_NEAR(*hi, mean, 0.05 * mean) << "nz = " << nz << ": deposit not spread";
  }
}

TEST(Diffusion, UniformFieldIsAFixedPointOfNoFluxDiffusion) {
  Fields f(Lattice(9, 7, 5, 20.0));
  std::fill(f.u.begin(), f.u.end(), 3.25f);
  DiffusionSolver solver(f.lat);
  solver.advance(f.u, f.problem(1.0e5, Boundary::kNoFlux), 5.0, 5);
  for (float x : f.u) ASSERT_EQ(x, 3.25f);
}

TEST(Diffusion, DirichletFieldRelaxesToTheBoundaryValueWithoutSinks) {
  Fields f(Lattice(10, 10, 10, 20.0));
  fill_random(f.u, 6, 0.0, 50.0);
  DiffusionSolver solver(f.lat);
  const SteadyStateReport report =
      solver.relax(f.u, f.problem(1.0e5, Boundary::kDirichlet, 37.0), 1e-5, 100);
  EXPECT_TRUE(report.converged);
  for (float x : f.u) ASSERT_NEAR(x, 37.0f, 1e-4f);
}

// --- (4) relax: converged fixed point ------------------------------------------------------------

// An oxygen-like problem: perfused tissue with a strongly consuming spheroid in the middle.
Fields oxygen_like_problem(int n, int nz) {
  Fields f(Lattice(n, n, nz, 20.0));
  const auto centre = f.lat.centre_um(f.lat.index(f.lat.centre_voxel()));
  for (std::int32_t i = 0; i < f.lat.size(); ++i) {
    const auto c = f.lat.centre_um(i);
    const double r2 = (c[0] - centre[0]) * (c[0] - centre[0]) +
                      (c[1] - centre[1]) * (c[1] - centre[1]) +
                      (c[2] - centre[2]) * (c[2] - centre[2]);
    const bool tumour = r2 < 120.0 * 120.0;
    const float supply = tumour ? 0.0f : 300.0f;  // 1/h
    f.sink[i] = 6.0f + supply + (tumour ? 3000.0f : 0.0f);
    f.source[i] = supply * 38.0f;
  }
  return f;
}

TEST(Diffusion, RelaxConvergesToTheDiscreteSteadyState) {
  for (const int nz : {1, 20}) {
    Fields f = oxygen_like_problem(20, nz);
    std::fill(f.u.begin(), f.u.end(), 37.0f);
    const DiffusionProblem p = f.problem(6.0e6, Boundary::kDirichlet, 37.26);
    const double tolerance = 1e-3;
    DiffusionSolver solver(f.lat);
    const SteadyStateReport report = solver.relax(f.u, p, tolerance, 50);
    ASSERT_TRUE(report.converged) << "nz = " << nz << ", last change " << report.last_change;
    EXPECT_LE(report.last_change, tolerance);
    EXPECT_GT(report.sweeps, 0);

    const std::vector<double> exact = exact_discrete_steady_state(f, p);
    double err = 0.0, lo = 1e30;
    for (std::size_t i = 0; i < exact.size(); ++i) {
      err = std::max(err, std::fabs(f.u[i] - exact[i]));
      lo = std::min(lo, exact[i]);
    }
    EXPECT_LT(lo, 20.0) << "the test problem must have a real oxygen deficit";
    // Stopping on a change below the tolerance must leave the error near the tolerance.
    EXPECT_LT(err, 2.0 * tolerance) << "nz = " << nz;

    // The residual of the discrete equation, relative to the size of its terms.
    const std::vector<double> res = discrete_rhs(f, p, to_double(f.u));
    double res_max = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < res.size(); ++i) {
      res_max = std::max(res_max, std::fabs(res[i]));
      scale = std::max(scale, std::fabs(double{p.source_per_h[i]}) +
                                  std::fabs(double{p.sink_per_h[i]} * f.u[i]));
    }
    EXPECT_LT(res_max, 1e-3 * scale) << "nz = " << nz;
  }
}

TEST(Diffusion, RelaxReportsNonConvergenceWhenCyclesRunOut) {
  Fields f = oxygen_like_problem(16, 16);
  fill_random(f.u, 8, 0.0, 100.0);
  DiffusionSolver solver(f.lat);
  const SteadyStateReport report =
      solver.relax(f.u, f.problem(6.0e6, Boundary::kDirichlet, 37.26), 1e-9, 1);
  EXPECT_FALSE(report.converged);
  EXPECT_GT(report.last_change, 1e-9);
  EXPECT_GT(report.sweeps, 0);
}

TEST(Diffusion, RelaxFromTheSteadyStateStopsAfterOneCycleAndStaysThere) {
  Fields f = oxygen_like_problem(16, 16);
  std::fill(f.u.begin(), f.u.end(), 37.0f);
  const DiffusionProblem p = f.problem(6.0e6, Boundary::kDirichlet, 37.26);
  DiffusionSolver solver(f.lat);
  ASSERT_TRUE(solver.relax(f.u, p, 1e-4, 100).converged);
  const std::vector<float> settled = f.u;
  const SteadyStateReport again = solver.relax(f.u, p, 1e-3, 100);
  EXPECT_TRUE(again.converged);
  const int sweeps_per_cycle = again.sweeps;
  EXPECT_GT(sweeps_per_cycle, 0);
  for (std::size_t i = 0; i < settled.size(); ++i) ASSERT_NEAR(f.u[i], settled[i], 1e-3);
}

// --- (5) thread-count independence ---------------------------------------------------------------

std::vector<float> solve_with_threads(int threads, bool steady) {
  oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
  Fields f(Lattice(24, 22, 20, 20.0));
  fill_random(f.u, 1, 0.0, 40.0);
  fill_random(f.sink, 2, 0.0, 500.0);
  fill_random(f.source, 3, 0.0, 5000.0);
  DiffusionSolver solver(f.lat);
  if (steady) {
    solver.relax(f.u, f.problem(6.0e6, Boundary::kDirichlet, 37.0), 1e-4, 30);
  } else {
    solver.advance(f.u, f.problem(6.0e4, Boundary::kNoFlux), 1.0, 7);
  }
  return f.u;
}

TEST(Diffusion, ResultIsBitIdenticalAtOneAndTwoThreads) {
  for (const bool steady : {false, true}) {
    const std::vector<float> one = solve_with_threads(1, steady);
    const std::vector<float> two = solve_with_threads(2, steady);
    ASSERT_EQ(one.size(), two.size());
    EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)), 0)
        << (steady ? "relax" : "advance") << " differs between 1 and 2 threads";
  }
}

}  // namespace
}  // namespace isv::model
