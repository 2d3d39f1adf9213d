// Mean-field lesion: growth at the configured doubling time up to the lattice cap, antigen-
// specific killing, anti-PD-1 raising the kill rate, the coupling API and determinism.
#include "agents/mean_field_lesion.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "model/errors.hpp"

namespace isv::agents {
namespace {

// A sparse seed over a 40^3 lattice; nothing dies, no oxygen limitation (none is modelled).
LesionConfig sparse(double doubling_days, double cv) {
  LesionConfig c;
  c.name = "mf";
  c.lattice.nx = c.lattice.ny = c.lattice.nz = 40;
  c.tumor.initial_radius_um = 1000.0;  // the whole lattice
  c.tumor.doubling_time_days = doubling_days;
  c.tumor.doubling_time_cv = cv;
  c.initial_fill_fraction = 0.002;
  return c;
}

LesionInputs arrivals(std::vector<std::int32_t> per_antigen) {
  LesionInputs in;
  in.arriving_tcells = std::move(per_antigen);
  return in;
}

void run_days(MeanFieldLesion& lesion, double days, const LesionInputs& first = {}) {
  const auto steps = static_cast<int>(std::lround(days * 24.0));
  for (int i = 0; i < steps; ++i) lesion.step(i == 0 ? first : LesionInputs{});
}

TEST(MeanFieldLesion, FreeGrowthFollowsTheDoublingTimeUntilTheLatticeIsFull) {
  MeanFieldLesion lesion(sparse(2.0, 0.0), 1.0);  // a 48-h cycle: 48 whole steps
  EXPECT_DOUBLE_EQ(lesion.cycle().growth_rate_per_h, std::numbers::ln2 / 48.0);
  run_days(lesion, 1.0);  // past the transient of the seeded cycle ages
  const double n1 = lesion.viable_cells();
  run_days(lesion, 4.0);
  const double n5 = lesion.viable_cells();
  const double doubling_days = 4.0 * std::numbers::ln2 / std::log(n5 / n1);
  EXPECT_NEAR(doubling_days, 2.0, 0.02) << "fitted over days 1-5";

  const double voxels = 40.0 * 40.0 * 40.0;
  double previous = n5;
  for (int d = 0; d < 60; ++d) {
    run_days(lesion, 1.0);
    const double n = lesion.viable_cells();
    ASSERT_LE(n, voxels * (1.0 + 1e-9)) << "one cell per voxel at most";
    ASSERT_GE(n, previous * (1.0 - 1e-9)) << "nothing dies";
    previous = n;
  }
  EXPECT_GT(previous, 0.99 * voxels) << "growth fills the lattice";
  EXPECT_EQ(lesion.readouts().tumor_deaths_total, 0);
}

TEST(MeanFieldLesion, CycleLengthSpreadSpeedsGrowthAsEulerLotkaSays) {
  // With log-normal cycle lengths 2 E[exp(-g tau)] = 1 gives g above ln2 / mean; to second
  // order g mean = ln2 + (ln2 cv)^2 / 2, about 1.4 % faster for cv = 0.2.
  const MeanFieldLesion lesion(sparse(2.0, 0.2), 1.0);
  const mean_field::CycleModel& c = lesion.cycle();
  const double expected =
      (std::numbers::ln2 + 0.5 * std::pow(std::numbers::ln2 * c.cycle_cv, 2)) / c.mean_cycle_h;
  EXPECT_NEAR(c.growth_rate_per_h / expected, 1.0, 2e-3);
  EXPECT_NEAR(c.mean_cycle_h, 48.5, 0.05) << "ceil(L / dt) dt: half a step above the mean";
  EXPECT_EQ(c.stages, std::lround(1.0 / (c.cycle_cv * c.cycle_cv)));
}

// Two antigens, each on half of the cells: four classes. T cells against antigen 0 only.
LesionConfig two_antigens() {
  LesionConfig c = sparse(4.0, 0.2);
  c.immune.antigens.count = 2;
  c.antigen_fractions = {0.5, 0.5};
  c.initial_fill_fraction = 0.02;
  return c;
}

TEST(MeanFieldLesion, TCellsKillOnlyCellsExpressingTheirAntigen) {
  MeanFieldLesion treated(two_antigens(), 1.0), untreated(two_antigens(), 1.0);
  ASSERT_EQ(treated.class_masks().size(), 4u);
  run_days(treated, 5.0, arrivals({200, 0}));
  run_days(untreated, 5.0);
  for (std::size_t c = 0; c < 4; ++c) {
    const std::uint64_t mask = treated.class_masks()[c];
    const double with = treated.class_viable(c), without = untreated.class_viable(c);
    if ((mask & 1u) != 0) {
      EXPECT_LT(with, 0.8 * without) << "class " << mask << " expresses antigen 0";
    } else {
      EXPECT_NEAR(with, without, 1e-6 * without) << "class " << mask << " is not a target";
    }
  }
  EXPECT_GT(treated.kills_total(), 10.0);
  EXPECT_EQ(untreated.kills_total(), 0.0);
}

TEST(MeanFieldLesion, AntiPd1OccupancyRaisesTheKillRateMonotonically) {
  LesionConfig c = sparse(4.0, 0.2);
  c.initial_fill_fraction = 0.02;
  c.immune.pdl1.pd1_half_max = 0.5;  // strong suppression at baseline PD-L1 (H = 0.8)
  double previous = -1.0;
  for (const double blood_nM : {0.0, 0.3, 1.0, 3.0, 10.0, 100.0}) {
    MeanFieldLesion lesion(c, 1.0);
    LesionInputs in = arrivals({100});
    for (int i = 0; i < 48; ++i) {
      in.drugs.blood_nM = {blood_nM, 0.0};
      in.drugs.kd_nM = {1.0, 1.0};
      lesion.step(in);
      in.arriving_tcells = {0};
    }
    EXPECT_GT(lesion.kills_total(), previous) << "anti-PD-1 at " << blood_nM << " nM";
    previous = lesion.kills_total();
  }
}

TEST(MeanFieldLesion, CouplingMirrorsTheAgentLesion) {
  LesionConfig c = sparse(4.0, 0.2);
  c.initial_fill_fraction = 0.02;
  MeanFieldLesion lesion(c, 1.0);
  const double voxel_cm3 = 20.0 * 20.0 * 20.0 * 1e-12;
  // Fully perfused lattice, no chemokine yet: entry weight = lattice volume.
  EXPECT_NEAR(lesion.tcell_entry_weight_cm3(), 64000.0 * voxel_cm3, 1e-15);
  lesion.step(arrivals({300}));
  double exported = 0.0, peak_weight = 0.0;
  for (int i = 0; i < 24 * 6; ++i) {
    lesion.step();
    const LesionOutputs& out = lesion.last_outputs();
    ASSERT_EQ(out.dc_antigen_export.size(), 1u);
    ASSERT_EQ(out.unplaced_tcells, std::vector<std::int32_t>{0});
    ASSERT_GE(out.dc_antigen_export[0], 0.0);
    exported += out.dc_antigen_export[0];
    peak_weight = std::max(peak_weight, lesion.tcell_entry_weight_cm3());
  }
  EXPECT_GT(exported, 0.0) << "kills release antigen that mature DCs carry away";
  EXPECT_GT(peak_weight, 1.5 * 64000.0 * voxel_cm3)
      << "kills release DAMP, which induces chemokine, which boosts entry";
  const LesionReadouts r = lesion.readouts();
  EXPECT_EQ(r.tcells_arrived_total, 300);
  EXPECT_GT(r.tcell_kills_total, 0);
  EXPECT_EQ(r.tumor_deaths_total, r.tcell_kills_total);
  EXPECT_GT(r.antigen_released_total.at(0), 0.0);
  EXPECT_NEAR(r.volume_mm3, (lesion.viable_cells() + r.tumor_dead) * 8000.0 * 1e-9, 8000.0 * 1e-9);
  EXPECT_NEAR(r.longest_diameter_mm, std::cbrt(6.0 * r.volume_mm3 / std::numbers::pi), 1e-12);
  EXPECT_DOUBLE_EQ(lesion.time_h(), 24.0 * 6 + 1);
}

TEST(MeanFieldLesion, ASolidSphereIsOneCloneAndGrowsFromItsRim) {
  LesionConfig c = sparse(1.0, 0.2);
  c.initial_fill_fraction = 1.0;
  c.tumor.initial_radius_um = 100.0;  // 515 voxels
  MeanFieldLesion solid(c, 1.0);
  c.initial_fill_fraction = 0.02;
  c.tumor.initial_radius_um = 1000.0;
  MeanFieldLesion scattered(c, 1.0);
  run_days(solid, 4.0);
  run_days(scattered, 4.0);
  const double solid_fold = solid.viable_cells() / 515.0;
  const double free_fold = scattered.viable_cells() / (0.02 * 64000.0);
  EXPECT_LT(solid_fold, 0.8 * free_fold) << "a compact mass divides only where it has room";
  EXPECT_GT(free_fold, 12.0);
}

TEST(MeanFieldLesion, TwoRunsAreIdentical) {
  MeanFieldLesion a(two_antigens(), 1.0), b(two_antigens(), 1.0);
  for (int i = 0; i < 72; ++i) {
    const LesionInputs in = arrivals({i % 5, i % 3});
    a.step(in);
    b.step(in);
  }
  EXPECT_EQ(a.state(), b.state());
  EXPECT_EQ(a.last_outputs().dc_antigen_export, b.last_outputs().dc_antigen_export);
}

TEST(MeanFieldLesion, TooManyVaryingAntigensAreRejected) {
  LesionConfig c = sparse(2.0, 0.2);
  c.immune.antigens.count = 12;
  c.antigen_fractions.assign(12, 0.5);
  EXPECT_THROW(MeanFieldLesion(c, 1.0), model::ScenarioError);
  c.antigen_fractions.assign(12, 1.0);  // all expressed everywhere: one class
  EXPECT_EQ(MeanFieldLesion(c, 1.0).class_masks().size(), 1u);
}

TEST(MeanFieldSetup, FieldRetentionAndCloneGeometry) {
  using namespace mean_field;
  // A field that decays far faster than it crosses the box is all retained; a slow one leaks.
  EXPECT_NEAR(box_retention(1.0, 100.0, 32, 32, 32, 20.0), 1.0, 1e-3);
  EXPECT_LT(box_retention(36000.0, 1.0, 32, 32, 32, 20.0), 0.8);
  EXPECT_DOUBLE_EQ(cluster_footprint_voxels(1.0, false), 27.0);
  EXPECT_DOUBLE_EQ(cluster_footprint_voxels(1.0, true), 9.0);
  const CloneSizes sizes(false, 1.0);
  EXPECT_NEAR(sizes.footprint_per_clone(1.0), 27.0, 1e-9);
  EXPECT_NEAR(sizes.open_share(1.0), cluster_open_share(1.0, false), 1e-9);
}

}  // namespace
}  // namespace isv::agents
