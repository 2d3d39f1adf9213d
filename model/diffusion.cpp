// Douglas ADI sweeps with batched Thomas line solves (see diffusion.hpp).
#include "model/diffusion.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace isv::model {
namespace {

// Rows of x-lines handed to one task; fixed so work division never depends on thread count
// (results do not depend on it either: every line is solved independently).
constexpr std::int64_t kRowsPerTask = 8;

// Coefficients of the implicit operator (I - dt A_axis) shared by the three axes.
struct LineCoefficients {
  float off;          // -dt D / h^2 (both off-diagonals)
  float centre;       // 1 + 2 dt D / h^2
  float edge_relief;  // subtracted from the diagonal per missing neighbour under no-flux
  float sink_share;   // dt x (share of k(x) this stage carries): multiplies k(x) on the diagonal
};

LineCoefficients line_coefficients(const Lattice& lat, const DiffusionProblem& p, double dt_h,
                                   double sink_fraction) {
  const double h = lat.voxel_um();
  const double r = dt_h * p.diffusion_um2_per_h / (h * h);
  return {static_cast<float>(-r), static_cast<float>(1.0 + 2.0 * r),
          p.boundary == Boundary::kNoFlux ? static_cast<float>(r) : 0.0f,
          static_cast<float>(dt_h * sink_fraction)};
}

}  // namespace

DiffusionSolver::DiffusionSolver(const Lattice& lattice)
    : lattice_(lattice),
      active_axes_(lattice.is_2d() ? 2 : 3),
      delta_(static_cast<std::size_t>(lattice.size()), 0.0f) {}

// delta = dt (D Σ_axes δ²u - sink_fraction k u + [f]), ghosts at the boundary value (Dirichlet)
// or mirrored (no flux).
void DiffusionSolver::compute_explicit_delta(std::span<const float> u, const DiffusionProblem& p,
                                             double dt_h, const ExplicitTerms& terms) {
  const int nx = lattice_.nx(), ny = lattice_.ny(), nz = lattice_.nz();
  const float inv_h2 = static_cast<float>(1.0 / (lattice_.voxel_um() * lattice_.voxel_um()));
  const float d = static_cast<float>(p.diffusion_um2_per_h);
  const float dt = static_cast<float>(dt_h);
  const bool dirichlet = p.boundary == Boundary::kDirichlet;
  const float ghost_value = static_cast<float>(p.boundary_value);
  const bool along_z = terms.z && !lattice_.is_2d();
  const float sink_fraction = static_cast<float>(terms.sink_fraction);
  const float source_on = terms.source ? 1.0f : 0.0f;
  const std::int64_t rows = static_cast<std::int64_t>(ny) * nz;
  const std::int64_t plane = static_cast<std::int64_t>(nx) * ny;

  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, rows, kRowsPerTask),
                    [&](const tbb::blocked_range<std::int64_t>& range) {  // "diffusion.explicit"
                      for (std::int64_t row = range.begin(); row != range.end(); ++row) {
                        const int y = static_cast<int>(row % ny);
                        const int z = static_cast<int>(row / ny);
                        const std::int64_t base = row * nx;
                        for (int x = 0; x < nx; ++x) {
                          const std::int64_t i = base + x;
                          const float c = u[i];
                          auto ghost = [&](bool inside, std::int64_t j) {
                            return inside ? u[j] : (dirichlet ? ghost_value : c);
                          };
                          float lap = 0.0f;
                          if (terms.x)
                            lap += ghost(x > 0, i - 1) + ghost(x < nx - 1, i + 1) - 2.0f * c;
                          if (terms.y)
                            lap += ghost(y > 0, i - nx) + ghost(y < ny - 1, i + nx) - 2.0f * c;
                          if (along_z)
                            lap +=
                                ghost(z > 0, i - plane) + ghost(z < nz - 1, i + plane) - 2.0f * c;
                          delta_[i] = dt * (d * lap * inv_h2 - sink_fraction * p.sink_per_h[i] * c +
                                            source_on * p.source_per_h[i]);
                        }
                      }
                    });
}

