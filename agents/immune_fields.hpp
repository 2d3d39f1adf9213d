// The diffusing immune fields of a lesion: antigen (one per tracked antigen), DAMP, chemokine
// (CXCL9/10-like), IFN-gamma and the checkpoint antibodies in tissue: diffusion–decay fields,
// once per step either advanced by backward Euler or, for the fast chemokine and IFN-gamma,
// relaxed to their quasi-steady state (model/diffusion.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "model/diffusion.hpp"
#include "model/immune_params.hpp"
#include "model/lattice.hpp"
#include "model/occupancy.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::agents {

// Antibodies that act in the tumour (anti-CTLA-4 acts in the lymph node).
enum class TissueTarget : std::uint8_t { kPD1 = 0, kPDL1 = 1 };
inline constexpr int kTissueTargets = 2;

// What the blood holds this step, per tissue target (from the systemic model).
struct TissueDrugInput {
  std::array<double, kTissueTargets> blood_nM{0.0, 0.0};
  std::array<double, kTissueTargets> kd_nM{1.0, 1.0};
  // Anti-CTLA-4 in blood and its Kd: depletes Tregs in the lesion (agents/treg_module.hpp).
  double ctla4_blood_nM = 0.0;
  double ctla4_kd_nM = 1.0;
  // Anti-VEGF-A (bevacizumab) in blood and its Kd: vessel normalisation and slower growth
  // (model/vegf_params.hpp).
  double vegf_blood_nM = 0.0;
  double vegf_kd_nM = 1.0;
};

class ImmuneFields {
 public:
  ImmuneFields(const model::Lattice& lattice, const model::ImmuneParams& params);

  int antigen_count() const noexcept { return antigen_count_; }
  std::span<float> antigen(int k) noexcept {
    return {antigen_.data() + static_cast<std::size_t>(k) * voxels(), voxels()};
  }
  std::span<const float> antigen(int k) const noexcept {
    return {antigen_.data() + static_cast<std::size_t>(k) * voxels(), voxels()};
  }
  std::span<float> damp() noexcept { return damp_; }
  std::span<const float> damp() const noexcept { return damp_; }
  std::span<const float> chemokine() const noexcept { return chemokine_; }
  std::span<const float> ifng() const noexcept { return ifng_; }
  std::span<const float> antibody_nM(TissueTarget t) const noexcept {
    return antibody_[static_cast<int>(t)];
  }
  // Receptor occupancy in voxel v by the antibody against `t` (0 without drug).
  double occupancy(TissueTarget t, std::int32_t v) const noexcept {
    return model::receptor_occupancy(antibody_[static_cast<int>(t)][v],
                                     kd_nM_[static_cast<int>(t)]);
  }

  // IFN-gamma secreted during the coming step (ng/mL/h into voxel v); cleared by advance().
  void add_ifng_secretion(std::int32_t v, float per_h) noexcept { ifng_secretion_[v] += per_h; }

  // Advances every field by dt_h with the given perfusion map and blood antibody levels.
  void advance(double dt_h, std::span<const float> perfusion, const TissueDrugInput& drugs);

  // Checkpoints (agents/lesion_checkpoint.cpp): every field and the pending IFN-gamma secretion.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  std::size_t voxels() const noexcept { return damp_.size(); }
  void solve(std::span<float> u, double diffusion_um2_per_min, double boundary_value, double dt_h);
  void solve_steady(std::span<float> u, double diffusion_um2_per_min);

  model::Lattice lattice_;
  model::ImmuneParams params_;
  int antigen_count_;
  std::vector<float> antigen_;  // antigen_count_ consecutive fields (cell-eq per voxel)
  std::vector<float> damp_;     // cell-eq per voxel
  std::vector<float> chemokine_;
  std::vector<float> ifng_;                                  // ng/mL
  std::array<std::vector<float>, kTissueTargets> antibody_;  // nM
  std::array<double, kTissueTargets> kd_nM_{1.0, 1.0};
  std::vector<float> ifng_secretion_;
  std::vector<float> sink_per_h_;
  std::vector<float> source_per_h_;
  model::DiffusionSolver solver_;
};

}  // namespace isv::agents
