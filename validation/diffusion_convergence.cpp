// Verification of the field solver (model/diffusion) against analytic solutions: the observed
// order of convergence of DiffusionSolver::advance and ::relax under grid refinement must be the
// scheme's design order, 2 (second order in space; first order in time with dt ∝ h², so the time
// error is also O(h²)).
//
// Where the boundary sits: the solver's ghost voxels take the boundary value (Dirichlet) or the
// mirrored value (no flux), so a Dirichlet boundary lies one voxel spacing h beyond the outermost
// voxel centres (centres at x_i = (i + 1) h, domain length L = (n + 1) h), a no-flux boundary on
// the outer voxel faces (centres at (i + 1/2) h, L = n h). Each case chooses n so that h halves
// exactly between resolutions and log2(e_h / e_{h/2}) is the observed order.
//
// Usage: isv_validate_diffusion [--quick] [--levels 2..6] [--case NAME] [--csv FILE]
// Exits 1 if any case fails its tolerance, 2 on a usage error.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::validation {
namespace {

// Iteration tolerance of advance() in the convergence studies: far below the discretisation
// error, so that the observed order is the scheme's.
constexpr double kConvergenceStudyTolerance = 1e-6;

using model::Boundary;
using model::DiffusionProblem;
using model::DiffusionSolver;
using model::Lattice;

constexpr double kPi = std::numbers::pi;

// Acceptance: every observed order between successive resolutions within this of the expected.
constexpr double kExpectedOrder = 2.0;
constexpr double kOrderTolerance = 0.3;

// Physical setting shared by the cases: a 1 mm cube, oxygen-like diffusivity (1e5 µm²/min).
constexpr double kLengthUm = 1000.0;
constexpr double kDiffusionUm2PerH = 6.0e6;

struct Level {
  int n = 0;          // voxels per side
  double h_um = 0.0;  // voxel spacing
  int steps = 0;      // time steps (transient) or Douglas sweeps (steady)
  double max_error = 0.0;
  double order = NAN;  // log(e_prev / e) / log(h_prev / h); NaN on the coarsest level
};

struct CaseResult {
  std::string name;
  std::string description;
  std::vector<Level> levels;
  bool pass = false;
};

// ---- transient: one separable eigenmode decaying as exp(-(3 D π²/L² + k) t) -----------------

struct ModeCase {
  Boundary boundary;
  double offset;  // voxel centre i sits at (i + offset) h
  int extra;      // L = (n + extra) h
};

// Advances the 3-D mode u0 = Π_axes phi(π x/L) over t = 1/λ (one e-fold) with steps ∝ 1/h².
Level run_mode(const ModeCase& c, int n, int steps_coarse, int n_coarse) {
  const double h = kLengthUm / (n + c.extra);
  const double k_per_h = 50.0;
  const double lambda = 3.0 * kDiffusionUm2PerH * kPi * kPi / (kLengthUm * kLengthUm) + k_per_h;
  const double t_end_h = 1.0 / lambda;
  const double refine = static_cast<double>(n + c.extra) / (n_coarse + c.extra);
  const int steps = static_cast<int>(std::lround(steps_coarse * refine * refine));

  const Lattice lattice(n, n, n, h);
  const auto size = static_cast<std::size_t>(lattice.size());
  std::vector<double> profile(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double arg = kPi * (i + c.offset) * h / kLengthUm;
    profile[static_cast<std::size_t>(i)] =
        c.boundary == Boundary::kDirichlet ? std::sin(arg) : std::cos(arg);
  }
  auto mode = [&](int x, int y, int z) {
    return profile[static_cast<std::size_t>(x)] * profile[static_cast<std::size_t>(y)] *
           profile[static_cast<std::size_t>(z)];
  };
  std::vector<float> u(size);
  for (int z = 0; z < n; ++z)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) u[lattice.index(x, y, z)] = static_cast<float>(mode(x, y, z));