// x-lines are contiguous, so a Thomas recurrence along x cannot vectorise within one line.
// Lines are solved kLinesPerBatch at a time instead: gathered into a transposed [x][line]
// buffer, swept with the line index innermost (vectorisable), and scattered back. Each line
// sees exactly the arithmetic of a scalar solve, so results do not depend on the batching.
void DiffusionSolver::solve_x(const DiffusionProblem& p, double dt_h, double sink_fraction) {
  constexpr int kLinesPerBatch = 16;
  const int nx = lattice_.nx();
  const std::int64_t rows = static_cast<std::int64_t>(lattice_.ny()) * lattice_.nz();
  const std::int64_t batches = (rows + kLinesPerBatch - 1) / kLinesPerBatch;
  const LineCoefficients k = line_coefficients(lattice_, p, dt_h, sink_fraction);
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, batches, 1),
                    [&](const tbb::blocked_range<std::int64_t>& range) {  // "diffusion.solve_x"
                      std::vector<float>& buffer = scratch_.local();
                      const std::size_t block = static_cast<std::size_t>(nx) * kLinesPerBatch;
                      if (buffer.size() < 3 * block) buffer.resize(3 * block);
                      float* d = buffer.data();  // right-hand side, then solution: [x][line]
                      float* cp = buffer.data() + block;        // modified super-diagonal
                      float* diag = buffer.data() + 2 * block;  // diagonal
                      for (std::int64_t batch = range.begin(); batch != range.end(); ++batch) {
                        const std::int64_t row0 = batch * kLinesPerBatch;
                        const int lines =
                            static_cast<int>(std::min<std::int64_t>(kLinesPerBatch, rows - row0));
                        for (int b = 0; b < kLinesPerBatch; ++b) {
                          // Padding lines (past the last row) solve a harmless identity-like
                          // system.
                          const bool real = b < lines;
                          const float* src = delta_.data() + (row0 + b) * nx;
                          const float* sink = p.sink_per_h.data() + (row0 + b) * nx;
                          for (int x = 0; x < nx; ++x) {
                            float m = k.centre + k.sink_share * (real ? sink[x] : 0.0f);
                            if (x == 0) m -= k.edge_relief;
                            if (x == nx - 1) m -= k.edge_relief;
                            d[x * kLinesPerBatch + b] = real ? src[x] : 0.0f;
                            diag[x * kLinesPerBatch + b] = m;
                          }
                        }
                        for (int b = 0; b < kLinesPerBatch; ++b) {
                          const float m = diag[b];
                          cp[b] = k.off / m;
                          d[b] /= m;
                        }
                        for (int x = 1; x < nx; ++x) {
                          float* dx = d + x * kLinesPerBatch;
                          float* cx = cp + x * kLinesPerBatch;
                          const float* gx = diag + x * kLinesPerBatch;
                          for (int b = 0; b < kLinesPerBatch; ++b) {
                            const float m = gx[b] - k.off * cx[b - kLinesPerBatch];
                            cx[b] = k.off / m;
                            dx[b] = (dx[b] - k.off * dx[b - kLinesPerBatch]) / m;
                          }
                        }
                        for (int x = nx - 2; x >= 0; --x) {
                          float* dx = d + x * kLinesPerBatch;
                          const float* cx = cp + x * kLinesPerBatch;
                          for (int b = 0; b < kLinesPerBatch; ++b)
                            dx[b] -= cx[b] * dx[b + kLinesPerBatch];
                        }
                        for (int b = 0; b < lines; ++b) {
                          float* dst = delta_.data() + (row0 + b) * nx;
                          for (int x = 0; x < nx; ++x) dst[x] = d[x * kLinesPerBatch + b];
                        }
                      }
                    });
}

