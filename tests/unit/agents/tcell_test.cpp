// CD8 T cells: PD-1 suppression and kill probability, antigen-specific killing, conservation
// of T cells between blood and lesions, and bit-identical immune dynamics at 1 and 2 threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/tcell_behaviour.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

// A non-growing, well-oxygenated tumour with two antigens: every cell expresses antigen 0 with
// probability `fraction0`, nobody expresses antigen 1.
LesionConfig immune_config(double fraction0) {
  LesionConfig c = test::cube_lesion("test", 24, 120.0);
  c.oxygen.tumor_uptake_per_min = 0.0;     // no anoxia, so no necrosis
  c.tumor.hypoxic_threshold_mmHg = 100.0;  // ... but every cell's cycle is paused: no divisions
  c.immune.antigens.count = 2;
  c.antigen_fractions = {fraction0, 0.0};
  c.immune.tcells.lifespan_days = 100.0;
  c.immune.tcells.max_divisions = 0;
  return c;
}

std::int64_t count_with_antigen(const TumorCells& cells, int k) {
  std::int64_t n = 0;
  for (const std::uint64_t mask : cells.antigen_mask) n += (mask >> k) & 1u;
  return n;
}

void run_with_tcells(Lesion& lesion, int specificity, int cells_per_step, int steps) {
  LesionInputs in;
  in.arriving_tcells = {0, 0};
  in.arriving_tcells[specificity] = cells_per_step;
  for (int s = 0; s < steps; ++s) lesion.step(in);
}

TEST(TCellBehaviour, SuppressionFallsAndKillProbabilityRisesWithAntiPd1Occupancy) {
  const model::Pdl1Params p;
  double last_kill = -1.0;
  double last_h = 2.0;
  for (double occupancy = 0.0; occupancy <= 1.0; occupancy += 0.1) {
    const double h = pd1_suppression(3.0, 0.0, occupancy, p);
    const double kill = kill_probability(1.0, 4.0, h);
    EXPECT_LT(h, last_h) << "occupancy " << occupancy;
    EXPECT_GT(kill, last_kill) << "occupancy " << occupancy;
    last_h = h;
    last_kill = kill;
  }
  EXPECT_DOUBLE_EQ(pd1_suppression(3.0, 0.0, 1.0, p), 0.0);
  EXPECT_NEAR(kill_probability(1.0, 24.0, 0.0), 1.0 - std::exp(-1.0), 1e-12);
}

TEST(TCellBehaviour, AntiPdl1OccupancyLowersSuppressionLikeAntiPd1) {
  const model::Pdl1Params p;
  EXPECT_DOUBLE_EQ(pd1_suppression(4.0, 0.5, 0.0, p), pd1_suppression(4.0, 0.0, 0.5, p));
  EXPECT_GT(pd1_suppression(6.0, 0.0, 0.0, p), pd1_suppression(1.0, 0.0, 0.0, p));
}

TEST(TCellKilling, KillsOnlyCellsExpressingTheirAntigen) {
  Lesion lesion(immune_config(0.5), 11, 1.0);
  const std::int64_t with0 = count_with_antigen(lesion.tumor(), 0);
  const std::int64_t total = static_cast<std::int64_t>(lesion.tumor().size());
  ASSERT_GT(with0, 50);
  ASSERT_GT(total - with0, 50);
  run_with_tcells(lesion, 0, 20, 48);
  const TumorCells& after = lesion.tumor();
  const std::int64_t kills = lesion.readouts().tcell_kills_total;
  EXPECT_GT(kills, 0);
  EXPECT_EQ(static_cast<std::int64_t>(after.size()) - count_with_antigen(after, 0), total - with0)
      << "a cell without antigen 0 died";
  EXPECT_EQ(count_with_antigen(after, 0), with0 - kills);
}

TEST(TCellKilling, CellsOfAnotherSpecificityKillNothing) {
  Lesion lesion(immune_config(1.0), 11, 1.0);
  const std::size_t before = lesion.tumor().size();
  run_with_tcells(lesion, 1, 20, 48);
  EXPECT_GT(lesion.readouts().tcells, 0);
  EXPECT_EQ(lesion.readouts().tcell_kills_total, 0);
  EXPECT_EQ(lesion.tumor().size(), before);
}

TEST(TCellKilling, NoVoxelHoldsMoreThanTheAllowedNumber) {
  Lesion lesion(immune_config(1.0), 5, 1.0);
  run_with_tcells(lesion, 0, 200, 12);
  const int max = lesion.config().immune.tcells.max_per_voxel;
  std::vector<int> count(static_cast<std::size_t>(lesion.lattice().size()), 0);
  for (const std::int32_t v : lesion.tcells().voxel) ++count[v];
  for (std::size_t v = 0; v < count.size(); ++v) {
    ASSERT_LE(count[v], max) << "voxel " << v;
    ASSERT_EQ(count[v], lesion.tcell_count()[v]) << "voxel " << v;
  }
}

