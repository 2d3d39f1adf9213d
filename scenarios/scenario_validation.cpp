// Cross-parameter consistency checks.
#include "scenarios/scenario_validation.hpp"

#include <algorithm>
#include <cmath>

#include "agents/tcell_behaviour.hpp"
#include "model/errors.hpp"
#include "scenarios/memory_estimate.hpp"
#include "scenarios/message_text.hpp"

namespace isv::scenarios {
namespace {

[[noreturn]] void fail(const std::function<std::string(const std::string&)>& locate,
                       const std::string& key, const std::string& what) {
  throw model::ConfigError(locate(key) + ": " + printable(key) + ": " + what);
}

}  // namespace

void validate_scenario(const Scenario& sc,
                       const std::function<std::string(const std::string&)>& locate) {
  if (sc.total_steps() < 1)
    fail(locate, "run.duration_days", "the run must last at least one step (run.step_h)");
  constexpr double kMaxVoxels = 2147483647.0;  // voxel indices are 32-bit
  for (const LesionSpec& spec : sc.lesions) {
    const agents::LesionConfig& c = spec.config;
    const std::string base = "lesions." + c.name;
    const double voxels = static_cast<double>(c.lattice.nx) * c.lattice.ny * c.lattice.nz;
    if (voxels > kMaxVoxels)
      fail(locate, base + ".lattice.nx", "lattice has more than 2^31-1 voxels");
    if (!c.antigen_fractions.empty() &&
        static_cast<int>(c.antigen_fractions.size()) != sc.immune.antigens.count)
      fail(locate, base + ".antigen_fractions",
           "needs one value per tracked antigen (antigens.count = " +
               std::to_string(sc.immune.antigens.count) + "), found " +
               std::to_string(c.antigen_fractions.size()));
    if (spec.kind == "population" && c.lattice.nz == 1)
      fail(locate, base + ".lattice.nz", "a population lesion is 3-D: nz must be at least 2");
    if (spec.kind == "agents") {
      const std::string moves = agents::tcell_moves_error(sc.immune.tcells.speed_um_per_min,
                                                          sc.run.step_h, c.lattice.voxel_um);
      if (!moves.empty()) fail(locate, "tcells.speed_um_per_min", moves);
    }
    if (c.tumor.anoxic_threshold_mmHg > c.tumor.hypoxic_threshold_mmHg)
      fail(locate, base + ".tumor.anoxic_threshold_mmHg",
           "must not exceed tumor.hypoxic_threshold_mmHg");
    // The sphere is centred on voxel n/2 of each axis; it stays whole while it does not reach
    // the first voxel centre beyond the lattice, (n - n/2) voxels from the centre.
    const int min_dim = c.lattice.nz == 1 ? std::min(c.lattice.nx, c.lattice.ny)
                                          : std::min({c.lattice.nx, c.lattice.ny, c.lattice.nz});
    const double half_width_um = (min_dim - min_dim / 2) * c.lattice.voxel_um;
    if (c.tumor.initial_radius_um >= half_width_um)
      fail(locate, base + ".tumor.initial_radius_um",
           "the initial tumour (radius " + std::to_string(c.tumor.initial_radius_um) +
               " um) does not fit in the lattice (must be below " + std::to_string(half_width_um) +
               " um)");
  }
  if (const std::optional<MemoryLimit> limit = memory_limit()) check_memory(sc, *limit, locate);
}

}  // namespace isv::scenarios
