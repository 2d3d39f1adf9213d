// Population-voxel lesion: construction, the step, read-outs. Growth and the outward push:
// population_growth.cpp; effectors: population_immune.cpp; treatments:
// population_treatment.cpp; checkpoints: population_state.cpp.
#include "agents/population_lesion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "agents/population_sum.hpp"
#include "model/units.hpp"
#include "model/vegf_params.hpp"

namespace isv::agents {
namespace {

using model::units::kUmPerMm;

// Sub-samples per axis when a voxel is cut by the initial sphere (partial-volume fill).
constexpr int kFillSamples = 4;

double distance_from_centre_mm(const model::Lattice& lattice, std::int32_t v) {
  const auto c = lattice.centre_um(lattice.index(lattice.centre_voxel()));
  const auto p = lattice.centre_um(v);
  const double dx = p[0] - c[0], dy = p[1] - c[1], dz = p[2] - c[2];
  return std::sqrt(dx * dx + dy * dy + dz * dz) / kUmPerMm;
}

}  // namespace

PopulationLesion::PopulationLesion(const LesionConfig& config, double step_h)
    : config_(config),
      dt_h_(step_h),
      lattice_(config.lattice.nx, config.lattice.ny, config.lattice.nz, config.lattice.voxel_um),
      capacity_(config.population.tumor_cells_per_mm3 * voxel_mm3()),
      antigens_(config.immune.antigens.count) {
  const auto n = static_cast<std::size_t>(lattice_.size());
  distance_mm_.resize(n);
  for (std::size_t v = 0; v < n; ++v)
    distance_mm_[v] = distance_from_centre_mm(lattice_, static_cast<std::int32_t>(v));
  outward_order_.resize(n);
  std::iota(outward_order_.begin(), outward_order_.end(), 0);
  std::stable_sort(
      outward_order_.begin(), outward_order_.end(),
      [&](std::int32_t a, std::int32_t b) { return distance_mm_[a] < distance_mm_[b]; });
  viable_.assign(n, 0.0);
  necrotic_.assign(n, 0.0);
  vessels_.assign(n, 1.0F);
  scratch_.assign(n, 0.0);
  scratch2_.assign(n, 0.0);
  effectors_.assign(n * static_cast<std::size_t>(antigens_), 0.0);
  tregs_.assign(n, 0.0);
  tissue_share_.assign(n, 0.0);
  mdsc_.assign(n, 0.0);
  negative_share_.assign(n, config.population.antigen_negative_initial_share);
  released_total_.assign(static_cast<std::size_t>(antigens_), 0.0);
  outputs_.dc_antigen_export.assign(static_cast<std::size_t>(antigens_), 0.0);
  outputs_.unplaced_tcells.assign(static_cast<std::size_t>(antigens_), 0);
  seed_sphere();
  // Myeloid cells start at their steady ratio to the tumour cells.
  for (std::size_t v = 0; v < n; ++v) mdsc_[v] = config.population.mdsc_per_tumor_cell * viable_[v];
  update_active();
  update_geometry();
}

void PopulationLesion::update_active() {
  const double shell = std::sqrt(3.0) * lattice_.voxel_um() / kUmPerMm;
  const auto n = static_cast<std::int64_t>(outward_order_.size());
  std::int64_t a = active_;
  while (a < n && distance_mm_[outward_order_[a]] <= reach_mm_ + shell) ++a;
  active_ = a;
}

double PopulationLesion::voxel_mm3() const noexcept {
  const double h_mm = config_.lattice.voxel_um / kUmPerMm;
  return h_mm * h_mm * h_mm;
}

// Each voxel is filled in proportion to the share of its volume inside the initial sphere
// (kFillSamples^3 sub-points), so the initial cell count does not depend on the voxel size
// beyond the sampling error at the surface.
void PopulationLesion::seed_sphere() {
  const double r_um = config_.tumor.initial_radius_um;
  const double h = lattice_.voxel_um();
  const auto c = lattice_.centre_um(lattice_.index(lattice_.centre_voxel()));
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(lattice_.size()); ++v) {
    if (distance_mm_[v] * kUmPerMm > r_um + h) continue;
    const auto p = lattice_.centre_um(v);
    int inside = 0;
    for (int i = 0; i < kFillSamples; ++i)
      for (int j = 0; j < kFillSamples; ++j)
        for (int k = 0; k < kFillSamples; ++k) {
          const double dx = p[0] - c[0] + h * ((i + 0.5) / kFillSamples - 0.5);
          const double dy = p[1] - c[1] + h * ((j + 0.5) / kFillSamples - 0.5);
          const double dz = p[2] - c[2] + h * ((k + 0.5) / kFillSamples - 0.5);
          if (dx * dx + dy * dy + dz * dz <= r_um * r_um) ++inside;
        }
    viable_[v] = capacity_ * inside / (kFillSamples * kFillSamples * kFillSamples);
    tissue_share_[v] = viable_[v] / capacity_;
    if (inside > 0) reach_mm_ = std::max(reach_mm_, distance_mm_[v]);
  }
}

