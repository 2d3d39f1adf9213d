// One agent-based lesion: a lattice with its voxel state, agent stores and fields, advanced by
// a fixed plan of named phases. Every phase either reads the previous state in parallel and
// writes only per-agent or per-voxel slots, or commits intents in a deterministic order.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/lesion_config.hpp"
#include "agents/tumor_behaviour.hpp"
#include "agents/tumor_cells.hpp"
#include "agents/voxel_code.hpp"
#include "model/diffusion.hpp"
#include "model/lattice.hpp"

namespace isv::agents {

// Whole-lesion read-outs (see docs/model.md for definitions).
struct LesionReadouts {
  std::int64_t tumor_viable = 0;
  std::int64_t tumor_cycling = 0;
  std::int64_t tumor_quiescent = 0;
  std::int64_t tumor_hypoxic = 0;
  std::int64_t tumor_dead = 0;          // debris voxels still in place
  std::int64_t tumor_deaths_total = 0;  // cumulative deaths since the start
  double volume_mm3 = 0.0;              // viable + debris
  double longest_diameter_mm = 0.0;     // RECIST-style, viable + debris, axial planes
  double viable_diameter_mm = 0.0;      // same over viable cells only (mRECIST-style)
  double oxygen_mean_mmHg = 0.0;
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
  void step();

  const std::string& name() const noexcept { return config_.name; }
  const LesionConfig& config() const noexcept { return config_; }
  const model::Lattice& lattice() const noexcept { return lattice_; }
  std::uint64_t step_count() const noexcept { return step_; }
  // Simulated time at the end of the current step (steps have constant length in a run).
  double end_time_h() const noexcept { return static_cast<double>(step_ + 1) * dt_h_; }
  double time_h() const noexcept { return static_cast<double>(step_) * dt_h_; }
  const TumorCells& tumor() const noexcept { return tumor_; }
  std::span<const float> oxygen_mmHg() const noexcept { return oxygen_mmHg_; }
  std::span<const float> perfusion() const noexcept { return perfusion_; }
  const model::SteadyStateReport& last_oxygen_solve() const noexcept { return oxygen_report_; }

  // Writes one VoxelCode per voxel (lattice order) into `out` (size lattice().size()).
  void cell_state_codes(std::span<std::uint8_t> out) const;
  LesionReadouts readouts() const;

  static std::span<const Phase> plan() noexcept;

 private:
  static constexpr std::size_t kPhaseCount = 5;
  static const std::array<Phase, kPhaseCount> kPlan;

  void seed_initial_tumor();
  void update_perfusion(double dt_h);
  void solve_oxygen(double dt_h);
  void decide_tumor_fates(double dt_h);
  void commit_tumor_fates(double dt_h);
  void clear_debris(double dt_h);
  void rebuild_tumor_index();

  LesionConfig config_;
  std::uint64_t seed_;
  double dt_h_;
  model::Lattice lattice_;
  std::uint64_t step_ = 0;
  std::uint64_t next_cell_id_ = 0;
  std::int64_t deaths_total_ = 0;

  // Voxel state (lattice order).
  std::vector<std::int32_t> tumor_at_;  // tumour cell index, -1 if none
  std::vector<float> debris_clear_h_;   // time (h) debris clears, negative if none
  std::vector<float> perfusion_;        // 0..1 share of normal perfusion
  std::vector<float> oxygen_mmHg_;
  std::vector<float> oxygen_sink_per_h_;
  std::vector<float> oxygen_source_per_h_;
  model::DiffusionSolver oxygen_solver_;
  model::SteadyStateReport oxygen_report_;

  TumorCells tumor_;
  TumorCells tumor_spare_;
  std::vector<TumorIntent> intents_;

  // Commit-phase scratch, kept to avoid allocation in the step loop.
  struct Division {
    std::int32_t target;
    std::uint32_t priority;
    std::uint64_t id;
    std::int32_t cell;
  };
  std::vector<Division> divisions_;
  std::vector<std::int32_t> indices_;
  std::vector<std::int64_t> block_counts_;
};

}  // namespace isv::agents
