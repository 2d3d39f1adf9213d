// Construction of a lesion's plain state (agents/lesion_state.hpp).
#include "agents/lesion_state.hpp"

#include <cmath>
#include <string>

#include "agents/field_phases.hpp"
#include "model/errors.hpp"

namespace isv::agents {

namespace {
constexpr double kUm3PerCm3 = 1.0e12;
}  // namespace

LesionState::LesionState(const LesionConfig& config_in, std::uint64_t seed_in, double step_h)
    : config(config_in),
      seed(seed_in),
      dt_h(step_h),
      lattice(config_in.lattice.nx, config_in.lattice.ny, config_in.lattice.nz,
              config_in.lattice.voxel_um),
      local(lattice),
      oxygen_solver(lattice),
      fields(lattice, config_in.immune) {
  // Scenario validation refuses this up front, naming the file; this guards direct users.
  if (const std::string e =
          tcell_moves_error(config.immune.tcells.speed_um_per_min, step_h, config.lattice.voxel_um);
      !e.empty())
    throw model::ScenarioError("lesion '" + config.name + "': " + e);
  const auto n = static_cast<std::size_t>(lattice.size());
  const auto k = static_cast<std::size_t>(config.immune.antigens.count);
  tumor_at.assign(n, -1);
  debris_clear_h.assign(n, -1.0f);
  perfusion.assign(n, 1.0f);
  vessels.assign(n, 1.0f);
  perfusion_ceiling.assign(n, 1.0f);
  oxygen_sink_per_h.assign(n, 0.0f);
  oxygen_source_per_h.assign(n, 0.0f);
  oxygen_mmHg.assign(n, static_cast<float>(tissue_oxygen_mmHg(config.oxygen)));
  tcell_count.assign(n, 0);
  dcs.antigen_count = static_cast<int>(k);
  antigen_released_total.assign(k, 0.0);
  outputs.dc_antigen_export.assign(k, 0.0);
  outputs.unplaced_tcells.assign(k, 0);
  for_each_cell_module([&]<class M>() { M::init(cell_type<M>(*this), *this); });
}

double LesionState::voxel_cm3() const noexcept {
  return std::pow(lattice.voxel_um(), 3) / kUm3PerCm3;
}

}  // namespace isv::agents
