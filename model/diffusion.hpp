// Implicit solver for diffusion–reaction fields on a lattice:
//   du/dt = D ∇²u − k(x) u + f(x)
// discretised with the 7-point (5-point in 2-D) Laplacian. Two implicit schemes share the same
// batched tridiagonal line solves (see docs/numerics.md):
//  - advance(): unsplit backward Euler, each step solved iteratively by relax() below —
//    L-stable and positivity-preserving at any D dt / h^2, first order in time, no splitting
//    error; for time-accurate transport;
//  - relax(): Douglas ADI in delta form, whose fixed point is the exact discrete steady state,
//    iterated with cycles of pseudo-time steps; for quasi-steady fields such as oxygen.
#pragma once

#include <tbb/enumerable_thread_specific.h>

#include <cstdint>
#include <span>
#include <vector>

#include "model/lattice.hpp"

namespace isv::model {

enum class Boundary : std::uint8_t {
  kDirichlet,  // u = boundary_value on the faces (lattice embedded in tissue at that level)
  kNoFlux,     // zero normal gradient on the faces
};

// One field's coefficients for a solve. Spans have one entry per voxel (lattice order).
struct DiffusionProblem {
  double diffusion_um2_per_h = 0.0;
  std::span<const float> sink_per_h;    // k(x) >= 0: decay + uptake + exchange with blood
  std::span<const float> source_per_h;  // f(x): field units per hour
  Boundary boundary = Boundary::kDirichlet;
  double boundary_value = 0.0;
};

struct SteadyStateReport {
  int sweeps = 0;            // Douglas steps taken
  double last_change = 0.0;  // largest |Δu| in the last pseudo-time cycle
  bool converged = false;
};

class DiffusionSolver {
 public:
  explicit DiffusionSolver(const Lattice& lattice);

  // Default iteration tolerance of advance(), relative to the step's maximum-principle bound on
  // |u| (numerical control, not biology; docs/numerics.md discusses the error it allows).
  static constexpr double kDefaultAdvanceTolerance = 1e-3;

  // Advances u over dt_h hours in `substeps` equal backward-Euler steps, each iterated until a
  // relaxation cycle changes no voxel by more than `relative_tolerance` times the step's bound
  // max(|boundary|, max |f + u_old/dt| / (k + 1/dt)) on |u|.
  void advance(std::span<float> u, const DiffusionProblem& problem, double dt_h, int substeps,
               double relative_tolerance = kDefaultAdvanceTolerance);

  // Relaxes u to the steady state of the problem by cycles of geometrically spaced pseudo-time
  // steps (which damp every spatial mode), stopping when one cycle changes no voxel by more than
  // `tolerance` (field units) or after `max_cycles`. Warm starts from the given u.
  SteadyStateReport relax(std::span<float> u, const DiffusionProblem& problem, double tolerance,
                          int max_cycles);

  // Douglas steps taken by the last advance() (all substeps), for diagnostics and benchmarks.
  int last_advance_sweeps() const noexcept { return last_advance_sweeps_; }

  // One Douglas step of length dt_h; returns max |Δu|. Exposed for tests and benchmarks.
  double douglas_step(std::span<float> u, const DiffusionProblem& problem, double dt_h);

 private:
  // Which terms of dt (A u + f) an explicit pass evaluates.
  struct ExplicitTerms {
    bool x, y, z;          // Laplacian along these axes
    double sink_fraction;  // share of k(x) u
    bool source;           // include f
  };
  void compute_explicit_delta(std::span<const float> u, const DiffusionProblem& p, double dt_h,
                              const ExplicitTerms& terms);
  // Line solves of (I - dt A_axis) δ = delta_ along one axis, in place on delta_; increments
  // have zero ghosts (the boundary value is fixed).
  // `sink_fraction`: the share of k(x) this stage treats implicitly.
  void solve_x(const DiffusionProblem& p, double dt_h, double sink_fraction);
  void solve_y(const DiffusionProblem& p, double dt_h, double sink_fraction);
  void solve_z(const DiffusionProblem& p, double dt_h, double sink_fraction);
  void lod_predict(std::span<float> u, const DiffusionProblem& p, double dt_h);
  void backward_euler_step(std::span<float> u, const DiffusionProblem& p, double dt_h,
                           double relative_tolerance);
  double apply_delta(std::span<float> u) const;

  // Cap on relaxation cycles per backward-Euler step (a cycle reduces the error about tenfold).
  static constexpr int kBackwardEulerMaxCycles = 50;

  Lattice lattice_;
  int active_axes_;
  std::vector<float> be_sink_;    // k + 1/dt for the step being solved
  std::vector<float> be_source_;  // f + u_old/dt
  int last_advance_sweeps_ = 0;
  std::vector<float> delta_;
  // Per-thread line-solve scratch; contents never outlive one line batch, so the thread that
  // happens to run a batch cannot change its result.
  tbb::enumerable_thread_specific<std::vector<float>> scratch_;
};

}  // namespace isv::model
