// A population-voxel lesion: the clinical-scale lesion kind. Each voxel (typically 0.25-1 mm)
// holds cell counts -- viable tumour cells, necrotic or treated tumour mass, CD8 effectors per
// specificity -- updated deterministically, so a 1-6 cm lesion in its surrounding tissue keeps
// the geometry treatments need (an ablation margin, a radiotherapy field) at a cost that does
// not grow with the number of cells. Rates are per cell and densities per mm^3, so no parameter
// depends on the voxel size. It couples to the patient like the other kinds (LesionInputs in,
// LesionOutputs out). Model, assumptions and limits: docs/clinical_scale.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/immune_points.hpp"
#include "agents/lesion.hpp"
#include "agents/lesion_config.hpp"
#include "agents/lesion_readouts.hpp"
#include "agents/lesion_state.hpp"
#include "agents/population_sum.hpp"
#include "agents/population_territory.hpp"
#include "agents/treatment_zone.hpp"
#include "model/checkpoint_io.hpp"
#include "model/lattice.hpp"

namespace isv::agents {

class PopulationLesion {
 public:
  // config.lattice sets the domain (voxels, edge); config.tumor.initial_radius_um the initial
  // sphere at the domain centre; config.population the rates. step_h: the model step (hours).
  PopulationLesion(const LesionConfig& config, double step_h);

  // One model step: effectors arrive (whole cells, spread over the perfused tumour by perfused
  // volume), tumour cells divide, die and are pushed outward, effectors kill and die.
  void step(const LesionInputs& inputs);
  void step() { step(LesionInputs{}); }
  const LesionOutputs& last_outputs() const noexcept { return outputs_; }

  // Perfused viable tumour volume (cm^3): the weight of this lesion in T-cell entry.
  double tcell_entry_weight_cm3() const;
  LesionReadouts readouts() const;

  // Treatments (agents/population_treatment.cpp), with the geometry of the agent lesion's.
  ZoneTally apply_zone_kill(const ZoneKill& kill);
  ZoneTally apply_radiation(const RadiationFraction& fraction);
  // Locoregional treatments (agents/population_local.cpp): embolization, TACE or TARE of a
  // territory (acting from now on, over the following steps), and a biopsy core, which removes
  // the tissue it holds.
  ZoneTally treat_territory(const Territory& territory, const TerritoryTherapy& therapy);
  ZoneTally remove_core(const Cylinder& core);
  const std::vector<TerritoryRecord>& territory_treatments() const noexcept { return territories_; }

  const std::string& name() const noexcept { return config_.name; }
  const LesionConfig& config() const noexcept { return config_; }
  const model::Lattice& lattice() const noexcept { return lattice_; }
  std::uint64_t step_count() const noexcept { return step_; }
  double time_h() const noexcept { return static_cast<double>(step_) * dt_h_; }
  // Cells a voxel holds when full, and the voxel's volume (mm^3).
  double capacity_cells() const noexcept { return capacity_; }
  double voxel_mm3() const noexcept;
  // Unrounded totals, for tests and diagnostics.
  double viable_cells() const;
  double necrotic_cells() const;
  double effectors() const;
  double tregs() const;
  double mdsc() const;
  // Share of the viable cells that express none of the tracked antigens (escape variants).
  double antigen_negative_share() const;
  // Simulated day on which tumour mass first reached the domain's outer voxel layer, or < 0.
  double boundary_day() const noexcept { return boundary_day_; }
  // Viable cells per voxel (x fastest), for snapshots and tests.
  const std::vector<double>& viable() const noexcept { return viable_; }

  // Snapshots (agents/population_snapshot.cpp), as for the agent lesion: a cell-state code per
  // voxel (agents/voxel_code.hpp: what most of the voxel's tumour mass is) and per-voxel fields.
  void cell_state_codes(std::span<std::uint8_t> out) const;
  std::vector<NamedField> snapshot_fields() const;

  // Checkpoints (agents/population_state.cpp).
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

  // Pathology read-outs (agents/population_pathology.cpp): CD8 and Treg cells per mm^2 of a
  // section in the tumour core and the invasive margin, and their ratio, into `out`.
  void fill_section_densities(LesionReadouts& out) const;
  // The immune cells as at most max_points points (agents/immune_points.hpp), for snapshots.
  ImmunePoints immune_points(std::int64_t max_points) const;

