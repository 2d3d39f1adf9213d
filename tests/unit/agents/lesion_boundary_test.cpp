// Lesion::tumor_on_boundary: agrees, step by step, with a scan of every voxel's cell-state code
// (tumour or debris in a voxel with a coordinate at 0 or n - 1), in 3-D and in 2-D.
#include <gtest/gtest.h>

#include <cstdint>

#include "agents/lesion.hpp"
#include "agents/voxel_code.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

// The oracle: any non-tissue code on the outer layer (2-D: the plane's edge).
bool brute_force_on_boundary(const Lesion& lesion) {
  const model::Lattice& g = lesion.lattice();
  const std::vector<std::uint8_t> codes = test::codes_of(lesion);
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(g.size()); ++v) {
    const model::Voxel3 p = g.voxel(v);
    const bool edge = p.x == 0 || p.x == g.nx() - 1 || p.y == 0 || p.y == g.ny() - 1 ||
                      (!g.is_2d() && (p.z == 0 || p.z == g.nz() - 1));
    if (edge && codes[v] != static_cast<std::uint8_t>(VoxelCode::kTissue)) return true;
  }
  return false;
}

// Grows a lesion whose tumour starts inside its box until it meets the edge; every step the
// cheap check and the oracle agree, and the first contact comes after the start.
void grow_until_contact(LesionConfig config, int max_steps) {
  config.tumor.doubling_time_days = 0.5;
  Lesion lesion(config, 5, 2.0);
  ASSERT_FALSE(lesion.tumor_on_boundary()) << "the initial tumour must start inside";
  bool reached = false;
  for (int k = 0; k < max_steps && !reached; ++k) {
    lesion.step();
    reached = lesion.tumor_on_boundary();
    ASSERT_EQ(reached, brute_force_on_boundary(lesion)) << "step " << k;
  }
  EXPECT_TRUE(reached) << "the tumour never reached the boundary";
}

TEST(LesionBoundary, GrowingTumourMeetsTheBoundaryIn3D) {
  grow_until_contact(test::cube_lesion("edge", 10, 50.0), 60);
}

TEST(LesionBoundary, GrowingTumourMeetsTheBoundaryIn2D) {
  grow_until_contact(test::lesion_config("flat", 12, 12, 1, 50.0), 120);
}

TEST(LesionBoundary, ContainedTumourIsNotOnTheBoundary) {
  const Lesion lesion(test::cube_lesion("inside", 20, 60.0), 5, 2.0);
  EXPECT_FALSE(lesion.tumor_on_boundary());
  EXPECT_FALSE(brute_force_on_boundary(lesion));
}

TEST(LesionBoundary, TumourFillingTheBoxIsOnTheBoundary) {
  const Lesion lesion(test::cube_lesion("full", 6, 200.0), 5, 2.0);
  EXPECT_TRUE(lesion.tumor_on_boundary());
  EXPECT_TRUE(brute_force_on_boundary(lesion));
}

}  // namespace
}  // namespace isv::agents