  const std::vector<float> sink(size, static_cast<float>(k_per_h));
  const std::vector<float> source(size, 0.0f);
  const DiffusionProblem problem{kDiffusionUm2PerH, sink, source, c.boundary, 0.0};
  DiffusionSolver solver(lattice);
  solver.advance(u, problem, t_end_h, steps, kConvergenceStudyTolerance);

  const double decay = std::exp(-lambda * t_end_h);
  double err = 0.0;
  for (int z = 0; z < n; ++z)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x)
        err = std::max(err, std::fabs(u[lattice.index(x, y, z)] - decay * mode(x, y, z)));
  return {n, h, steps, err, NAN};
}

// ---- steady: D ∇²u - k u = 0 on a square, u = 1 on its edges -----------------------------
//
// The line problem D u'' - k u = 0, u(0) = u(L) = 1 (cosh profile) cannot be posed on an n×1
// lattice: the solver applies one boundary condition to every face, so the y ghosts of a
// single-row lattice pull it toward the boundary value too (an extra sink 2D/h² that does not
// vanish under refinement). Its 2-D generalisation can: with w = 1 - u,
//   w = Σ_{m odd} 4/(mπ) sin(mπy/L) g_m(x),
//   g_m = k/(D μ_m²) [1 - cosh(μ_m (x - L/2)) / cosh(μ_m L/2)],  μ_m² = k/D + (mπ/L)²,
// each term of which is a cosh profile across x. Terms fall as m⁻³; the series is summed to
// m < kSeriesTerms, a truncation error below 1e-8.
constexpr int kSeriesTerms = 20001;

// cosh(μ a) / cosh(μ b) for 0 <= a <= b without overflow.
double cosh_ratio(double mu, double a, double b) {
  return std::exp(mu * (a - b)) * (1.0 + std::exp(-2.0 * mu * a)) / (1.0 + std::exp(-2.0 * mu * b));
}

// w = 1 - u of the steady square problem at the voxel centres of an n×n lattice, L = (n+1) h.
std::vector<double> square_series_w(int n, double h, double k_per_h) {
  const auto nn = static_cast<std::size_t>(n);
  std::vector<double> w(nn * nn, 0.0);
  std::vector<double> g(nn), s(nn);
  for (int m = 1; m < kSeriesTerms; m += 2) {
    const double wave = m * kPi / kLengthUm;
    const double mu = std::sqrt(k_per_h / kDiffusionUm2PerH + wave * wave);
    const double amplitude = k_per_h / (kDiffusionUm2PerH * mu * mu);
    for (std::size_t i = 0; i < nn; ++i) {
      const double x = (static_cast<double>(i) + 1.0) * h;
      g[i] = amplitude * (1.0 - cosh_ratio(mu, std::fabs(x - kLengthUm / 2), kLengthUm / 2));
      s[i] = 4.0 / (m * kPi) * std::sin(wave * x);
    }
    for (std::size_t j = 0; j < nn; ++j)
      for (std::size_t i = 0; i < nn; ++i) w[j * nn + i] += s[j] * g[i];
  }
  return w;
}

// Sink of the square problems: a decay length of L/4, resolved by >= 2 voxels at every level.
constexpr double kSquareSinkPerH = kDiffusionUm2PerH / ((kLengthUm / 4) * (kLengthUm / 4));

Level run_steady_square(int n) {
  const double h = kLengthUm / (n + 1);
  const Lattice lattice(n, n, 1, h);
  const auto size = static_cast<std::size_t>(lattice.size());
  const std::vector<float> sink(size, static_cast<float>(kSquareSinkPerH));
  const std::vector<float> source(size, 0.0f);
  const DiffusionProblem problem{kDiffusionUm2PerH, sink, source, Boundary::kDirichlet, 1.0};
  std::vector<float> u(size, 1.0f);  // cold start at the boundary value
  DiffusionSolver solver(lattice);
  const model::SteadyStateReport report = solver.relax(u, problem, 1.0e-6, 500);
  if (!report.converged)
    std::fprintf(stderr, "warning: relax did not converge at n=%d (last change %.3g)\n", n,
                 report.last_change);

  const std::vector<double> w = square_series_w(n, h, kSquareSinkPerH);
  double err = 0.0;
  for (std::size_t v = 0; v < size; ++v) err = std::max(err, std::fabs(u[v] - (1.0 - w[v])));
  return {n, h, report.sweeps, err, NAN};
}

