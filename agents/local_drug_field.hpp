// A drug placed locally in a lesion (TACE drug released from embolic beads, an intratumoral
// injection): an optional depot that releases first-order into a diffusing field, which decays
// in tissue and is lost to blood. Advanced time-accurately (unsplit backward Euler) once per
// step, with an exact mass ledger: every amount deposited is, at any time, in the depot, in the
// field, decayed, gone to blood or gone through the lattice faces (docs/treatments.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::agents {

struct LocalDrugTransport {
  double diffusion_um2_per_min = 0.0;
  double decay_per_h = 0.0;          // metabolism, binding, degradation in tissue
  double leak_to_blood_per_h = 0.0;  // uptake into blood and lymph, in every voxel
  double washout_per_h = 0.0;        // extra loss to blood in a fully perfused voxel (x perfusion)
  double release_half_time_h = 0.0;  // depot -> field; <= 0: the deposit enters the field at once
  bool open_boundary = true;         // lattice faces held at 0 (drug spreads on) or no flux
};

// Amounts in field units x voxels (a concentration summed over voxels); multiply by the voxel
// volume for an amount of substance.
struct DrugLedger {
  double deposited = 0.0;
  double in_depot = 0.0;
  double in_field = 0.0;
  double decayed = 0.0;
  double to_blood = 0.0;
  double through_faces = 0.0;
  double to_blood_last_step = 0.0;
  // deposited - (everything accounted for): zero up to the solver's tolerance.
  double imbalance() const noexcept {
    return deposited - in_depot - in_field - decayed - to_blood - through_faces;
  }
};

class LocalDrugField {
 public:
  LocalDrugField(const model::Lattice& lattice, LocalDrugTransport transport);

  // Adds `amount_per_voxel` (field units) to each listed voxel: into the depot if the transport
  // has a release half-time, else straight into the field. Voxels must be unique and valid.
  void deposit(std::span<const std::int32_t> voxels, double amount_per_voxel);

  // Releases, diffuses, decays and leaks over dt_h with the given effective perfusion (0..1).
  void advance(double dt_h, std::span<const float> perfusion, model::DiffusionSolver& solver);

  std::span<const float> concentration() const noexcept { return field_; }
  std::span<const float> depot() const noexcept { return depot_; }
  const DrugLedger& ledger() const noexcept { return ledger_; }
  const LocalDrugTransport& transport() const noexcept { return transport_; }

  // Checkpoints (agents/local_therapy_state.cpp): field, depot, ledger.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  model::Lattice lattice_;
  LocalDrugTransport transport_;
  std::vector<float> field_;
  std::vector<float> depot_;
  std::vector<float> sink_per_h_;
  std::vector<float> source_per_h_;
  DrugLedger ledger_;
};

}  // namespace isv::agents