// y-lines are solved a whole z-slab at a time, the Thomas recurrences running over y with the
// contiguous x index innermost (vectorisable, cache-friendly).
void DiffusionSolver::solve_y(const DiffusionProblem& p, double dt_h, double sink_fraction) {
  const int nx = lattice_.nx(), ny = lattice_.ny(), nz = lattice_.nz();
  const std::int64_t plane = static_cast<std::int64_t>(nx) * ny;
  const LineCoefficients k = line_coefficients(lattice_, p, dt_h, sink_fraction);
  tbb::parallel_for(0, nz, [&](int z) {  // "diffusion.solve_y"
    std::vector<float>& cp = scratch_.local();
    if (cp.size() < static_cast<std::size_t>(plane)) cp.resize(plane);
    float* d = delta_.data() + z * plane;
    const float* sink = p.sink_per_h.data() + z * plane;
    for (int y = 0; y < ny; ++y) {
      const float relief = (y == 0 ? k.edge_relief : 0.0f) + (y == ny - 1 ? k.edge_relief : 0.0f);
      float* dy = d + static_cast<std::int64_t>(y) * nx;
      float* cy = cp.data() + static_cast<std::int64_t>(y) * nx;
      const float* sy = sink + static_cast<std::int64_t>(y) * nx;
      if (y == 0) {
        for (int x = 0; x < nx; ++x) {
          const float m = k.centre + k.sink_share * sy[x] - relief;
          cy[x] = k.off / m;
          dy[x] /= m;
        }
      } else {
        const float* dprev = dy - nx;
        const float* cprev = cy - nx;
        for (int x = 0; x < nx; ++x) {
          const float m = k.centre + k.sink_share * sy[x] - relief - k.off * cprev[x];
          cy[x] = k.off / m;
          dy[x] = (dy[x] - k.off * dprev[x]) / m;
        }
      }
    }
    for (int y = ny - 2; y >= 0; --y) {
      float* dy = d + static_cast<std::int64_t>(y) * nx;
      const float* cy = cp.data() + static_cast<std::int64_t>(y) * nx;
      for (int x = 0; x < nx; ++x) dy[x] -= cy[x] * dy[x + nx];
    }
  });
}

// z-lines are solved one y-row of x at a time, x innermost, as in solve_y.
void DiffusionSolver::solve_z(const DiffusionProblem& p, double dt_h, double sink_fraction) {
  const int nx = lattice_.nx(), ny = lattice_.ny(), nz = lattice_.nz();
  const std::int64_t plane = static_cast<std::int64_t>(nx) * ny;
  const LineCoefficients k = line_coefficients(lattice_, p, dt_h, sink_fraction);
  tbb::parallel_for(0, ny, [&](int y) {  // "diffusion.solve_z"
    std::vector<float>& cp = scratch_.local();
    const std::size_t need = static_cast<std::size_t>(nz) * nx;
    if (cp.size() < need) cp.resize(need);
    for (int z = 0; z < nz; ++z) {
      const float relief = (z == 0 ? k.edge_relief : 0.0f) + (z == nz - 1 ? k.edge_relief : 0.0f);
      float* dz = delta_.data() + z * plane + static_cast<std::int64_t>(y) * nx;
      const float* sz = p.sink_per_h.data() + z * plane + static_cast<std::int64_t>(y) * nx;
      float* cz = cp.data() + static_cast<std::int64_t>(z) * nx;
      if (z == 0) {
        for (int x = 0; x < nx; ++x) {
          const float m = k.centre + k.sink_share * sz[x] - relief;
          cz[x] = k.off / m;
          dz[x] /= m;
        }
      } else {
        const float* dprev = dz - plane;
        const float* cprev = cz - nx;
        for (int x = 0; x < nx; ++x) {
          const float m = k.centre + k.sink_share * sz[x] - relief - k.off * cprev[x];
          cz[x] = k.off / m;
          dz[x] = (dz[x] - k.off * dprev[x]) / m;
        }
      }
    }
    for (int z = nz - 2; z >= 0; --z) {
      float* dz = delta_.data() + z * plane + static_cast<std::int64_t>(y) * nx;
      const float* cz = cp.data() + static_cast<std::int64_t>(z) * nx;
      for (int x = 0; x < nx; ++x) dz[x] -= cz[x] * dz[x + plane];
    }
  });
}

