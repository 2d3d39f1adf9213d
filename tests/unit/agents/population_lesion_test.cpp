// Population-voxel lesion (agents/population_lesion.hpp): growth at the configured net rate,
// independence of the voxel size, zone kills by volume share, radiation, determinism across
// thread counts, bit-exact checkpoints and the domain-boundary flag.
#include "agents/population_lesion.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numbers>

#include "model/checkpoint_io.hpp"

namespace isv::agents {
namespace {

// A cube of n^3 voxels of edge h_um with an initial sphere of radius r_um, no immunity.
LesionConfig population_config(int n, double h_um, double r_um) {
  LesionConfig c;
  c.name = "p";
  c.lattice = {n, n, n, h_um};
  c.tumor.initial_radius_um = r_um;
  c.immune.antigens.count = 1;
  return c;
}

double sphere_mm3(double r_mm) { return 4.0 / 3.0 * std::numbers::pi * r_mm * r_mm * r_mm; }

TEST(PopulationLesion, InitialCellsFollowTheSphereVolumeAtAnyVoxelSize) {
  for (const double h_um : {250.0, 500.0, 1000.0}) {
    const PopulationLesion lesion(population_config(static_cast<int>(40000 / h_um), h_um, 5000.0),
                                  24.0);
    const double expected = sphere_mm3(5.0) * lesion.config().population.tumor_cells_per_mm3;
    EXPECT_NEAR(lesion.viable_cells() / expected, 1.0, 0.01) << "voxel " << h_um << " um";
  }
}

// Without a hypoxic core (perfused_depth_mm beyond the lesion) and without immunity, the viable
// cells follow V0 exp((b - l) t) exactly, however the mass is pushed about.
TEST(PopulationLesion, UntreatedGrowthFollowsTheNetRate) {
  LesionConfig c = population_config(40, 500.0, 4000.0);
  c.population.perfused_depth_mm = 1000.0;
  PopulationLesion lesion(c, 24.0);
  const double v0 = lesion.viable_cells();
  for (int day = 0; day < 100; ++day) lesion.step();
  const double net = c.population.proliferation_rate_per_day - c.population.cell_loss_rate_per_day;
  EXPECT_NEAR(lesion.viable_cells() / (v0 * std::exp(net * 100.0)), 1.0, 1e-9);
  // Mass is conserved by the push: every voxel holds at most its capacity, but for the
  // compressed remainder that reaches no outward neighbour (none here: the domain holds it).
  EXPECT_LT(lesion.boundary_day(), 0.0);
  for (const double cells : lesion.viable())
    EXPECT_LE(cells, lesion.capacity_cells() * (1.0 + 1e-12));
}

// The same lesion on 1 mm and on 0.5 mm voxels: volume and diameter agree (the voxel size is
// numerical, not biological). Tolerance: one coarse voxel on the diameter.
TEST(PopulationLesion, GrowthDoesNotDependOnTheVoxelSize) {
  PopulationLesion coarse(population_config(40, 1000.0, 8000.0), 24.0);
  PopulationLesion fine(population_config(80, 500.0, 8000.0), 24.0);
  for (int day = 0; day < 200; ++day) {
    coarse.step();
    fine.step();
  }
  const LesionReadouts a = coarse.readouts(), b = fine.readouts();
  EXPECT_NEAR(a.volume_mm3 / b.volume_mm3, 1.0, 0.02);
  EXPECT_NEAR(a.longest_diameter_mm, b.longest_diameter_mm, 1.0);
  EXPECT_GT(b.volume_mm3, 1.5 * sphere_mm3(8.0));  // it grew
}

// A 10x larger initial lesion with the same parameters keeps growing too: no rate depends on
// the lesion's size.
TEST(PopulationLesion, TenTimesLargerLesionGrowsWithTheSameParameters) {
  for (const double r_um : {1500.0, 15000.0}) {
    const double h_um = r_um / 6.0;
    PopulationLesion lesion(population_config(40, h_um, r_um), 24.0);
    const double v0 = lesion.readouts().volume_mm3;
    for (int day = 0; day < 60; ++day) lesion.step();
    EXPECT_GT(lesion.readouts().volume_mm3, 1.1 * v0) << "radius " << r_um << " um";
  }
}

// A 10 mm and a 2 mm ablation margin around a 5 mm-radius lesion: complete kill of the viable
// cells both times, and the treated volume (necrotic mass) follows the zone's volume.
TEST(PopulationLesion, AblationKillsByTheZonesVolume) {
  for (const double margin_mm : {2.0, 10.0}) {
    PopulationLesion lesion(population_config(60, 500.0, 5000.0), 24.0);
    ZoneKill kill;
    const double r_um = (5.0 + margin_mm) * 1000.0;
    kill.core.centre_um =
        lesion.lattice().centre_um(lesion.lattice().index(lesion.lattice().centre_voxel()));
    kill.core.semi_axes_um = {r_um, r_um, r_um};
    const double before = lesion.viable_cells();
    const ZoneTally t = lesion.apply_zone_kill(kill);
    EXPECT_NEAR(lesion.viable_cells(), 0.0, 1e-6 * before) << margin_mm;
    EXPECT_NEAR(static_cast<double>(t.tumor_killed) / before, 1.0, 1e-6);
    EXPECT_NEAR(static_cast<double>(t.zone_voxels) * 0.125 / sphere_mm3(r_um / 1000.0), 1.0, 0.02);
  }
}

TEST(PopulationLesion, AnIncompleteAblationLeavesTheOutsideAlive) {
  PopulationLesion lesion(population_config(60, 500.0, 10000.0), 24.0);
  ZoneKill kill;
  kill.core.centre_um =
      lesion.lattice().centre_um(lesion.lattice().index(lesion.lattice().centre_voxel()));
  kill.core.semi_axes_um = {5000.0, 5000.0, 5000.0};
  const double before = lesion.viable_cells();
  lesion.apply_zone_kill(kill);
  // (10^3 - 5^3) / 10^3 of the cells survive, within the surface sampling error.
  EXPECT_NEAR(lesion.viable_cells() / before, 0.875, 0.01);
}

TEST(PopulationLesion, RadiationKillsByTheLqSurvival) {
  PopulationLesion lesion(population_config(40, 500.0, 4000.0), 24.0);
  RadiationFraction f;
  f.field.centre_um =
      lesion.lattice().centre_um(lesion.lattice().index(lesion.lattice().centre_voxel()));
  f.field.semi_axes_um = {9000.0, 9000.0, 9000.0};  // covers the lesion
  f.dose_gy = 8.0;
  f.tumor = {0.15, 0.015};
  const double before = lesion.viable_cells();
  lesion.apply_radiation(f);
  EXPECT_NEAR(lesion.viable_cells() / before, f.tumor.survival(8.0), 1e-9);
}

std::vector<unsigned char> run_and_save(int threads, int days) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  LesionConfig c = population_config(50, 500.0, 6000.0);
  PopulationLesion lesion(c, 24.0);
  LesionInputs in;
  in.arriving_tcells = {5000};
  for (int d = 0; d < days; ++d) lesion.step(in);
  model::CheckpointWriter w;
  lesion.save(w);
  return w.payload();
}

TEST(PopulationLesion, StateIsIdenticalAtOneAndTwoThreads) {
  EXPECT_EQ(run_and_save(1, 30), run_and_save(2, 30));
}

TEST(PopulationLesion, CheckpointRestartIsBitExact) {
  LesionConfig c = population_config(50, 500.0, 6000.0);
  LesionInputs in;
  in.arriving_tcells = {5000};
  PopulationLesion straight(c, 24.0);
  for (int d = 0; d < 30; ++d) straight.step(in);
  PopulationLesion first(c, 24.0);
  for (int d = 0; d < 12; ++d) first.step(in);
  model::CheckpointWriter w;
  first.save(w);
  PopulationLesion resumed(c, 24.0);
  model::CheckpointReader r(w.payload(), "test");
  resumed.load(r);
  for (int d = 12; d < 30; ++d) resumed.step(in);
  model::CheckpointWriter a, b;
  straight.save(a);
  resumed.save(b);
  EXPECT_EQ(a.payload(), b.payload());
  EXPECT_EQ(straight.readouts(), resumed.readouts());
}

TEST(PopulationLesion, EffectorsKillAndAreAccounted) {
  PopulationLesion lesion(population_config(40, 500.0, 4000.0), 24.0);
  LesionInputs in;
  in.arriving_tcells = {100000};
  lesion.step(in);
  const LesionReadouts r = lesion.readouts();
  EXPECT_EQ(r.tcells_arrived_total, 100000);
  // 1e5 effectors x 2 kills/day for one day, unsuppressed (no PD-L1 without drug is
  // suppressed: PD-L1 at max_fold), so fewer than 2e5 and more than none.
  EXPECT_GT(r.tcell_kills_total, 0);
  EXPECT_LT(r.tcell_kills_total, 200000);
  EXPECT_GT(lesion.last_outputs().dc_antigen_export[0], 0.0);
}

TEST(PopulationLesion, ALesionOutgrowingItsDomainIsFlagged) {
  PopulationLesion lesion(population_config(16, 500.0, 3000.0), 24.0);
  for (int day = 0; day < 200 && lesion.boundary_day() < 0.0; ++day) lesion.step();
  EXPECT_GE(lesion.boundary_day(), 0.0);
}

}  // namespace
}  // namespace isv::agents
