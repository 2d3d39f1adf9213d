// Release, transport and mass ledger of a locally placed drug (local_drug_field.hpp).
#include "agents/local_drug_field.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "agents/parallel_loops.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {
// Iteration tolerance of the backward-Euler solve, relative to the step's bound on the field
// (numerical control): tighter than the solver's default so that the mass ledger closes to
// ~1e-5 of the deposit (the ledger reads the losses off the converged new state).
constexpr double kLedgerTolerance = 1e-5;
}  // namespace

LocalDrugField::LocalDrugField(const model::Lattice& lattice, LocalDrugTransport transport)
    : lattice_(lattice), transport_(transport) {
  const auto n = static_cast<std::size_t>(lattice.size());
  field_.assign(n, 0.0f);
  depot_.assign(n, 0.0f);
  sink_per_h_.assign(n, 0.0f);
  source_per_h_.assign(n, 0.0f);
}

void LocalDrugField::deposit(std::span<const std::int32_t> voxels, double amount_per_voxel) {
  if (!(amount_per_voxel >= 0.0)) throw std::invalid_argument("deposit amount must be >= 0");
  std::vector<float>& target = transport_.release_half_time_h > 0.0 ? depot_ : field_;
  const auto amount = static_cast<float>(amount_per_voxel);
  for (const std::int32_t v : voxels) {
    if (v < 0 || v >= lattice_.size()) throw std::invalid_argument("deposit outside the lattice");
    target[v] += amount;
  }
  // The ledger counts what the float fields actually received.
  const double added = static_cast<double>(amount) * static_cast<double>(voxels.size());
  ledger_.deposited += added;
  (transport_.release_half_time_h > 0.0 ? ledger_.in_depot : ledger_.in_field) += added;
}

void LocalDrugField::advance(double dt_h, std::span<const float> perfusion,
                             model::DiffusionSolver& solver) {
  const LocalDrugTransport& t = transport_;
  const bool releasing = t.release_half_time_h > 0.0;
  const float released_share =
      releasing ? static_cast<float>(-std::expm1(-std::numbers::ln2 * dt_h / t.release_half_time_h))
                : 0.0f;
  const auto inv_dt = static_cast<float>(1.0 / dt_h);
  const auto uniform_sink = static_cast<float>(t.decay_per_h + t.leak_to_blood_per_h);
  const auto washout = static_cast<float>(t.washout_per_h);
  // The released amount enters as a source held constant over the step, so the backward-Euler
  // step receives exactly what left the depot.
  for_each_index(lattice_.size(), kVoxelGrain, [&](std::int64_t v) {  // "drug.coeffs"
    float released = 0.0f;
    if (releasing && depot_[v] > 0.0f) {
      released = depot_[v] * released_share;
      depot_[v] -= released;
    }
    source_per_h_[v] = released * inv_dt;
    sink_per_h_[v] = uniform_sink + washout * perfusion[v];
  });
  const model::DiffusionProblem problem{
      model::units::per_minute_to_per_hour(t.diffusion_um2_per_min), sink_per_h_, source_per_h_,
      t.open_boundary ? model::Boundary::kDirichlet : model::Boundary::kNoFlux, 0.0};
  solver.advance(field_, problem, dt_h, 1, kLedgerTolerance);

  // Ledger from the new state: backward Euler removes dt * k * u_new, and an open face passes
  // dt * D / h^2 * u_new to its zero ghost. Serial sums in lattice order: deterministic.
  const int nx = lattice_.nx(), ny = lattice_.ny(), nz = lattice_.nz();
  const bool open = t.open_boundary;
  const bool three_d = !lattice_.is_2d();
  double depot = 0.0, field = 0.0, decay = 0.0, blood = 0.0, faces = 0.0;
  std::int64_t v = 0;
  for (int z = 0; z < nz; ++z) {
    for (int y = 0; y < ny; ++y) {
      for (int x = 0; x < nx; ++x, ++v) {
        const double u = field_[v];
        depot += depot_[v];
        field += u;
        decay += t.decay_per_h * u;
        blood += (static_cast<double>(t.leak_to_blood_per_h) + washout * perfusion[v]) * u;
        if (open) {
          int n_faces = (x == 0) + (x == nx - 1) + (y == 0) + (y == ny - 1);
          if (three_d) n_faces += (z == 0) + (z == nz - 1);
          faces += n_faces * u;
        }
      }
    }
  }
  const double h = lattice_.voxel_um();
  const double d_per_h = model::units::per_minute_to_per_hour(t.diffusion_um2_per_min);
  ledger_.in_depot = depot;
  ledger_.in_field = field;
  ledger_.decayed += dt_h * decay;
  ledger_.to_blood_last_step = dt_h * blood;
  ledger_.to_blood += ledger_.to_blood_last_step;
  ledger_.through_faces += dt_h * d_per_h / (h * h) * faces;
}

}  // namespace isv::agents
