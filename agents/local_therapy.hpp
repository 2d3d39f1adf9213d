// The state a lesion keeps for its locoregional therapies — embolic occlusions (bland, TACE,
// TARE), locally placed drugs (TACE drug, intratumoral injections) and implanted radionuclide
// (TARE) — and what they mean for cells each step: a per-voxel flow multiplier, a chemotherapy
// and a radiation log-kill, and a DAMP-like danger signal from adjuvants. Plain inputs only;
// the scenario layer translates treatment entries into these (docs/treatments.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/local_drug_field.hpp"
#include "agents/perfusion_occlusion.hpp"
#include "agents/radionuclide_dose.hpp"
#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::agents {

// Kill of tumour cells by a drug: hazard max_kill_per_h * C^n / (C^n + EC50^n) (Emax model).
struct DrugKill {
  double max_kill_per_h = 0.0;  // 0: the drug does not kill
  double ec50 = 1.0;            // field units
  double hill = 1.0;
};

// A drug placed in the lesion: TACE drug in its embolized territory, or an injected deposit.
struct DrugDeposit {
  std::string name;                  // e.g. "doxorubicin"; names the output field
  std::string unit;                  // field unit, e.g. "uM"
  std::vector<std::int32_t> voxels;  // where it is placed (unique voxel indices)
  double amount_per_voxel = 0.0;     // field units per voxel
  LocalDrugTransport transport;
  DrugKill kill;
  double damp_equivalent_per_unit = 0.0;  // adjuvant: DAMP cell-eq per field unit seen by DCs
  // An antibody the patient's systemic model knows (field in nM): what leaks to blood enters
  // its central compartment (scenarios/simulation.cpp). Empty: the leak is only recorded.
  std::string systemic_drug;
};

class LocalTherapy {
 public:
  explicit LocalTherapy(const model::Lattice& lattice);

  void add_occlusion(Occlusion occlusion);
  // Returns the index of the drug (drug(index) reads it back).
  int add_drug(DrugDeposit deposit);
  void add_radionuclide(RadionuclideDelivery delivery);

  const PerfusionOcclusion& occlusion() const noexcept { return occlusion_; }
  int drug_count() const noexcept { return static_cast<int>(drugs_.size()); }
  const DrugDeposit& drug_spec(int k) const { return specs_.at(static_cast<std::size_t>(k)); }
  const LocalDrugField& drug(int k) const { return drugs_.at(static_cast<std::size_t>(k)); }
  std::span<const RadionuclideDelivery> radionuclides() const noexcept { return radionuclides_; }
  // Dose each delivery has given so far (Gy, double precision; parallel to radionuclides()).
  std::span<const double> radionuclide_dose_gy() const noexcept { return delivered_gy_; }

  // True once anything needs per-step work (drug transport, dose, kills, danger signal).
  bool active() const noexcept { return !drugs_.empty() || !radionuclides_.empty(); }
  bool kills() const noexcept { return kills_; }

  // Advances drugs and dose over [time_h, time_h + dt_h] given the effective perfusion, and
  // sets this step's per-voxel log-kills and danger signal.
  void advance(double time_h, double dt_h, std::span<const float> perfusion);

  // Per voxel, for the step just advanced (empty spans before any such therapy).
  std::span<const float> chemo_log_kill() const noexcept { return chemo_log_kill_; }
  std::span<const float> radiation_log_kill() const noexcept { return radiation_log_kill_; }
  std::span<const float> danger_damp_eq() const noexcept { return danger_; }
  std::span<const float> absorbed_dose_gy() const noexcept { return absorbed_dose_gy_; }
  float danger_at(std::int32_t v) const noexcept { return danger_.empty() ? 0.0f : danger_[v]; }

  // Checkpoints (agents/local_therapy_state.cpp): every occlusion, deposit, drug field and dose.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  void ensure_voxel_fields();

  model::Lattice lattice_;
  PerfusionOcclusion occlusion_;
  std::vector<DrugDeposit> specs_;
  std::vector<LocalDrugField> drugs_;
  std::vector<RadionuclideDelivery> radionuclides_;
  std::vector<double> delivered_gy_;
  bool kills_ = false;
  bool has_danger_ = false;
  std::vector<float> chemo_log_kill_;
  std::vector<float> radiation_log_kill_;
  std::vector<float> danger_;
  std::vector<float> absorbed_dose_gy_;
  model::DiffusionSolver solver_;  // shared by the drug fields (its scratch never outlives a solve)
};

}  // namespace isv::agents
