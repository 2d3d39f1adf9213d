// Local treatments on one lesion: the lethal zone kills everything inside and nothing beyond
// its rim, vessels in it stop perfusing for good, immune cells in it die, and linear-quadratic
// survival after n fractions matches exp(-n(alpha d + beta d^2)) within binomial error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/treatment_zone.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

// A core off the lattice centre with a rim: some cells inside, some in the rim, most beyond.
ZoneKill thermal_zone(const model::Lattice& lattice) {
  ZoneKill kill;
  kill.core.centre_um = lattice_point_um(lattice, {0.04, -0.02, 0.0});
  kill.core.semi_axes_um = {150.0, 120.0, 100.0};
  kill.rim_width_um = 60.0;
  kill.rim_kill_inner = 0.63;
  kill.mode = DeathMode::kCoagulation;
  kill.antigen_scale = 0.3;
  kill.rim_stress_damp = 0.5;
  kill.debris_clearance_days = 180.0;
  return kill;
}

TEST(Ablation, KillsEveryCellInsideAndNoneBeyondRimPlusOneVoxel) {
  Lesion lesion(test::lesion_config("test", 40, 40, 40, 300.0), 11, 1.0);
  const model::Lattice& lat = lesion.lattice();
  const ZoneKill kill = thermal_zone(lat);
  const Ellipsoid beyond = kill.core.grown(kill.rim_width_um + test::kTestVoxelUm);
  std::set<std::uint64_t> inside, far, rim;
  const TumorCells& before = lesion.tumor();
  for (std::size_t i = 0; i < before.size(); ++i) {
    const Point3 p = lat.centre_um(before.voxel[i]);
    if (kill.core.contains(p))
      inside.insert(before.id[i]);
    else if (!beyond.contains(p))
      far.insert(before.id[i]);
    else if (kill.core.grown(kill.rim_width_um).contains(p))
      rim.insert(before.id[i]);
  }
  ASSERT_GT(inside.size(), 800u);
  ASSERT_GT(rim.size(), 500u);
  ASSERT_GT(far.size(), 1000u);

  const ZoneTally tally = lesion.apply_zone_kill(kill, 0);
  std::set<std::uint64_t> alive(lesion.tumor().id.begin(), lesion.tumor().id.end());
  for (const std::uint64_t id : inside) EXPECT_EQ(alive.count(id), 0u) << "cell " << id;
  for (const std::uint64_t id : far) EXPECT_EQ(alive.count(id), 1u) << "cell " << id;
  std::size_t rim_killed = 0;
  for (const std::uint64_t id : rim) rim_killed += alive.count(id) == 0 ? 1 : 0;
  EXPECT_GT(rim_killed, rim.size() / 10) << "the rim kill is graded, not absent";
  EXPECT_LT(rim_killed, rim.size() * 6 / 10) << "the rim kill is graded, not total";
  EXPECT_EQ(tally.tumor_killed, static_cast<std::int64_t>(inside.size() + rim_killed));
  EXPECT_EQ(lesion.readouts().tumor_dead, tally.tumor_killed) << "killed cells leave debris";
  EXPECT_GT(lesion.readouts().antigen_released_total[0], 0.0);
}

TEST(Ablation, ZoneVesselsStopPerfusingAndStaySo) {
  Lesion lesion(test::lesion_config("test", 32, 32, 32, 200.0), 5, 1.0);
  const model::Lattice& lat = lesion.lattice();
  ZoneKill kill = thermal_zone(lat);
  kill.core.centre_um = lattice_point_um(lat, {0.2, 0.0, 0.0});  // half in normal tissue
  const ZoneTally tally = lesion.apply_zone_kill(kill, 0);
  EXPECT_GT(tally.vessels_cut, 0);
  auto check_zone = [&] {
    std::int64_t zone = 0, outside_perfused = 0;
    for (std::int32_t v = 0; v < lat.size(); ++v) {
      if (kill.core.contains(lat.centre_um(v))) {
        ++zone;
        EXPECT_EQ(lesion.perfusion()[v], 0.0f)
            << "voxel " << v << " at step " << lesion.step_count();
      } else if (lesion.perfusion()[v] > 0.5f) {
        ++outside_perfused;
      }
    }
    EXPECT_EQ(zone, tally.zone_voxels);
    EXPECT_GT(outside_perfused, 0);
  };
  check_zone();
  for (int s = 0; s < 24; ++s) lesion.step();  // free tissue would recover in days otherwise
  check_zone();
}