// u += delta; returns max |delta| (max is exact and order-free, so the reduction is deterministic).
double DiffusionSolver::apply_delta(std::span<float> u) const {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::int64_t>(0, lattice_.size(), 1 << 14), 0.0f,
      [&](const tbb::blocked_range<std::int64_t>& r, float running) {  // "diffusion.apply"
        for (std::int64_t i = r.begin(); i != r.end(); ++i) {
          u[i] += delta_[i];
          running = std::max(running, std::fabs(delta_[i]));
        }
        return running;
      },
      [](float a, float b) { return std::max(a, b); });
}

double DiffusionSolver::douglas_step(std::span<float> u, const DiffusionProblem& problem,
                                     double dt_h) {
  compute_explicit_delta(u, problem, dt_h, {true, true, true, 1.0, true});
  const double share = 1.0 / active_axes_;
  solve_x(problem, dt_h, share);
  solve_y(problem, dt_h, share);
  if (!lattice_.is_2d()) solve_z(problem, dt_h, share);
  return apply_delta(u);
}

// A cheap predictor for the backward-Euler step: the reaction exactly for coefficients constant
// over the step, u -> f/k + (u - f/k) e^(-k dt), then one backward-Euler solve per axis
// (locally one-dimensional splitting). It spreads fresh point releases as the full step would,
// leaving the relaxation only the splitting error to remove (about a third of the sweeps).
void DiffusionSolver::lod_predict(std::span<float> u, const DiffusionProblem& problem,
                                  double dt_h) {
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, lattice_.size(), 1 << 14),
                    [&](const tbb::blocked_range<std::int64_t>& r) {  // "diffusion.reaction"
                      for (std::int64_t i = r.begin(); i != r.end(); ++i) {
                        const double k = problem.sink_per_h[i];
                        const double f = problem.source_per_h[i];
                        if (k > 0.0) {
                          const double keep = std::exp(-k * dt_h);
                          u[i] = static_cast<float>(f / k + (u[i] - f / k) * keep);
                        } else {
                          u[i] = static_cast<float>(u[i] + f * dt_h);
                        }
                      }
                    });
  constexpr double kNoSink = 0.0;  // the axis stages carry diffusion only
  compute_explicit_delta(u, problem, dt_h, {true, false, false, kNoSink, false});
  solve_x(problem, dt_h, kNoSink);
  apply_delta(u);
  compute_explicit_delta(u, problem, dt_h, {false, true, false, kNoSink, false});
  solve_y(problem, dt_h, kNoSink);
  apply_delta(u);
  if (lattice_.is_2d()) return;
  compute_explicit_delta(u, problem, dt_h, {false, false, true, kNoSink, false});
  solve_z(problem, dt_h, kNoSink);
  apply_delta(u);
}

