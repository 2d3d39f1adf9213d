// Locoregional treatments of a population lesion (agents/population_local.cpp): an occluded
// territory stops growth and dies at the ischaemic rate, half a territory affects about half,
// TACE kills at the drug's Emax hazard, TARE leaves the continuous-LQ survival, a biopsy core
// removes its tissue, and the state is identical at 1 and 2 threads and across a checkpoint.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numbers>

#include "agents/population_lesion.hpp"
#include "model/checkpoint_io.hpp"

namespace isv::agents {
namespace {

// A cube of n^3 voxels of edge h_um with an initial sphere of radius r_um, no core, no immunity.
LesionConfig config(int n, double h_um, double r_um) {
  LesionConfig c;
  c.name = "p";
  c.lattice = {n, n, n, h_um};
  c.tumor.initial_radius_um = r_um;
  c.immune.antigens.count = 1;
  c.population.perfused_depth_mm = 1000.0;
  return c;
}

// Neither division nor loss: only the treatment changes the viable cells.
LesionConfig static_config(int n, double h_um, double r_um) {
  LesionConfig c = config(n, h_um, r_um);
  c.population.proliferation_rate_per_day = 0.0;
  c.population.cell_loss_rate_per_day = 0.0;
  return c;
}

TerritoryTherapy bland(double fraction, double recanalization_h = 0.0) {
  TerritoryTherapy t;
  t.occlusion_fraction = fraction;
  t.recanalization_half_time_h = recanalization_h;
  return t;
}

// A whole-lesion territory, fully and permanently occluded: nothing divides, and the viable
// cells fall as exp(-(loss + ischaemic) t) while their mass stays as necrosis.
TEST(PopulationTerritory, AnOccludedLesionStopsGrowingAndDiesAtTheIschaemicRate) {
  const LesionConfig c = config(40, 500.0, 4000.0);
  PopulationLesion lesion(c, 24.0);
  const double v0 = lesion.viable_cells();
  const ZoneTally tally = lesion.treat_territory(Territory{}, bland(1.0));
  EXPECT_NEAR(static_cast<double>(tally.tumor_viable) / v0, 1.0, 1e-9);
  EXPECT_EQ(lesion.readouts().tumor_cycling, 0);  // no perfused cell left
  // Each step: cell loss (no mass left), then the ischaemic deaths (mass left as necrosis);
  // necrotic mass clears with its residence time.
  const double l = c.population.cell_loss_rate_per_day;
  const double k = c.population.ischaemic_death_rate_per_day;
  double viable = v0, necrotic = 0.0;
  for (int day = 1; day <= 7; ++day) {
    lesion.step();
    necrotic = necrotic * std::exp(-1.0 / c.population.necrotic_clearance_days) +
               viable * std::exp(-l) * (1.0 - std::exp(-k));
    viable *= std::exp(-(l + k));
    EXPECT_NEAR(lesion.viable_cells() / viable, 1.0, 1e-9) << day;
    EXPECT_NEAR(lesion.necrotic_cells() / necrotic, 1.0, 1e-9) << day;
  }
  EXPECT_LT(viable, 0.02 * v0);
}

// A partial occlusion kills only its share: with 40 % of the flow blocked for good, 40 % of
// the territory's cells become ischaemic and die, the rest survive (growth off).
TEST(PopulationTerritory, APartialOcclusionKillsItsShareOnly) {
  PopulationLesion lesion(static_config(40, 500.0, 4000.0), 24.0);
  const double v0 = lesion.viable_cells();
  lesion.treat_territory(Territory{}, bland(0.4));
  for (int day = 0; day < 60; ++day) lesion.step();
  EXPECT_NEAR(lesion.viable_cells() / v0, 0.6, 1e-6);
}

// Recanalization competes with ischaemic death: the share that dies is k / (k + rho).
TEST(PopulationTerritory, RecanalizationSparesTheReperfusedShare) {
  const LesionConfig c = static_config(40, 500.0, 4000.0);
  PopulationLesion lesion(c, 24.0);
  const double v0 = lesion.viable_cells();
  const double half_time_h = 48.0;
  lesion.treat_territory(Territory{}, bland(1.0, half_time_h));
  for (int day = 0; day < 60; ++day) lesion.step();
  const double k = c.population.ischaemic_death_rate_per_day / 24.0;
  const double rho = std::numbers::ln2 / half_time_h;
  EXPECT_NEAR(lesion.viable_cells() / v0, rho / (k + rho), 1e-6);
}

// A territory whose surface is (nearly) a plane through the lesion centre affects about half.
TEST(PopulationTerritory, AHalfTerritoryAffectsAboutHalf) {
  PopulationLesion lesion(static_config(40, 500.0, 4000.0), 24.0);
  const double v0 = lesion.viable_cells();
  Territory half;
  half.whole_lesion = false;
  const Point3 c =
      lesion.lattice().centre_um(lesion.lattice().index(lesion.lattice().centre_voxel()));
  const double big_um = 1.0e6;  // a sphere this large is a half-space over the lesion
  half.zone.centre_um = {c[0] + big_um, c[1], c[2]};
  half.zone.semi_axes_um = {big_um, big_um, big_um};
  const ZoneTally tally = lesion.treat_territory(half, bland(1.0));
  EXPECT_NEAR(static_cast<double>(tally.tumor_viable) / v0, 0.5, 0.02);
  for (int day = 0; day < 30; ++day) lesion.step();
  EXPECT_NEAR(lesion.viable_cells() / v0, 0.5, 0.02);
}

// TACE alone (no occlusion) with the drug far above its EC50: the hazard is Emax from the first
// sub-step, so one day leaves exp(-24 h x kill_max) of the cells.
TEST(PopulationTerritory, TaceKillsAtTheDrugsHazard) {
  PopulationLesion lesion(static_config(40, 500.0, 4000.0), 24.0);
  const double v0 = lesion.viable_cells();
  TerritoryTherapy t;
  t.drug_loading = 170.0;
  t.release_half_time_h = 240.0;
  t.drug_decay_per_h = 0.1;
  t.kill = {0.01, 1e-6, 1.0};
  lesion.treat_territory(Territory{}, t);
  lesion.step();
  EXPECT_NEAR(lesion.viable_cells() / v0, std::exp(-0.24), 1e-6);
}

// TARE: after the source has decayed the survivors are exp(-(alpha D + beta G D^2)), the
// Lea-Catcheside value with G = lambda / (lambda + mu), at any step length.
TEST(PopulationTerritory, TareSurvivalIsTheContinuousLqValue) {
  for (const double step_h : {24.0, 6.0}) {
    PopulationLesion lesion(static_config(30, 500.0, 3000.0), step_h);
    const double v0 = lesion.viable_cells();
    TerritoryTherapy t;
    t.dose_gy = 20.0;
    t.alpha_per_gy = 0.3;
    t.beta_per_gy2 = 0.02;
    lesion.treat_territory(Territory{}, t);
    const int steps = static_cast<int>(100 * 24 / step_h);  // 37 half-lives
    for (int s = 0; s < steps; ++s) lesion.step();
    const double lambda = std::numbers::ln2 / t.half_life_h;
    const double mu = std::numbers::ln2 / t.repair_half_time_h;
    const double g = lambda / (lambda + mu);
    const double lq = std::exp(-(0.3 * 20.0 + 0.02 * g * 20.0 * 20.0));
    EXPECT_NEAR(lesion.viable_cells() / (v0 * lq), 1.0, 1e-6) << step_h;
  }
}

// A needle core through the lesion removes its volume of tissue, and the event counts what left.
TEST(PopulationTerritory, ABiopsyRemovesTheCore) {
  PopulationLesion lesion(static_config(40, 250.0, 3000.0), 24.0);
  const double v0 = lesion.viable_cells();
  Cylinder core;
  core.centre_um =
      lesion.lattice().centre_um(lesion.lattice().index(lesion.lattice().centre_voxel()));
  core.radius_um = 500.0;
  core.half_length_um = 2000.0;
  const ZoneTally tally = lesion.remove_core(core);
  const double removed = v0 - lesion.viable_cells();
  const double expected =
      std::numbers::pi * 0.25 * 4.0 * lesion.config().population.tumor_cells_per_mm3;
  EXPECT_NEAR(removed / expected, 1.0, 0.1);
  EXPECT_NEAR(static_cast<double>(tally.tumor_viable), removed, 1.0);
}

// Every treatment at once: bland + TACE + TARE in part-territories, a biopsy, with effectors.
PopulationLesion treated(int days_before, int days_after_save, bool split) {
  const LesionConfig c = config(40, 500.0, 5000.0);
  PopulationLesion lesion(c, 24.0);
  LesionInputs in;
  in.arriving_tcells = {3000};
  Territory zone;
  zone.whole_lesion = false;
  const Point3 centre =
      lesion.lattice().centre_um(lesion.lattice().index(lesion.lattice().centre_voxel()));
  zone.zone.centre_um = {centre[0] + 2000.0, centre[1], centre[2]};
  zone.zone.semi_axes_um = {3000.0, 3000.0, 3000.0};
  TerritoryTherapy tace = bland(0.9, 14 * 24.0);
  tace.drug_loading = 170.0;
  tace.release_half_time_h = 240.0;
  tace.drug_decay_per_h = 0.1;
  tace.drug_washout_per_h = 1.0;
  tace.kill = {0.05, 1.0, 1.0};
  TerritoryTherapy tare = bland(0.1);
  tare.dose_gy = 60.0;
  tare.alpha_per_gy = 0.3;
  tare.beta_per_gy2 = 0.02;
  for (int d = 0; d < days_before; ++d) {
    if (d == 2) lesion.treat_territory(zone, tace);
    if (d == 4) lesion.treat_territory(Territory{}, tare);
    if (d == 5) lesion.remove_core(Cylinder{centre, {0.0, 0.0, 1.0}, 400.0, 5000.0});
    lesion.step(in);
  }
  if (split) {
    model::CheckpointWriter w;
    lesion.save(w);
    PopulationLesion resumed(c, 24.0);
    model::CheckpointReader r(w.payload(), "test");
    resumed.load(r);
    for (int d = 0; d < days_after_save; ++d) resumed.step(in);
    return resumed;
  }
  for (int d = 0; d < days_after_save; ++d) lesion.step(in);
  return lesion;
}

std::vector<unsigned char> payload(const PopulationLesion& lesion) {
  model::CheckpointWriter w;
  lesion.save(w);
  return w.payload();
}

TEST(PopulationTerritory, StateIsIdenticalAtOneAndTwoThreads) {
  auto at = [](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    return payload(treated(8, 10, false));
  };
  EXPECT_EQ(at(1), at(2));
}

TEST(PopulationTerritory, CheckpointRestartIsBitExact) {
  const PopulationLesion straight = treated(8, 10, false);
  const PopulationLesion resumed = treated(8, 10, true);
  EXPECT_EQ(payload(straight), payload(resumed));
  EXPECT_EQ(straight.readouts(), resumed.readouts());
  EXPECT_EQ(resumed.territory_treatments().size(), 2U);
}

}  // namespace
}  // namespace isv::agents