TEST(TCellDeterminism, ImmuneDynamicsAreBitIdenticalAtOneAndTwoThreads) {
  std::vector<std::vector<std::int32_t>> voxels;
  std::vector<std::vector<float>> exhaustion;
  std::vector<std::vector<std::uint64_t>> tumour_ids;
  std::vector<std::vector<float>> ifng;
  for (int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    Lesion lesion(immune_config(0.7), 21, 1.0);
    run_with_tcells(lesion, 0, 30, 36);
    voxels.push_back(lesion.tcells().voxel);
    exhaustion.push_back(lesion.tcells().exhaustion);
    tumour_ids.push_back(lesion.tumor().id);
    const auto f = lesion.fields().ifng();
    ifng.emplace_back(f.begin(), f.end());
  }
  ASSERT_FALSE(voxels[0].empty());
  EXPECT_EQ(voxels[0], voxels[1]);
  EXPECT_EQ(exhaustion[0], exhaustion[1]);
  EXPECT_EQ(tumour_ids[0], tumour_ids[1]);
  EXPECT_EQ(ifng[0], ifng[1]);
}

// Cells leaving the blood equal cells arriving in lesions (exact integer counts).
TEST(TCellConservation, CellsLeavingBloodEqualCellsArrivingInLesions) {
  const std::string text = R"(
[run]
duration_days = 12
seed = 3
[lymph_node]
antigen_half_max_cell_eq = 1.0
divisions = 4
division_rate_per_day = 4.0
[lesions.a.lattice]
nx = 24
ny = 24
nz = 24
[lesions.a.tumor]
initial_radius_um = 150
apoptosis_rate_per_day = 0.2
[lesions.b.lattice]
nx = 16
ny = 16
nz = 16
[lesions.b.tumor]
initial_radius_um = 100
[tcells]
max_per_voxel = 1
[dcs]
recruitment_per_cm3_per_h = 1.0e6
maturation_rate_per_day = 12.0
)";
  const scenarios::Scenario sc = scenarios::parse_scenario(text, "conservation.toml");
  scenarios::Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  std::int64_t arrived = 0;
  for (const auto& lesion : sim.lesions()) arrived += lesion.readouts().tcells_arrived_total;
  EXPECT_GT(arrived, 0) << "the scenario should prime and recruit T cells";
  EXPECT_EQ(sim.tcells_withdrawn_total() - sim.tcells_returned_total(), arrived);
}

// Mean squared displacement (voxel^2) of the T cells over one step without arrivals, on a flat
// 200 x 200 lattice where cells walk without bias at `moves` lattice moves per step.
double one_step_msd(int moves) {
  LesionConfig c = test::lesion_config("walk", 200, 200, 1, 0.0);
  c.immune.tcells.chemotaxis_bias = 0.0;
  c.immune.tcells.max_divisions = 0;
  c.immune.tcells.max_per_voxel = 8;
  c.immune.tcells.lifespan_days = 100.0;
  c.immune.tcells.speed_um_per_min = moves * c.lattice.voxel_um / 60.0;  // step_h = 1
  Lesion lesion(c, 17, 1.0);
  LesionInputs in;
  in.arriving_tcells = {500};
  lesion.step(in);
  const std::vector<std::uint64_t> ids = lesion.tcells().id;
  const std::vector<std::int32_t> before = lesion.tcells().voxel;
  lesion.step();
  const TCells& after = lesion.tcells();
  EXPECT_EQ(after.id, ids) << "no cell may enter, divide or die in the measured step";
  double sum = 0.0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const double dx = before[i] % 200 - after.voxel[i] % 200;
    const double dy = before[i] / 200 - after.voxel[i] / 200;
    sum += dx * dx + dy * dy;
  }
  return sum / static_cast<double>(ids.size());
}

// Each move goes to one of 8 in-plane neighbours, |step|^2 = 1.5 voxel^2 on average, so the
// mean squared displacement grows as 1.5 x moves (a little less near the lattice edge). Moves
// were once capped at 64 per step without a word: at step_h = 24 cells walked ~5.6x slower.
TEST(TCellMigration, EveryConfiguredMoveIsMadeEvenBeyondSixtyFourPerStep) {
  const double msd_128 = one_step_msd(128);
  const double msd_256 = one_step_msd(256);
  std::printf("MSD per step: %.1f voxel^2 at 128 moves, %.1f at 256\n", msd_128, msd_256);
  // Statistical error of a 500-cell mean is ~4 %; the edge trims the larger walk by ~10 %.
  EXPECT_GT(msd_128, 0.75 * 1.5 * 128);
  EXPECT_LT(msd_128, 1.15 * 1.5 * 128);
  EXPECT_GT(msd_256 / msd_128, 1.6) << "doubling the moves must about double the MSD";
}

}  // namespace
}  // namespace isv::agents