 private:
  void seed_sphere();
  void update_geometry();  // lesion radius from its mass (population_growth.cpp)
  void grow_and_die();     // per voxel, parallel, deterministic
  void push_outward();     // excess over capacity moved away from the centre, in order
  void place_effectors(const LesionInputs& inputs);  // population_immune.cpp
  void immune_step(const LesionInputs& inputs);      // local kinetics of every voxel
  double depth_mm(std::int32_t voxel) const noexcept;
  double perfused_share(std::int32_t voxel) const noexcept;  // 0..1 of the voxel's tissue
  void note_boundary();
  void update_active();  // active_ from reach_mm_
  // Sum of f(voxel) over the active voxels, independent of the thread count.
  template <class F>
  double active_sum(F&& f) const {
    return ordered_sum(active_, [&](std::int64_t i) { return f(outward_order_[i]); });
  }
  // Calls f(voxel) for every active voxel, in parallel (f writes only that voxel's slots).
  template <class F>
  void for_each_active(F&& f) {
    for_each_index(active_, kVoxelGrain, [&](std::int64_t i) { f(outward_order_[i]); });
  }
  // Antigen of `dead_cells` tumour cells: released (per antigen, by its expressing share) and
  // the captured share exported to the lymph node over this step.
  void release_antigen(double dead_cells);
  double antigen_share(int k) const noexcept;  // share of cells expressing antigen k
  // Territory treatments (population_local.cpp): open_ from the occlusions at time_h(); the
  // kills in the territories over the step; their checkpoint state.
  void update_flow();
  void apply_local_therapy();
  void advance_drugs(TerritoryRecord& record, std::vector<double>& log_kill) const;
  void save_local(model::CheckpointWriter& out) const;
  void load_local(model::CheckpointReader& in);

  LesionConfig config_;
  double dt_h_;
  model::Lattice lattice_;
  double capacity_;
  std::vector<std::int32_t> outward_order_;  // voxels by distance from the centre, ascending
  std::vector<double> distance_mm_;          // from the lesion centre, per voxel
  // outward_order_[0, active_) holds every voxel within reach_mm_ + one voxel diagonal of the
  // centre: all tumour mass and effectors lie within reach_mm_, so the loops visit only these.
  std::int64_t active_ = 0;
  int antigens_;

  // State (checkpointed).
  std::uint64_t step_ = 0;
  std::vector<double> viable_;          // viable tumour cells
  std::vector<double> necrotic_;        // necrotic or treated tumour mass (cell-eq), still in place
  std::vector<float> vessels_;          // 1 = intact vasculature, 0 = destroyed by a treatment
  std::vector<double> effectors_;       // [antigen][voxel] CD8 effectors
  std::vector<double> tregs_;           // regulatory T cells
  std::vector<double> mdsc_;            // myeloid-derived suppressor cells
  std::vector<double> negative_share_;  // share of viable cells expressing no tracked antigen
  // Share of the voxel's volume that is lesion tissue (tumour, debris, and the stroma left where
  // tumour cells were killed): the volume the local immune densities refer to. It grows with
  // the tumour mass and does not shrink (a voxel cut by the lesion surface is partly normal
  // organ; a voxel whose cells were killed is still lesion).
  std::vector<double> tissue_share_;
  double tregs_depleted_total_ = 0.0;
  double radius_mm_ = 0.0;  // equivalent-sphere radius of the lesion (viable + necrotic)
  double reach_mm_ = 0.0;   // farthest distance from the centre tumour mass ever reached
  double deaths_total_ = 0.0;
  double kills_total_ = 0.0;
  double arrived_total_ = 0.0;
  std::vector<double> released_total_;  // [antigen] cell-eq
  double boundary_day_ = -1.0;
  LesionOutputs outputs_;
  std::vector<double> scratch_;                 // per voxel, within a step only (not state)
  std::vector<double> scratch2_;                // per voxel, within a step only (not state)
  mutable std::vector<float> snapshot_buffer_;  // the snapshot fields, one after the other
  std::vector<TerritoryRecord> territories_;    // state (checkpointed): embolizations, TACE, TARE
  std::vector<double> open_;  // per voxel, flow share not occluded (empty: all open); derived
  // This step's factor on division in the perfused tumour from VEGF-A blockade (1 without
  // drug); set from the inputs at the start of each step, so not state.
  double proliferation_factor_ = 1.0;
  // Tregs per voxel (cells), empty while the lesion holds none (population_pathology.cpp).
  std::span<const double> tregs_per_voxel() const noexcept;
};

}  // namespace isv::agents