// advance() with a non-zero boundary value: u = u_s + e^(-λt) sin(πx/L) sin(πy/L) on the square,
// u_s the steady solution above (u = 1 on the edges), λ = 2Dπ²/L² + k; to t = 1/λ with steps
// ∝ 1/h². Exercises the boundary terms of the implicit stages that a zero boundary value hides.
Level run_relaxing_square(int n, int steps_coarse, int n_coarse) {
  const double h = kLengthUm / (n + 1);
  const double lambda =
      2.0 * kDiffusionUm2PerH * kPi * kPi / (kLengthUm * kLengthUm) + kSquareSinkPerH;
  const double t_end_h = 1.0 / lambda;
  const double refine = static_cast<double>(n + 1) / (n_coarse + 1);
  const int steps = static_cast<int>(std::lround(steps_coarse * refine * refine));

  const Lattice lattice(n, n, 1, h);
  const auto size = static_cast<std::size_t>(lattice.size());
  const std::vector<double> w = square_series_w(n, h, kSquareSinkPerH);
  auto mode = [&](std::size_t v) {
    const auto nn = static_cast<std::size_t>(n);
    const double x = (static_cast<double>(v % nn) + 1.0) * h;
    const double y = (static_cast<double>(v / nn) + 1.0) * h;
    return std::sin(kPi * x / kLengthUm) * std::sin(kPi * y / kLengthUm);
  };
  std::vector<float> u(size);
  for (std::size_t v = 0; v < size; ++v) u[v] = static_cast<float>(1.0 - w[v] + mode(v));

  const std::vector<float> sink(size, static_cast<float>(kSquareSinkPerH));
  const std::vector<float> source(size, 0.0f);
  const DiffusionProblem problem{kDiffusionUm2PerH, sink, source, Boundary::kDirichlet, 1.0};
  DiffusionSolver solver(lattice);
  solver.advance(u, problem, t_end_h, steps, kConvergenceStudyTolerance);

  const double decay = std::exp(-lambda * t_end_h);
  double err = 0.0;
  for (std::size_t v = 0; v < size; ++v)
    err = std::max(err, std::fabs(u[v] - (1.0 - w[v] + decay * mode(v))));
  return {n, h, steps, err, NAN};
}

// ---- driver ---------------------------------------------------------------------------------

CaseResult converge(std::string name, std::string description, const std::vector<int>& ns,
                    const std::function<Level(int)>& run) {
  CaseResult result{std::move(name), std::move(description), {}, true};
  for (const int n : ns) {
    Level level = run(n);
    if (!result.levels.empty()) {
      const Level& prev = result.levels.back();
      level.order = std::log(prev.max_error / level.max_error) / std::log(prev.h_um / level.h_um);
      if (!(std::fabs(level.order - kExpectedOrder) <= kOrderTolerance)) result.pass = false;
    }
    result.levels.push_back(level);
  }
  return result;
}

void print_case(const CaseResult& c) {
  std::printf("\n%s: %s\n", c.name.c_str(), c.description.c_str());
  std::printf("%6s %10s %8s %12s %9s %9s  %s\n", "n", "h_um", "steps", "max_error", "order",
              "expected", "result");
  for (const Level& l : c.levels) {
    if (std::isnan(l.order)) {
      std::printf("%6d %10.4f %8d %12.4e %9s %9s\n", l.n, l.h_um, l.steps, l.max_error, "-", "-");
    } else {
      const bool ok = std::fabs(l.order - kExpectedOrder) <= kOrderTolerance;
      std::printf("%6d %10.4f %8d %12.4e %9.3f %9.1f  %s\n", l.n, l.h_um, l.steps, l.max_error,
                  l.order, kExpectedOrder, ok ? "PASS" : "FAIL");
    }
  }
  std::printf("%s: %s\n", c.name.c_str(), c.pass ? "PASS" : "FAIL");
}

