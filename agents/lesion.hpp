// One agent-based lesion: a lattice with its voxel state, agent stores and fields, advanced by
// a fixed plan of named phases. Every phase either reads the previous state in parallel and
// writes only per-agent or per-voxel slots, or commits intents in a deterministic order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/death_mode.hpp"
#include "agents/immune_cells.hpp"
#include "agents/immune_fields.hpp"
#include "agents/lesion_config.hpp"
#include "agents/lesion_readouts.hpp"
#include "agents/local_therapy.hpp"
#include "agents/proposals.hpp"
#include "agents/tcell_behaviour.hpp"
#include "agents/treatment_zone.hpp"
#include "agents/tumor_behaviour.hpp"
#include "agents/tumor_cells.hpp"
#include "agents/voxel_code.hpp"
#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::agents {

// What the patient hands a lesion for one step.
struct LesionInputs {
  std::vector<std::int32_t> arriving_tcells;  // per specificity, whole cells from blood
  TissueDrugInput drugs;
};

// What a lesion hands back after one step.
struct LesionOutputs {
  std::vector<double> dc_antigen_export;      // per specificity, cell-eq carried to the node
  std::vector<std::int32_t> unplaced_tcells;  // per specificity, returned to blood (no room)
};

// One lattice field as the output layer sees it.
struct NamedField {
  std::string name;
  std::string_view unit;
  std::span<const float> values;
};

class Lesion {
 public:
  // A named phase of the step plan, recorded with its cumulative wall time for profiles.
  struct Phase {
    std::string_view name;
    void (Lesion::*run)(double dt_h);
  };

  // step_h: the model step (hours), constant over the lesion's life.
  Lesion(const LesionConfig& config, std::uint64_t seed, double step_h);

  // Advances the lesion by one model step.
  void step(const LesionInputs& inputs);
  void step() { step(LesionInputs{}); }
  const LesionOutputs& last_outputs() const noexcept { return outputs_; }

  // Perfused volume weighted by the chemokine entry boost (cm^3): blood T cells enter in
  // proportion to it. Reads the current state.
  double tcell_entry_weight_cm3() const;

  const std::string& name() const noexcept { return config_.name; }
  const LesionConfig& config() const noexcept { return config_; }
  const model::Lattice& lattice() const noexcept { return lattice_; }
  std::uint64_t step_count() const noexcept { return step_; }
  // Simulated time at the end of the current step (steps have constant length in a run).
  double end_time_h() const noexcept { return static_cast<double>(step_ + 1) * dt_h_; }
  double time_h() const noexcept { return static_cast<double>(step_) * dt_h_; }
  const TumorCells& tumor() const noexcept { return tumor_; }
  const TCells& tcells() const noexcept { return tcells_; }
  const DendriticCells& dcs() const noexcept { return dcs_; }
  const ImmuneFields& fields() const noexcept { return fields_; }
  std::span<const std::uint8_t> tcell_count() const noexcept { return tcell_count_; }
  std::span<const float> oxygen_mmHg() const noexcept { return oxygen_mmHg_; }
  // Effective perfusion: vessel state x embolic flow multiplier (what oxygen, drug exchange and
  // immune-cell entry see).
  std::span<const float> perfusion() const noexcept { return perfusion_; }
  // Vessel state alone (regression under tumour, recovery in free tissue, treatment ceiling).
  std::span<const float> vessels() const noexcept { return vessels_; }
  const model::SteadyStateReport& last_oxygen_solve() const noexcept { return oxygen_report_; }

  // Every lattice field, in a fixed order: oxygen, perfusion, DAMP, chemokine, IFN-gamma,
  // antigen_<k> per tracked antigen, antibody_pd1, antibody_pdl1.
  std::vector<NamedField> snapshot_fields() const;

  // Writes one VoxelCode per voxel (lattice order) into `out` (size lattice().size()).
  void cell_state_codes(std::span<std::uint8_t> out) const;
  // Computed once per state: the writer, the recorder, the summary and the progress line all
  // ask after a step; any change (a step, a treatment, a load) drops the cached value.
  const LesionReadouts& readouts() const;

  // Local treatments, applied between steps (agents/lesion_treatment.cpp, docs/treatments.md).
  // `event` is the run-wide ordinal of the application; it keys the random draws in place of
  // the step, so two treatments in one step draw independently.
  ZoneTally apply_zone_kill(const ZoneKill& kill, std::uint64_t event);
  ZoneTally apply_radiation(const RadiationFraction& fraction, std::uint64_t event);
  // What lies in a zone (a biopsy core); changes nothing.
  ZoneTally count_in_zone(const Cylinder& zone) const;
  ZoneTally count_in_zone(const Ellipsoid& zone) const;
  // Per-voxel cap on perfusion: 1 = none, 0 = vessels destroyed. update_perfusion never lets
  // perfusion rise above it.
  std::span<const float> perfusion_ceiling() const noexcept { return perfusion_ceiling_; }

  // Locoregional therapies (agents/lesion_local_therapy.cpp, docs/treatments.md), applied
  // between steps; they act from the next step. start_h of an occlusion or radionuclide
  // delivery is set to the current time.
  void embolize(Occlusion occlusion);
  int deposit_drug(DrugDeposit deposit);
  void implant_radionuclide(RadionuclideDelivery delivery);
  const LocalTherapy& local_therapy() const noexcept { return local_; }
  // Voxels holding a tumour cell or debris now (ascending): "the whole lesion" as a territory.
  std::vector<std::int32_t> lesion_voxels() const;
  // Cumulative tumour deaths by mode since the start.
  std::int64_t deaths_by_mode(DeathMode mode) const noexcept {
    return deaths_by_mode_[static_cast<std::size_t>(mode)];
  }

