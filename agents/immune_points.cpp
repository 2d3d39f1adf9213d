// Deterministic immune point sets (agents/immune_points.hpp).
#include "agents/immune_points.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "model/hash.hpp"

namespace isv::agents {
namespace {

constexpr int kBitsPerAxis = 21;  // three axes from one 64-bit hash
constexpr double kAxisSteps = static_cast<double>(std::uint64_t{1} << kBitsPerAxis);

// Position within the voxel (0..1 per axis) of point `index` of population `population` in
// voxel `voxel`: the same three numbers in every run, on every machine.
std::array<double, 3> offset_in_voxel(std::int32_t voxel, std::size_t population,
                                      std::int64_t index) {
  std::uint64_t h = model::splitmix64(static_cast<std::uint64_t>(voxel));
  h = model::splitmix64(h ^ (static_cast<std::uint64_t>(population) << 48));
  h = model::splitmix64(h ^ static_cast<std::uint64_t>(index));
  std::array<double, 3> u{};
  for (int a = 0; a < 3; ++a) {
    const std::uint64_t bits = (h >> (kBitsPerAxis * a)) & ((std::uint64_t{1} << kBitsPerAxis) - 1);
    u[a] = (static_cast<double>(bits) + 0.5) / kAxisSteps;
  }
  return u;
}

}  // namespace

ImmunePoints sample_immune_points(const model::Lattice& lattice,
                                  std::span<const std::int32_t> voxels,
                                  std::span<const PointPopulation> populations,
                                  std::int64_t max_points) {
  ImmunePoints out;
  double total = 0.0;  // fixed order: deterministic
  for (const PointPopulation& p : populations)
    for (const std::int32_t v : voxels) total += p.cells[v];
  if (!(total > 0.0) || max_points <= 0) return out;
  const double scale = total > static_cast<double>(max_points) ? max_points / total : 1.0;
  out.cells_per_point = 1.0 / scale;
  const double h = lattice.voxel_um();
  double running = 0.5;  // rounds the running sum, so the total is rounded once
  std::int64_t emitted = 0;
  for (std::size_t p = 0; p < populations.size(); ++p) {
    const PointPopulation& pop = populations[p];
    for (const std::int32_t v : voxels) {
      const double cells = pop.cells[v];
      if (!(cells > 0.0)) continue;
      running += cells * scale;
      const auto upto = std::min(max_points, static_cast<std::int64_t>(std::floor(running)));
      const model::Voxel3 c = lattice.voxel(v);
      for (std::int64_t i = 0; emitted < upto; ++i, ++emitted) {
        const std::array<double, 3> u = offset_in_voxel(v, p, i);
        out.position_um.push_back(static_cast<float>((c.x + u[0]) * h));
        out.position_um.push_back(static_cast<float>((c.y + u[1]) * h));
        out.position_um.push_back(static_cast<float>((c.z + u[2]) * h));
        out.type.push_back(static_cast<std::uint8_t>(pop.type));
        out.specificity.push_back(pop.specificity);
      }
    }
  }
  return out;
}

}  // namespace isv::agents