void write_csv(const std::string& path, const std::vector<CaseResult>& cases) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "case,n,h_um,steps,max_error,order\n";
  for (const CaseResult& c : cases)
    for (const Level& l : c.levels)
      out << c.name << ',' << l.n << ',' << l.h_um << ',' << l.steps << ',' << l.max_error << ','
          << (std::isnan(l.order) ? std::string() : std::to_string(l.order)) << '\n';
}

int run(int argc, char** argv) {
  bool quick = false;
  int levels = 3;
  std::string csv_path;
  std::string only_case;
  for (int a = 1; a < argc; ++a) {
    const std::string_view arg = argv[a];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--levels" && a + 1 < argc) {
      levels = std::stoi(argv[++a]);
      if (levels < 2 || levels > 6) {
        std::fprintf(stderr, "--levels must be 2..6\n");
        return 2;
      }
    } else if (arg == "--case" && a + 1 < argc) {
      only_case = argv[++a];
    } else if (arg == "--csv" && a + 1 < argc) {
      csv_path = argv[++a];
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--levels 2..6] [--case NAME] [--csv FILE]\n",
                   argv[0]);
      return 2;
    }
  }
  // Dirichlet cases use n = 2^j - 1 (L = (n+1) h), no-flux cases n = 2^j (L = n h).
  const int first = quick ? 8 : 16;
  std::vector<int> dirichlet_ns, noflux_ns;
  for (int level = 0, n = first; level < levels; ++level, n *= 2) {
    dirichlet_ns.push_back(n - 1);
    noflux_ns.push_back(n);
  }
  const int steps_coarse = quick ? 4 : 16;  // steps ∝ 1/h², the same t_end at every level

  const ModeCase sine{Boundary::kDirichlet, 1.0, 1};
  const ModeCase cosine{Boundary::kNoFlux, 0.5, 0};
  struct Case {
    std::string name;
    std::string description;
    const std::vector<int>& ns;
    std::function<Level(int)> run;
  };
  const std::vector<Case> all_cases{
      {"transient_dirichlet",
       "advance(): 3-D sine mode, u = 0 on the faces, D = 6e6 um^2/h, k = 50 /h, t = 1/lambda",
       dirichlet_ns, [&](int n) { return run_mode(sine, n, steps_coarse, dirichlet_ns.front()); }},
      {"transient_noflux",
       "advance(): 3-D cosine mode, zero normal flux on the faces, same D, k, t", noflux_ns,
       [&](int n) { return run_mode(cosine, n, steps_coarse, noflux_ns.front()); }},
      {"transient_boundary_2d",
       "advance(): steady square solution (u = 1 on the edges) plus a decaying sine mode",
       dirichlet_ns,
       [&](int n) { return run_relaxing_square(n, steps_coarse, dirichlet_ns.front()); }},
      {"steady_dirichlet_2d",
       "relax(): D lap u = k u on a square, u = 1 on the edges, decay length L/4 (cosh series)",
       dirichlet_ns, run_steady_square},
  };
  std::vector<CaseResult> cases;
  for (const Case& c : all_cases)
    if (only_case.empty() || c.name == only_case)
      cases.push_back(converge(c.name, c.description, c.ns, c.run));
  if (cases.empty()) {
    std::fprintf(stderr, "no case named %s\n", only_case.c_str());
    return 2;
  }

  std::printf(
      "Field solver convergence (%s mode); PASS if every observed order is within "
      "%.1f +- %.1f\n",
      quick ? "quick" : "full", kExpectedOrder, kOrderTolerance);
  bool all_pass = true;
  for (const CaseResult& c : cases) {
    print_case(c);
    all_pass = all_pass && c.pass;
  }
  if (!csv_path.empty()) write_csv(csv_path, cases);
  std::printf("\noverall: %s\n", all_pass ? "PASS" : "FAIL");
  return all_pass ? 0 : 1;
}

}  // namespace
}  // namespace isv::validation

int main(int argc, char** argv) {
  try {
    return isv::validation::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isv_validate_diffusion: %s\n", e.what());
    return 2;
  }
}