  static std::span<const Phase> plan() noexcept;

  // Checkpoints (agents/lesion_state.cpp, docs/checkpoint.md): every member that carries state
  // from one step to the next. A lesion built from the same config, then loaded, continues
  // bit for bit. A new stateful member belongs in visit_state.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  template <class Self, class Archive>
  static void visit_state(Self& self, Archive& ar);

  static constexpr std::size_t kPhaseCount = 14;
  static const std::array<Phase, kPhaseCount> kPlan;

  void seed_initial_tumor();
  void update_perfusion(double dt_h);
  void apply_local_therapy(double dt_h);
  void solve_oxygen(double dt_h);
  void advance_immune_fields(double dt_h);
  void update_pdl1(double dt_h);
  void decide_tumor_fates(double dt_h);
  void commit_tumor_fates(double dt_h);
  void place_arriving_tcells(double dt_h);
  void move_tcells(double dt_h);
  void act_tcells(double dt_h);
  void age_tcells(double dt_h);
  void recruit_dcs(double dt_h);
  void update_dcs(double dt_h);
  void clear_debris(double dt_h);
  void rebuild_tumor_index();
  // How a dying tumour cell leaves its voxel: `antigen_scale` multiplies the intact antigen
  // released; `clear_at_h` (default: the tumour's debris clearance after this step) is when
  // the debris clears.
  struct DeathRelease {
    double antigen_scale = 1.0;
    std::optional<float> clear_at_h;
  };
  // Kills every tumour cell i with dies(i), in ascending index order, by mode_of(i): release,
  // debris, counts, stable compaction of the store. `dies` and `mode_of` are pure functions of
  // the index over the state at the call (evaluated in parallel, `dies` more than once).
  // Returns the number killed. Defined in agents/lesion_kill.hpp.
  template <class Dies, class ModeOf>
  std::int64_t kill_tumor_where(const Dies& dies, const ModeOf& mode_of,
                                const DeathRelease& release = {});
  void release_from_death(std::int32_t cell, DeathMode mode, double antigen_scale);
  // Removes every T cell i with dies(i) (pure, as above), keeping the others in order.
  template <class Dies>
  std::int64_t remove_tcells_where(const Dies& dies);
  // Removes the dendritic cells with dies[i] != 0 (their antigen load is lost with them).
  std::int64_t remove_flagged_dcs(const std::vector<std::uint8_t>& dies);
  template <class Zone>
  ZoneTally count_in(const Zone& zone) const;
  bool tcell_room(std::int32_t voxel) const noexcept {
    return tcell_count_[voxel] < config_.immune.tcells.max_per_voxel;
  }
  float draw_tcell_death_h(std::uint64_t id) const;
  TCellContext tcell_context() const;

  LesionReadouts compute_readouts() const;
  void state_changed() noexcept { readouts_cache_.reset(); }

  LesionConfig config_;
  std::uint64_t seed_;
  double dt_h_;
  model::Lattice lattice_;
  std::uint64_t step_ = 0;
  std::uint64_t next_cell_id_ = 0;
  std::int64_t deaths_total_ = 0;
  std::array<std::int64_t, kDeathModeCount> deaths_by_mode_{};

  // Voxel state (lattice order).
  std::vector<std::int32_t> tumor_at_;  // tumour cell index, -1 if none
  std::vector<float> debris_clear_h_;   // time (h) debris clears, negative if none
  std::vector<float> perfusion_;        // 0..1 share of normal perfusion: vessels_ x flow
  std::vector<float> vessels_;          // 0..1 vessel state (regression, recovery, ceiling)
  std::vector<float> flow_multiplier_;  // embolic occlusion, 0..1 (empty: none applied)
  LocalTherapy local_;
  std::vector<float> perfusion_ceiling_;  // 0..1 cap on perfusion (treatments)
  std::vector<float> oxygen_mmHg_;
  std::vector<float> oxygen_sink_per_h_;
  std::vector<float> oxygen_source_per_h_;
  model::DiffusionSolver oxygen_solver_;
  model::SteadyStateReport oxygen_report_;

  TumorCells tumor_;
  TumorCells tumor_spare_;
  std::vector<TumorIntent> intents_;

  // Immunity.
  ImmuneFields fields_;
  TCells tcells_;
  TCells tcells_spare_;
  DendriticCells dcs_;
  std::vector<std::uint8_t> tcell_count_;  // T cells per voxel
  std::uint64_t next_tcell_id_ = 0;
  std::uint64_t next_dc_id_ = 0;
  std::int64_t tcells_arrived_total_ = 0;
  std::int64_t tcell_kills_total_ = 0;
  std::vector<double> antigen_released_total_;
  LesionInputs inputs_;
  LesionOutputs outputs_;
  std::vector<std::uint8_t> dead_flags_;  // scratch: tumour cells killed by T cells this step
  std::vector<double> entry_cdf_;         // scratch: cumulative entry weight over voxels
  std::vector<TCellActIntent> act_intents_;
  std::vector<std::int32_t> kill_targets_;  // scratch: tumour cells dying in a removal
  std::vector<std::uint8_t> dc_keep_;
  // Commit-phase scratch (agents/proposals.hpp), kept to avoid allocation in the step loop.
  std::vector<Proposal> kills_;
  std::vector<Proposal> moves_;
  std::vector<Proposal> divisions_;
  std::vector<std::int32_t> indices_;
  std::vector<std::int64_t> block_counts_;
  // Derived, not state: rebuilt on demand after any change.
  mutable std::optional<LesionReadouts> readouts_cache_;
};

}  // namespace isv::agents