void PopulationLesion::step(const LesionInputs& inputs) {
  std::fill(outputs_.dc_antigen_export.begin(), outputs_.dc_antigen_export.end(), 0.0);
  std::fill(outputs_.unplaced_tcells.begin(), outputs_.unplaced_tcells.end(), 0);
  update_flow();
  proliferation_factor_ = model::vegf_proliferation_factor(
      config_.vegf, model::vegf_occupancy(inputs.drugs.vegf_blood_nM, inputs.drugs.vegf_kd_nM));
  place_effectors(inputs);
  grow_and_die();
  apply_local_therapy();
  immune_step(inputs);
  push_outward();
  update_geometry();
  note_boundary();
  ++step_;
}

double PopulationLesion::depth_mm(std::int32_t voxel) const noexcept {
  return radius_mm_ - distance_mm_[voxel];
}

// vessels_ is the share of the voxel's volume whose vasculature a treatment left intact, open_
// the share of its flow no embolization blocks (population_local.cpp); the
// viable cells of a voxel cut by a zone are the ones outside it, in the intact part, so they
// count as perfused up to the intact volume's capacity (otherwise the result would depend on
// how the voxels cut the zone's surface).
double PopulationLesion::perfused_share(std::int32_t voxel) const noexcept {
  if (depth_mm(voxel) > config_.population.perfused_depth_mm) return 0.0;
  const double intact = open_.empty() ? vessels_[voxel] : vessels_[voxel] * open_[voxel];
  if (intact >= 1.0) return 1.0;
  const double cells = viable_[voxel];
  return cells > 0.0 ? std::min(1.0, intact * capacity_ / cells) : intact;
}

double PopulationLesion::tcell_entry_weight_cm3() const {
  const double per_cell_cm3 = 1.0e-3 / config_.population.tumor_cells_per_mm3;
  return per_cell_cm3 * active_sum([&](std::int32_t v) { return viable_[v] * perfused_share(v); });
}

double PopulationLesion::viable_cells() const {
  return active_sum([&](std::int32_t v) { return viable_[v]; });
}

double PopulationLesion::necrotic_cells() const {
  return active_sum([&](std::int32_t v) { return necrotic_[v]; });
}

double PopulationLesion::effectors() const {
  const auto n = static_cast<std::size_t>(lattice_.size());
  double total = 0.0;
  for (int k = 0; k < antigens_; ++k)
    total += active_sum([&](std::int32_t v) { return effectors_[k * n + v]; });
  return total;
}

double PopulationLesion::tregs() const {
  return active_sum([&](std::int32_t v) { return tregs_[v]; });
}

double PopulationLesion::mdsc() const {
  return active_sum([&](std::int32_t v) { return mdsc_[v]; });
}

double PopulationLesion::antigen_negative_share() const {
  const double viable = viable_cells();
  if (viable <= 0.0) return 0.0;
  return active_sum([&](std::int32_t v) { return viable_[v] * negative_share_[v]; }) / viable;
}

}  // namespace isv::agents
