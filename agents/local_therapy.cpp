// Per-step work of locoregional therapies (local_therapy.hpp).
#include "agents/local_therapy.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "agents/parallel_loops.hpp"

namespace isv::agents {

LocalTherapy::LocalTherapy(const model::Lattice& lattice) : lattice_(lattice), solver_(lattice) {}

void LocalTherapy::ensure_voxel_fields() {
  if (!chemo_log_kill_.empty()) return;
  const auto n = static_cast<std::size_t>(lattice_.size());
  chemo_log_kill_.assign(n, 0.0f);
  radiation_log_kill_.assign(n, 0.0f);
  danger_.assign(n, 0.0f);
  absorbed_dose_gy_.assign(n, 0.0f);
}

void LocalTherapy::add_occlusion(Occlusion occlusion) {
  occlusion_.add(std::move(occlusion), lattice_.size());
}

int LocalTherapy::add_drug(DrugDeposit deposit) {
  std::sort(deposit.voxels.begin(), deposit.voxels.end());
  deposit.voxels.erase(std::unique(deposit.voxels.begin(), deposit.voxels.end()),
                       deposit.voxels.end());
  ensure_voxel_fields();
  drugs_.emplace_back(lattice_, deposit.transport);
  drugs_.back().deposit(deposit.voxels, deposit.amount_per_voxel);
  kills_ = kills_ || deposit.kill.max_kill_per_h > 0.0;
  has_danger_ = has_danger_ || deposit.damp_equivalent_per_unit > 0.0;
  deposit.voxels.clear();  // the field holds the deposit now; keep the spec small
  deposit.voxels.shrink_to_fit();
  specs_.push_back(std::move(deposit));
  return static_cast<int>(drugs_.size()) - 1;
}

void LocalTherapy::add_radionuclide(RadionuclideDelivery delivery) {
  std::sort(delivery.voxels.begin(), delivery.voxels.end());
  delivery.voxels.erase(std::unique(delivery.voxels.begin(), delivery.voxels.end()),
                        delivery.voxels.end());
  if (!delivery.voxels.empty() &&
      (delivery.voxels.front() < 0 || delivery.voxels.back() >= lattice_.size()))
    throw std::invalid_argument("radionuclide territory outside the lattice");
  if (!(delivery.half_life_h > 0.0)) throw std::invalid_argument("half-life must be > 0");
  ensure_voxel_fields();
  radionuclides_.push_back(std::move(delivery));
  delivered_gy_.push_back(0.0);
  kills_ = kills_ || radionuclides_.back().alpha_per_gy > 0.0 ||
           radionuclides_.back().beta_per_gy2 > 0.0;
}

void LocalTherapy::advance(double time_h, double dt_h, std::span<const float> perfusion) {
  if (!active()) return;
  const std::int64_t n = lattice_.size();
  for (LocalDrugField& drug : drugs_) drug.advance(dt_h, perfusion, solver_);

  // Drug kill and adjuvant danger from the concentrations at the end of the step.
  for_each_index(n, kVoxelGrain, [&](std::int64_t v) {  // "local.drug_effects"
    double hazard_per_h = 0.0, danger = 0.0;
    for (std::size_t k = 0; k < drugs_.size(); ++k) {
      const double c = drugs_[k].concentration()[v];
      if (!(c > 0.0)) continue;
      const DrugKill& kill = specs_[k].kill;
      if (kill.max_kill_per_h > 0.0) {
        const double cn = std::pow(c, kill.hill);
        hazard_per_h += kill.max_kill_per_h * cn / (cn + std::pow(kill.ec50, kill.hill));
      }
      danger += specs_[k].damp_equivalent_per_unit * c;
    }
    chemo_log_kill_[v] = static_cast<float>(hazard_per_h * dt_h);
    danger_[v] = static_cast<float>(danger);
    radiation_log_kill_[v] = 0.0f;
  });

  // Radionuclide: the same closed-form increment for every voxel of a territory; voxels are
  // unique within one delivery, so the parallel writes never collide.
  for (std::size_t k = 0; k < radionuclides_.size(); ++k) {
    const RadionuclideDelivery& d = radionuclides_[k];
    const DoseIncrement inc = dose_increment(d, time_h, time_h + dt_h);
    if (!(inc.dose_gy > 0.0)) continue;
    delivered_gy_[k] += inc.dose_gy;
    const auto dose = static_cast<float>(inc.dose_gy);
    const auto kill = static_cast<float>(log_kill(d, inc));
    for_each_index(static_cast<std::int64_t>(d.voxels.size()), kVoxelGrain,
                   [&](std::int64_t i) {  // "local.radionuclide"
                     absorbed_dose_gy_[d.voxels[i]] += dose;
                     radiation_log_kill_[d.voxels[i]] += kill;
                   });
  }
}

}  // namespace isv::agents
