// Lattice geometry: indexing, coordinates, bounds and Moore neighbourhoods in 2-D and 3-D.
#include "model/lattice.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "model/errors.hpp"

namespace isv::model {
namespace {

TEST(Lattice, IndexAndVoxelRoundTripOverTheWholeLattice) {
  const Lattice lat(7, 5, 3, 20.0);
  ASSERT_EQ(lat.size(), 7 * 5 * 3);
  std::int32_t expected = 0;
  for (int z = 0; z < 3; ++z)
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 7; ++x) {
        const std::int32_t i = lat.index(x, y, z);
        EXPECT_EQ(i, expected++) << "x must be fastest, then y, then z";
        EXPECT_EQ(lat.voxel(i), (Voxel3{x, y, z}));
        EXPECT_EQ(lat.index(lat.voxel(i)), i);
      }
}

TEST(Lattice, CentreCoordinatesAreVoxelCentresInMicrometres) {
  const Lattice lat(4, 4, 4, 20.0);
  const auto c = lat.centre_um(lat.index(0, 1, 3));
  EXPECT_DOUBLE_EQ(c[0], 10.0);
  EXPECT_DOUBLE_EQ(c[1], 30.0);
  EXPECT_DOUBLE_EQ(c[2], 70.0);
  EXPECT_EQ(lat.centre_voxel(), (Voxel3{2, 2, 2}));
}

TEST(Lattice, ContainsIsTrueExactlyInsideTheBox) {
  const Lattice lat(4, 3, 2, 10.0);
  EXPECT_TRUE(lat.contains(0, 0, 0));
  EXPECT_TRUE(lat.contains(3, 2, 1));
  EXPECT_FALSE(lat.contains(-1, 0, 0));
  EXPECT_FALSE(lat.contains(0, -1, 0));
  EXPECT_FALSE(lat.contains(0, 0, -1));
  EXPECT_FALSE(lat.contains(4, 0, 0));
  EXPECT_FALSE(lat.contains(0, 3, 0));
  EXPECT_FALSE(lat.contains(0, 0, 2));
}

TEST(Lattice, TwoDimensionalWhenNzIsOne) {
  EXPECT_TRUE(Lattice(8, 8, 1, 20.0).is_2d());
  EXPECT_FALSE(Lattice(8, 8, 2, 20.0).is_2d());
}

TEST(Lattice, RejectsEmptyDimensionsAndNonPositiveVoxels) {
  EXPECT_THROW(Lattice(0, 4, 4, 20.0), ScenarioError);
  EXPECT_THROW(Lattice(4, 4, -1, 20.0), ScenarioError);
  EXPECT_THROW(Lattice(4, 4, 4, 0.0), ScenarioError);
}

int count_neighbours(const Lattice& lat, int x, int y, int z) {
  Lattice::Neighbours n;
  return lat.moore_neighbours(lat.index(x, y, z), n);
}

TEST(Lattice, MooreNeighbourCountsIn3D) {
  const Lattice lat(5, 5, 5, 20.0);
  EXPECT_EQ(count_neighbours(lat, 2, 2, 2), 26);  // interior
  EXPECT_EQ(count_neighbours(lat, 0, 0, 0), 7);   // corner
  EXPECT_EQ(count_neighbours(lat, 4, 4, 4), 7);   // opposite corner
  EXPECT_EQ(count_neighbours(lat, 0, 0, 2), 11);  // edge
  EXPECT_EQ(count_neighbours(lat, 0, 2, 2), 17);  // face
}

TEST(Lattice, MooreNeighbourCountsIn2D) {
  const Lattice lat(5, 5, 1, 20.0);
  EXPECT_EQ(count_neighbours(lat, 2, 2, 0), 8);  // interior: stays in the plane
  EXPECT_EQ(count_neighbours(lat, 0, 0, 0), 3);  // corner
  EXPECT_EQ(count_neighbours(lat, 4, 4, 0), 3);
  EXPECT_EQ(count_neighbours(lat, 0, 2, 0), 5);  // edge
}

TEST(Lattice, NeighboursAreTheAdjacentVoxelsInFixedOrder) {
  const Lattice lat(6, 6, 6, 20.0);
  const std::int32_t centre = lat.index(3, 2, 4);
  Lattice::Neighbours n;
  const int count = lat.moore_neighbours(centre, n);
  ASSERT_EQ(count, 26);
  // Order: dz, then dy, then dx ascending, the centre skipped. With x fastest this means the
  // indices are strictly ascending.
  std::vector<std::int32_t> expected;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx)
        if (dx != 0 || dy != 0 || dz != 0) expected.push_back(lat.index(3 + dx, 2 + dy, 4 + dz));
  EXPECT_EQ(std::vector<std::int32_t>(n.begin(), n.begin() + count), expected);
  EXPECT_TRUE(std::is_sorted(n.begin(), n.begin() + count));
  // Every neighbour is at Chebyshev distance 1.
  for (int k = 0; k < count; ++k) {
    const Voxel3 v = lat.voxel(n[k]);
    EXPECT_EQ(std::max({std::abs(v.x - 3), std::abs(v.y - 2), std::abs(v.z - 4)}), 1);
  }
  // The same call gives the same answer (no hidden state).
  Lattice::Neighbours again;
  ASSERT_EQ(lat.moore_neighbours(centre, again), count);
  EXPECT_TRUE(std::equal(n.begin(), n.begin() + count, again.begin()));
}

TEST(Lattice, ClippedNeighbourhoodKeepsOrderAndStaysInside) {
  const Lattice lat(4, 4, 4, 20.0);
  Lattice::Neighbours n;
  const int count = lat.moore_neighbours(lat.index(0, 3, 0), n);
  ASSERT_EQ(count, 7);
  EXPECT_TRUE(std::is_sorted(n.begin(), n.begin() + count));
  for (int k = 0; k < count; ++k) {
    const Voxel3 v = lat.voxel(n[k]);
    EXPECT_TRUE(lat.contains(v.x, v.y, v.z));
  }
}

}  // namespace
}  // namespace isv::model
