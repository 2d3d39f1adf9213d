// A mean-field lesion: the agent lesion's biology as deterministic ODEs over a well-mixed
// tissue volume (the lattice's), for lesions that need no space. It couples to the patient
// exactly like agents::Lesion (LesionInputs in, LesionOutputs out). See docs/mean_field.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/lesion_config.hpp"
#include "agents/mean_field_model.hpp"

namespace isv::agents {

class MeanFieldLesion {
 public:
  // config: as for agents::Lesion (the lattice sets the tissue volume and the cap of one tumour
  // cell per voxel). step_h: the model step (hours), constant over the lesion's life.
  MeanFieldLesion(const LesionConfig& config, double step_h);

  // Advances by one model step: arriving T cells join the lesion as cells, blood antibody
  // levels are held over the step, and the ODE is integrated across it (Boost.Odeint).
  void step(const LesionInputs& inputs);
  void step() { step(LesionInputs{}); }
  // DC antigen export per specificity over the last step; unplaced T cells are always 0.
  const LesionOutputs& last_outputs() const noexcept { return outputs_; }

  // Perfused volume weighted by the chemokine entry boost (cm^3), as for the agent lesion.
  double tcell_entry_weight_cm3() const;
  // Read-outs rounded to whole cells where the agent lesion counts cells (docs/mean_field.md).
  LesionReadouts readouts() const;

  const std::string& name() const noexcept { return config_.name; }
  const LesionConfig& config() const noexcept { return config_; }
  std::uint64_t step_count() const noexcept { return step_; }
  double time_h() const noexcept { return static_cast<double>(step_) * rates_.step_h; }

  // Unrounded state, for tests and diagnostics.
  double viable_cells() const;
  std::span<const std::uint64_t> class_masks() const noexcept { return classes_.masks; }
  double class_viable(std::size_t cls) const;
  double tcells(int antigen) const;  // effectors + exhausted of one specificity
  double kills_total() const noexcept { return x_[layout_.kills]; }
  double pdl1_mean() const noexcept { return x_[layout_.pdl1]; }
  const mean_field::CycleModel& cycle() const noexcept { return rates_.cycle; }
  const mean_field::State& state() const noexcept { return x_; }

  // Checkpoints (agents/mean_field_state.cpp): ODE state, held inputs, counters.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  void seed_initial_state();
  void integrate(double t_from_h, double t_to_h);

  LesionConfig config_;
  mean_field::InitialTumor initial_;
  mean_field::Rates rates_;
  mean_field::TumorClasses classes_;
  mean_field::Layout layout_;
  mean_field::State x_;
  mean_field::HeldInputs held_;
  std::uint64_t step_ = 0;
  std::int64_t tcells_arrived_total_ = 0;
  LesionOutputs outputs_;
};

}  // namespace isv::agents
