// Population lesion read-outs (docs/clinical_scale.md, "Read-outs") and checkpoints.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "agents/population_lesion.hpp"
#include "agents/population_sum.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

using model::units::kUmPerMm;

// Axial-plane directions over which the longest diameter is sought (every 5 degrees).
constexpr int kDirections = 36;

std::int64_t whole(double cells) { return static_cast<std::int64_t>(std::llround(cells)); }

// Longest extent (mm) in any axial plane of the voxels where `inside(v)` holds, measured
// between voxel centres over kDirections directions, plus one voxel edge.
// Only the box of half-width `reach` voxels about the centre voxel can hold the lesion.
template <class Inside>
double longest_axial_mm(const model::Lattice& lattice, int reach, Inside&& inside) {
  std::array<double, kDirections> cs{}, sn{};
  for (int d = 0; d < kDirections; ++d) {
    cs[d] = std::cos(std::numbers::pi * d / kDirections);
    sn[d] = std::sin(std::numbers::pi * d / kDirections);
  }
  const double h_mm = lattice.voxel_um() / kUmPerMm;
  std::vector<double> per_plane(static_cast<std::size_t>(lattice.nz()), 0.0);
  const model::Voxel3 c = lattice.centre_voxel();
  const int y0 = std::max(0, c.y - reach), y1 = std::min(lattice.ny() - 1, c.y + reach);
  const int x0 = std::max(0, c.x - reach), x1 = std::min(lattice.nx() - 1, c.x + reach);
  for_each_index(lattice.nz(), 1, [&](std::int64_t z) {
    if (std::abs(static_cast<int>(z) - c.z) > reach) return;
    std::array<double, kDirections> lo, hi;
    lo.fill(1e300);
    hi.fill(-1e300);
    bool any = false;
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        if (!inside(lattice.index(x, y, static_cast<int>(z)))) continue;
        any = true;
        for (int d = 0; d < kDirections; ++d) {
          const double s = x * cs[d] + y * sn[d];
          lo[d] = std::min(lo[d], s);
          hi[d] = std::max(hi[d], s);
        }
      }
    if (!any) return;
    double best = 0.0;
    for (int d = 0; d < kDirections; ++d) best = std::max(best, hi[d] - lo[d]);
    per_plane[static_cast<std::size_t>(z)] = (best + 1.0) * h_mm;
  });
  return *std::max_element(per_plane.begin(), per_plane.end());
}

}  // namespace

// A voxel counts towards the diameters when at least half full (RECIST: viable + necrotic;
// mRECIST-like: viable only).
LesionReadouts PopulationLesion::readouts() const {
  LesionReadouts out;
  const double half = 0.5 * capacity_;
  const double viable = viable_cells();
  const double cycling =
      active_sum([&](std::int32_t v) { return perfused_share(v) > 0.0 ? viable_[v] : 0.0; });
  const double core = active_sum([&](std::int32_t v) {
    return depth_mm(v) > config_.population.perfused_depth_mm ? viable_[v] : 0.0;
  });
  const double necrotic = necrotic_cells();
  out.tumor_viable = whole(viable);
  out.tumor_cycling = whole(cycling);
  out.tumor_hypoxic = whole(core);
  out.tumor_quiescent = whole(viable - cycling);
  out.tumor_dead = whole(necrotic);
  out.tumor_deaths_total = whole(deaths_total_);
  out.volume_mm3 = (viable + necrotic) / config_.population.tumor_cells_per_mm3;
  const int reach = static_cast<int>(std::ceil(reach_mm_ * kUmPerMm / lattice_.voxel_um())) + 1;
  out.longest_diameter_mm = longest_axial_mm(
      lattice_, reach, [&](std::int32_t v) { return viable_[v] + necrotic_[v] >= half; });
  out.viable_diameter_mm =
      longest_axial_mm(lattice_, reach, [&](std::int32_t v) { return viable_[v] >= half; });
  out.tcells = whole(effectors());
  out.tcells_arrived_total = whole(arrived_total_);
  out.tcell_kills_total = whole(kills_total_);
  out.tregs = whole(tregs());
  out.tregs_depleted_total = whole(tregs_depleted_total_);
  out.tumor_antigen_negative =
      whole(active_sum([&](std::int32_t v) { return viable_[v] * negative_share_[v]; }));
  out.mdsc = whole(mdsc());
  out.antigen_released_total = released_total_;
  fill_section_densities(out);
  return out;
}

void PopulationLesion::save(model::CheckpointWriter& out) const {
  out.section("population_lesion");
  out(config_.name, step_, viable_, necrotic_, vessels_, effectors_, tregs_, mdsc_, negative_share_,
      tissue_share_, radius_mm_, reach_mm_, deaths_total_, kills_total_, arrived_total_,
      tregs_depleted_total_, released_total_, boundary_day_, outputs_.dc_antigen_export,
      outputs_.unplaced_tcells);
  save_local(out);
}

void PopulationLesion::load(model::CheckpointReader& in) {
  in.section("population_lesion");
  std::string name;
  in(name, step_, viable_, necrotic_, vessels_, effectors_, tregs_, mdsc_, negative_share_,
     tissue_share_, radius_mm_, reach_mm_, deaths_total_, kills_total_, arrived_total_,
     tregs_depleted_total_, released_total_, boundary_day_, outputs_.dc_antigen_export,
     outputs_.unplaced_tcells);
  if (name != config_.name)
    in.fail("holds lesion '" + name + "' where the scenario has '" + config_.name + "'");
  const auto n = static_cast<std::size_t>(lattice_.size());
  if (viable_.size() != n || necrotic_.size() != n || vessels_.size() != n || tregs_.size() != n ||
      mdsc_.size() != n || negative_share_.size() != n || tissue_share_.size() != n ||
      effectors_.size() != n * static_cast<std::size_t>(antigens_) ||
      released_total_.size() != static_cast<std::size_t>(antigens_))
    in.fail("population lesion '" + name + "' does not match the scenario's domain");
  active_ = 0;
  update_active();
  load_local(in);
}

}  // namespace isv::agents
