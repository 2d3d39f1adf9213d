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

  // Advances u over dt_h hours in `substeps` equal backward-Euler steps, each converged to a
  // relative change of kBackwardEulerRelativeTolerance of the field's scale.
  void advance(std::span<float> u, const DiffusionProblem& problem, double dt_h, int substeps);

  // Relaxes u to the steady state of the problem by cycles of geometrically spaced pseudo-time
  // steps (which damp every spatial mode), stopping when one cycle changes no voxel by more than
  // `tolerance` (field units) or after `max_cycles`. Warm starts from the given u.
  SteadyStateReport relax(std::span<float> u, const DiffusionProblem& problem, double tolerance,
                          int max_cycles);

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
  void backward_euler_step(std::span<float> u, const DiffusionProblem& p, double dt_h);
  double apply_delta(std::span<float> u) const;

  // Numerical controls of the backward-Euler solve (not biology): a cycle that changes no voxel
  // by more than this share of the field's maximum-principle bound ends the solve.
  static constexpr double kBackwardEulerRelativeTolerance = 1e-6;
  static constexpr int kBackwardEulerMaxCycles = 50;

  Lattice lattice_;
  int active_axes_;
  std::vector<float> be_sink_;    // k + 1/dt for the step being solved
  std::vector<float> be_source_;  // f + u_old/dt
  std::vector<float> delta_;
  // Per-thread line-solve scratch; contents never outlive one line batch, so the thread that
  // happens to run a batch cannot change its result.
  tbb::enumerable_thread_specific<std::vector<float>> scratch_;
};

}  // namespace isv::model
