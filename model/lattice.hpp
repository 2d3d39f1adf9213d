// Geometry of a regular cubic lattice: voxel indexing (x fastest), coordinates, neighbourhoods.
#pragma once

#include <array>
#include <cstdint>

namespace isv::model {

struct Voxel3 {
  int x = 0;
  int y = 0;
  int z = 0;
  friend bool operator==(const Voxel3&, const Voxel3&) = default;
};

// A lattice with nz == 1 is two-dimensional: its neighbourhoods stay in the plane.
class Lattice {
 public:
  static constexpr int kMaxNeighbours = 26;
  using Neighbours = std::array<std::int32_t, kMaxNeighbours>;

  Lattice(int nx, int ny, int nz, double voxel_um);

  int nx() const noexcept { return nx_; }
  int ny() const noexcept { return ny_; }
  int nz() const noexcept { return nz_; }
  bool is_2d() const noexcept { return nz_ == 1; }
  double voxel_um() const noexcept { return voxel_um_; }
  std::int64_t size() const noexcept { return static_cast<std::int64_t>(nx_) * ny_ * nz_; }

  std::int32_t index(int x, int y, int z) const noexcept {
    return static_cast<std::int32_t>((static_cast<std::int64_t>(z) * ny_ + y) * nx_ + x);
  }
  std::int32_t index(Voxel3 v) const noexcept { return index(v.x, v.y, v.z); }
  Voxel3 voxel(std::int32_t index) const noexcept {
    const int x = index % nx_;
    const int yz = index / nx_;
    return {x, yz % ny_, yz / ny_};
  }
  bool contains(int x, int y, int z) const noexcept {
    return x >= 0 && y >= 0 && z >= 0 && x < nx_ && y < ny_ && z < nz_;
  }

  // Centre of a voxel in micrometres, the lattice origin at the corner of voxel (0, 0, 0).
  std::array<double, 3> centre_um(std::int32_t index) const noexcept;
  // The voxel holding the lattice's geometric centre (rounded down).
  Voxel3 centre_voxel() const noexcept { return {nx_ / 2, ny_ / 2, nz_ / 2}; }

  // Moore neighbourhood (26 in 3-D, 8 in 2-D) clipped at the lattice faces, in a fixed
  // order (z, then y, then x offsets ascending). Returns the count written to `out`.
  int moore_neighbours(std::int32_t index, Neighbours& out) const noexcept;

 private:
  int nx_;
  int ny_;
  int nz_;
  double voxel_um_;
};

}  // namespace isv::model
