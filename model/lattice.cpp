// Lattice geometry.
#include "model/lattice.hpp"

#include "model/errors.hpp"

namespace isv::model {

Lattice::Lattice(int nx, int ny, int nz, double voxel_um)
    : nx_(nx), ny_(ny), nz_(nz), voxel_um_(voxel_um) {
  if (nx < 1 || ny < 1 || nz < 1) throw ScenarioError("lattice dimensions must be at least 1");
  if (!(voxel_um > 0.0)) throw ScenarioError("lattice voxel size must be positive");
  if (static_cast<std::int64_t>(nx) * ny * nz > (std::int64_t{1} << 31) - 1)
    throw ScenarioError("lattice has more than 2^31 - 1 voxels");
}

std::array<double, 3> Lattice::centre_um(std::int32_t index) const noexcept {
  const Voxel3 v = voxel(index);
  return {(v.x + 0.5) * voxel_um_, (v.y + 0.5) * voxel_um_, (v.z + 0.5) * voxel_um_};
}

int Lattice::moore_neighbours(std::int32_t index, Neighbours& out) const noexcept {
  const Voxel3 v = voxel(index);
  const int dz_lo = is_2d() ? 0 : -1;
  const int dz_hi = is_2d() ? 0 : 1;
  int count = 0;
  for (int dz = dz_lo; dz <= dz_hi; ++dz) {
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        if (dx == 0 && dy == 0 && dz == 0) continue;
        const int x = v.x + dx, y = v.y + dy, z = v.z + dz;
        if (contains(x, y, z)) out[count++] = this->index(x, y, z);
      }
    }
  }
  return count;
}

}  // namespace isv::model
