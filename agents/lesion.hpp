// One agent-based lesion: a lattice with its voxel state, agent stores and fields (the plain
// LesionState, agents/lesion_state.hpp), advanced by the table of named phases in
// agents/lesion_plan.cpp; the phases are free functions, one module per cell type or process
// (agents/{field,tumor,tcell,dc}_phases.hpp, agents/local_therapy_phase.hpp). Every phase
// either reads the previous state in parallel and writes only per-agent or per-voxel slots, or
// commits intents in a deterministic order. This class is the public face the other layers
// use: step, readouts, treatments, checkpoints.
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
#include "agents/lesion_plan.hpp"
#include "agents/lesion_readouts.hpp"
#include "agents/lesion_state.hpp"
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

// One lattice field as the output layer sees it.
struct NamedField {
  std::string name;
  std::string_view unit;
  std::span<const float> values;
};

class Lesion {
 public:
  // A named phase of the step plan (agents/lesion_plan.hpp).
  using Phase = LesionPhase;

  // step_h: the model step (hours), constant over the lesion's life.
  Lesion(const LesionConfig& config, std::uint64_t seed, double step_h);

  // Advances the lesion by one model step.
  void step(const LesionInputs& inputs);
  void step() { step(LesionInputs{}); }
  const LesionOutputs& last_outputs() const noexcept { return s_.outputs; }

  // Perfused volume weighted by the chemokine entry boost (cm^3): blood T cells enter in
  // proportion to it. Reads the current state.
  double tcell_entry_weight_cm3() const;

  const std::string& name() const noexcept { return s_.config.name; }
  const LesionConfig& config() const noexcept { return s_.config; }
  const model::Lattice& lattice() const noexcept { return s_.lattice; }
  std::uint64_t step_count() const noexcept { return s_.step; }
  // Simulated time at the end of the current step (steps have constant length in a run).
  double end_time_h() const noexcept { return s_.end_time_h(); }
  double time_h() const noexcept { return s_.time_h(); }
  const TumorCells& tumor() const noexcept { return s_.tumor; }
  const TCells& tcells() const noexcept { return s_.tcells; }
  const DendriticCells& dcs() const noexcept { return s_.dcs; }
  // The state of cell-type module M (agents/cell_modules.hpp), e.g. cell_type<TregModule>().
  template <class M>
  const typename M::State& cell_type() const noexcept {
    return agents::cell_type<M>(s_);
  }
  const ImmuneFields& fields() const noexcept { return s_.fields; }
  std::span<const std::uint8_t> tcell_count() const noexcept { return s_.tcell_count; }
  std::span<const float> oxygen_mmHg() const noexcept { return s_.oxygen_mmHg; }
  // Effective perfusion: vessel state x embolic flow multiplier (what oxygen, drug exchange and
  // immune-cell entry see).
  std::span<const float> perfusion() const noexcept { return s_.perfusion; }
  // Vessel state alone (regression under tumour, recovery in free tissue, treatment ceiling).
  std::span<const float> vessels() const noexcept { return s_.vessels; }
  const model::SteadyStateReport& last_oxygen_solve() const noexcept { return s_.oxygen_report; }

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
  std::span<const float> perfusion_ceiling() const noexcept { return s_.perfusion_ceiling; }

  // Locoregional therapies (agents/lesion_local_therapy.cpp, docs/treatments.md), applied
  // between steps; they act from the next step. start_h of an occlusion or radionuclide
  // delivery is set to the current time.
  void embolize(Occlusion occlusion);
  int deposit_drug(DrugDeposit deposit);
  void implant_radionuclide(RadionuclideDelivery delivery);
  const LocalTherapy& local_therapy() const noexcept { return s_.local; }
  // Voxels holding a tumour cell or debris now (ascending): "the whole lesion" as a territory.
  std::vector<std::int32_t> lesion_voxels() const;
  // True if a tumour cell or debris occupies the lattice's outer voxel layer now
  // (agents/lesion_boundary.cpp): the domain, not the biology, then limits growth.
  bool tumor_on_boundary() const noexcept;
  // Cumulative tumour deaths by mode since the start.
  std::int64_t deaths_by_mode(DeathMode mode) const noexcept {
    return s_.deaths_by_mode[static_cast<std::size_t>(mode)];
  }

  // The step plan, in order (agents/lesion_plan.cpp).
  static std::span<const Phase> plan() noexcept;
  // Runs one phase of the plan (if its cadence says so) without advancing the step counter:
  // for benchmarks that time phases separately; a run uses step().
  void run_phase(const Phase& phase, double dt_h);

  // Checkpoints (agents/lesion_checkpoint.cpp, docs/checkpoint.md): every member of the state
  // that carries over from one step to the next. A lesion built from the same config, then
  // loaded, continues bit for bit. A new stateful member belongs in visit_state.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  template <class Self, class Archive>
  static void visit_state(Self& self, Archive& ar);

  template <class Zone>
  ZoneTally count_in(const Zone& zone) const;
  LesionReadouts compute_readouts() const;
  void state_changed() noexcept { readouts_cache_.reset(); }

  LesionState s_;
  // Derived, not state: rebuilt on demand after any change.
  mutable std::optional<LesionReadouts> readouts_cache_;
};

}  // namespace isv::agents