// One unsplit backward-Euler step, (I/dt + k - D∇²) u_new = f + u_old/dt, solved as the steady
// state of an auxiliary problem with sink k + 1/dt and source f + u_old/dt by relax(), warm-started
// from the splitting predictor above. The operator is an M-matrix: the step is L-stable, keeps
// fields non-negative and, at convergence, reaches the exact discrete steady state of the field
// however long the step; there is no splitting error (an earlier LOD splitting lagged the steady
// state by tens of percent at the 1-hour model step for fast-diffusing, fast-decaying fields;
// validation/diffusion_model_step).
void DiffusionSolver::backward_euler_step(std::span<float> u, const DiffusionProblem& problem,
                                          double dt_h, double relative_tolerance) {
  const float inv_dt = static_cast<float>(1.0 / dt_h);
  const float bound = tbb::parallel_reduce(
      tbb::blocked_range<std::int64_t>(0, lattice_.size(), 1 << 14), 0.0f,
      [&](const tbb::blocked_range<std::int64_t>& r, float running) {  // "diffusion.be_rhs"
        for (std::int64_t i = r.begin(); i != r.end(); ++i) {
          be_sink_[i] = problem.sink_per_h[i] + inv_dt;
          be_source_[i] = problem.source_per_h[i] + u[i] * inv_dt;
          // Maximum principle: |u_new| <= max(|boundary|, max |source'/sink'|).
          running = std::max(running, std::fabs(be_source_[i] / be_sink_[i]));
        }
        return running;
      },
      [](float a, float b) { return std::max(a, b); });
  const double scale = std::max(static_cast<double>(bound), std::fabs(problem.boundary_value));
  if (scale == 0.0) {  // no source, no boundary value, nothing left: the solution is zero
    std::fill(u.begin(), u.end(), 0.0f);
    return;
  }
  lod_predict(u, problem, dt_h);
  const DiffusionProblem shifted{problem.diffusion_um2_per_h, be_sink_, be_source_,
                                 problem.boundary, problem.boundary_value};
  last_advance_sweeps_ +=
      relax(u, shifted, relative_tolerance * scale, kBackwardEulerMaxCycles).sweeps;
}

void DiffusionSolver::advance(std::span<float> u, const DiffusionProblem& problem, double dt_h,
                              int substeps, double relative_tolerance) {
  if (be_sink_.empty()) {
    be_sink_.resize(static_cast<std::size_t>(lattice_.size()));
    be_source_.resize(static_cast<std::size_t>(lattice_.size()));
  }
  const double sub_dt = dt_h / substeps;
  last_advance_sweeps_ = 0;
  for (int s = 0; s < substeps; ++s) backward_euler_step(u, problem, sub_dt, relative_tolerance);
}

SteadyStateReport DiffusionSolver::relax(std::span<float> u, const DiffusionProblem& problem,
                                         double tolerance, int max_cycles) {
  // Pseudo-time steps spanning the operator's spectrum: the stiffest mode decays at about
  // 4 D/h^2 per axis plus the largest sink, the slowest at the longest-wavelength mode
  // D π²/L² plus the smallest sink. A step of 1/λ damps modes near λ best.
  const double h = lattice_.voxel_um();
  const double d = problem.diffusion_um2_per_h;
  const auto [min_sink_it, max_sink_it] =
      std::minmax_element(problem.sink_per_h.begin(), problem.sink_per_h.end());
  const double max_len = std::max({lattice_.nx(), lattice_.ny(), lattice_.nz()}) * h;
  const double lambda_max = active_axes_ * 4.0 * d / (h * h) + *max_sink_it;
  const double lambda_min =
      std::max(d * std::numbers::pi * std::numbers::pi / (max_len * max_len) + *min_sink_it,
               1e-12 * lambda_max);
  constexpr double kStepRatio = 4.0;  // ratio between consecutive pseudo-time steps
  const int steps_per_cycle = std::max(
      1, static_cast<int>(std::ceil(std::log(lambda_max / lambda_min) / std::log(kStepRatio))) + 1);
  SteadyStateReport report;
  for (int cycle = 0; cycle < max_cycles; ++cycle) {
    double change = 0.0;
    for (int s = 0; s < steps_per_cycle; ++s) {
      const double dt = std::pow(kStepRatio, s) / lambda_max;
      change = std::max(change, douglas_step(u, problem, dt));
      ++report.sweeps;
    }
    report.last_change = change;
    if (change <= tolerance) {
      report.converged = true;
      break;
    }
  }
  return report;
}

}  // namespace isv::model