TEST(Ablation, ImmuneCellsInTheZoneDie) {
  Lesion lesion(test::lesion_config("test", 32, 32, 32, 200.0), 3, 1.0);
  LesionInputs in;
  in.arriving_tcells = {400};
  lesion.step(in);
  const model::Lattice& lat = lesion.lattice();
  ZoneKill kill = thermal_zone(lat);
  kill.rim_width_um = 0.0;
  std::int64_t in_zone = 0;
  for (const std::int32_t v : lesion.tcells().voxel)
    in_zone += kill.core.contains(lat.centre_um(v));
  ASSERT_GT(in_zone, 0);
  const std::size_t before = lesion.tcells().size();
  const ZoneTally tally = lesion.apply_zone_kill(kill, 0);
  EXPECT_EQ(tally.tcells_killed, in_zone);
  EXPECT_EQ(lesion.tcells().size(), before - static_cast<std::size_t>(in_zone));
  for (const std::int32_t v : lesion.tcells().voxel)
    EXPECT_FALSE(kill.core.contains(lat.centre_um(v)));
  std::int64_t counted = 0;
  for (const std::uint8_t c : lesion.tcell_count()) counted += c;
  EXPECT_EQ(counted, static_cast<std::int64_t>(lesion.tcells().size())) << "voxel counts kept";
}

TEST(Ablation, MoreFreezeThawCyclesKillMoreInTheMargin) {
  auto killed_with = [](int cycles) {
    Lesion lesion(test::lesion_config("test", 32, 32, 32, 280.0), 9, 1.0);
    ZoneKill kill;
    kill.core.centre_um = lattice_point_um(lesion.lattice(), {0.0, 0.0, 0.0});
    kill.core.semi_axes_um = {100.0, 100.0, 100.0};
    kill.rim_width_um = 120.0;
    kill.rim_kill_inner = 0.5;
    kill.rim_exposures = cycles;
    kill.mode = DeathMode::kFreeze;
    return lesion.apply_zone_kill(kill, 0).tumor_killed;
  };
  EXPECT_LT(killed_with(1), killed_with(2));
  EXPECT_LT(killed_with(2), killed_with(3));
}

TEST(Radiation, SurvivalAfterNFractionsMatchesLinearQuadratic) {
  // A 2-D slab packed with about 28 000 cells, all inside the field.
  Lesion lesion(test::lesion_config("test", 200, 200, 1, 1900.0), 21, 1.0);
  const auto n0 = static_cast<double>(lesion.tumor().size());
  ASSERT_GT(n0, 20000.0);
  RadiationFraction f;
  f.field.centre_um = lattice_point_um(lesion.lattice(), {0.0, 0.0, 0.0});
  f.field.semi_axes_um = {3000.0, 3000.0, 3000.0};
  f.dose_gy = 2.0;
  f.tumor = {0.3, 0.03};
  f.lymphocyte = {0.5, 0.0};
  const int fractions = 3;
  for (int k = 0; k < fractions; ++k) lesion.apply_radiation(f, static_cast<std::uint64_t>(k));
  const double p = std::exp(-fractions * (0.3 * 2.0 + 0.03 * 4.0));
  const double expected = n0 * p;
  const double sigma = std::sqrt(n0 * p * (1.0 - p));
  EXPECT_NEAR(static_cast<double>(lesion.tumor().size()), expected, 4.0 * sigma);
  EXPECT_EQ(lesion.readouts().tumor_deaths_total,
            static_cast<std::int64_t>(n0) - static_cast<std::int64_t>(lesion.tumor().size()));
}

TEST(Radiation, CellsOutsideTheFieldAreSpared) {
  Lesion lesion(test::lesion_config("test", 40, 40, 40, 300.0), 4, 1.0);
  RadiationFraction f;
  f.field.centre_um = lattice_point_um(lesion.lattice(), {0.1, 0.0, 0.0});
  f.field.semi_axes_um = {100.0, 100.0, 100.0};
  f.dose_gy = 20.0;  // kills essentially everything inside
  f.tumor = {0.3, 0.03};
  const model::Lattice& lat = lesion.lattice();
  std::int64_t outside = 0;
  for (const std::int32_t v : lesion.tumor().voxel) outside += !f.field.contains(lat.centre_um(v));
  lesion.apply_radiation(f, 0);
  EXPECT_EQ(static_cast<std::int64_t>(lesion.tumor().size()), outside);
}

TEST(Biopsy, CountsTheCoreAndChangesNothing) {
  Lesion lesion(test::lesion_config("test", 32, 32, 32, 200.0), 2, 1.0);
  const std::vector<std::uint64_t> ids = lesion.tumor().id;
  Cylinder core;
  core.centre_um = lattice_point_um(lesion.lattice(), {0.0, 0.0, 0.0});
  core.axis = {1.0, 0.0, 0.0};
  core.radius_um = 40.0;
  core.half_length_um = 150.0;
  const ZoneTally t = lesion.count_in_zone(core);
  EXPECT_GT(t.tumor_viable, 0);
  EXPECT_LE(t.tumor_viable, t.zone_voxels);
  EXPECT_EQ(t.tumor_killed, 0);
  EXPECT_EQ(lesion.tumor().id, ids);
}

}  // namespace
}  // namespace isv::agents
