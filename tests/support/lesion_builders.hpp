// Shared fixtures for lesion tests: configurations and voxel sets built the same way in every
// test (tests/support, include as "tests/support/lesion_builders.hpp").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/treatment_zone.hpp"
#include "model/lattice.hpp"

namespace isv::test {

inline constexpr double kTestVoxelUm = 20.0;

// A lesion of nx x ny x nz voxels of `voxel_um` with a tumour sphere of `radius_um` around the
// centre voxel; every other parameter at its default.
inline agents::LesionConfig lesion_config(std::string name, int nx, int ny, int nz,
                                          double radius_um, double voxel_um = kTestVoxelUm) {
  agents::LesionConfig c;
  c.name = std::move(name);
  c.lattice = {nx, ny, nz, voxel_um};
  c.tumor.initial_radius_um = radius_um;
  return c;
}

// The same on a cube of n^3 voxels.
inline agents::LesionConfig cube_lesion(std::string name, int n, double radius_um,
                                        double voxel_um = kTestVoxelUm) {
  return lesion_config(std::move(name), n, n, n, radius_um, voxel_um);
}

// Centre of the lattice's centre voxel (where the initial tumour is centred).
inline agents::Point3 centre_of(const model::Lattice& lat) {
  return lat.centre_um(lat.index(lat.centre_voxel()));
}

// Voxels whose centre lies in the ball of `radius_um` around `centre_um` (ascending).
inline std::vector<std::int32_t> sphere_voxels(const model::Lattice& lat,
                                               const agents::Point3& centre_um, double radius_um) {
  const agents::Ellipsoid zone{centre_um, {radius_um, radius_um, radius_um}};
  std::vector<std::int32_t> out;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(lat.size()); ++v)
    if (zone.contains(lat.centre_um(v))) out.push_back(v);
  return out;
}

// The voxel codes of a lesion (agents/voxel_code.hpp), lattice order.
inline std::vector<std::uint8_t> codes_of(const agents::Lesion& lesion) {
  std::vector<std::uint8_t> codes(static_cast<std::size_t>(lesion.lattice().size()));
  lesion.cell_state_codes(codes);
  return codes;
}

}  // namespace isv::test
