// Regulatory T cells (agents/treg_module.hpp): the pure behaviour functions, suppression of CD8
// killing, entry, ageing, anti-CTLA-4 depletion, treatment deaths and the [tregs] table.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/treg_module.hpp"
#include "model/errors.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

TEST(TregKillFactor, IsOneWithoutTregsAndHalvesAtTheHalfCount) {
  EXPECT_EQ(treg_kill_factor(0, 1.0), 1.0);
  EXPECT_EQ(treg_kill_factor(0, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(treg_kill_factor(2, 2.0), 0.5);
  EXPECT_DOUBLE_EQ(treg_kill_factor(6, 2.0), 0.25);
  for (int n = 1; n < 20; ++n) EXPECT_LT(treg_kill_factor(n, 1.5), treg_kill_factor(n - 1, 1.5));
}

TEST(Ctla4Depletion, OccupancyFollowsTheTissueLevelAndDrivesTheProbability) {
  EXPECT_EQ(ctla4_tissue_occupancy(0.0, 0.3, 5.0), 0.0);
  EXPECT_DOUBLE_EQ(ctla4_tissue_occupancy(10.0, 0.5, 5.0), 0.5);  // tissue 5 nM = Kd
  EXPECT_EQ(treg_depletion_probability(1.0, 2.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(treg_depletion_probability(12.0, 2.0, 0.5), 1.0 - std::exp(-0.5));
}

TEST(TregsAround, CountsTheOwnVoxelAndItsMooreNeighboursOnly) {
  const model::Lattice lattice(5, 5, 5, 20.0);
  std::vector<std::uint8_t> count(125, 0);
  const std::int32_t centre = lattice.index(2, 2, 2);
  count[centre] = 1;
  count[lattice.index(1, 1, 1)] = 2;  // a corner neighbour
  count[lattice.index(3, 2, 2)] = 1;
  count[lattice.index(0, 2, 2)] = 5;  // two voxels away: not counted
  EXPECT_EQ(tregs_around(lattice, count, centre), 4);
  EXPECT_EQ(tregs_around(lattice, count, lattice.index(0, 0, 0)), 2);
}

// A T cell in the centre of a 5^3 lattice next to one tumour cell it recognises.
struct KillWorld {
  model::Lattice lattice{5, 5, 5, 20.0};
  model::ImmuneParams params;
  ImmuneFields fields{lattice, params};
  TumorCells tumor;
  TCells tcells;
  std::vector<std::int32_t> tumor_at = std::vector<std::int32_t>(125, -1);
  std::vector<std::uint8_t> tcell_count = std::vector<std::uint8_t>(125, 0);
  std::vector<std::uint8_t> treg_count = std::vector<std::uint8_t>(125, 0);
  std::int32_t centre = lattice.index(2, 2, 2);

  KillWorld() {
    params.tcells.kill_rate_per_day = 12.0;  // p = 1 - exp(-0.5) per 1 h step unsuppressed
    tcells.append(7, centre, 0, 1000.0f, 0);
    tcell_count[centre] = 1;
    tumor.append(0, lattice.index(2, 2, 3), 20.0f, 0.0f, 1, 0.0f);
    tumor_at[lattice.index(2, 2, 3)] = 0;
  }
  // Share of steps 0..n-1 in which the T cell kills.
  double kill_share(std::span<const std::uint8_t> tregs, int n = 4000) const {
    int kills = 0;
    for (int s = 0; s < n; ++s) {
      const TCellContext ctx{lattice,     tumor,  tumor_at,
                             tcell_count, fields, params,
                             1.0,         3,      static_cast<std::uint64_t>(s),
                             tregs,       1.0};
      kills += decide_tcell_act(tcells, 0, ctx).kill_target >= 0 ? 1 : 0;
    }
    return static_cast<double>(kills) / n;
  }
};

TEST(TregSuppression, TregsAroundACd8CellScaleItsKillProbability) {
  KillWorld w;
  const double p = -std::expm1(-0.5);
  const double off = w.kill_share({});  // Tregs off: the CD8 cell's own probability
  const double none = w.kill_share(w.treg_count);
  EXPECT_NEAR(off, p, 0.03);
  EXPECT_EQ(none, off) << "zero Tregs around must not change a single draw";
  w.treg_count[w.lattice.index(1, 2, 2)] = 1;  // one Treg next to the T cell: factor 1/2
  EXPECT_NEAR(w.kill_share(w.treg_count), p / 2.0, 0.03);
  w.treg_count[w.centre] = 2;  // three around: factor 1/4
  EXPECT_NEAR(w.kill_share(w.treg_count), p / 4.0, 0.03);
  w.treg_count.assign(125, 0);
  w.treg_count[w.lattice.index(0, 2, 2)] = 8;  // two voxels away: no effect
  EXPECT_EQ(w.kill_share(w.treg_count), off);
}

LesionConfig treg_config(double ratio) {
  LesionConfig c = test::cube_lesion("treg", 12, 40.0);
  std::get<TregParams>(c.cell_types).entry_per_cd8_entry = ratio;
  return c;
}

LesionInputs arrivals(const LesionConfig& c, std::int32_t n) {
  LesionInputs in;
  in.arriving_tcells.assign(static_cast<std::size_t>(c.immune.antigens.count), 0);
  in.arriving_tcells[0] = n;
  return in;
}

TEST(TregEntry, OffByDefaultSoArrivingCd8CellsBringNoTregs) {
  const LesionConfig c = test::cube_lesion("treg", 12, 40.0);
  EXPECT_EQ(std::get<TregParams>(c.cell_types).entry_per_cd8_entry, 0.0);
  Lesion lesion(c, 5, 1.0);
  for (int s = 0; s < 5; ++s) lesion.step(arrivals(c, 40));
  EXPECT_GT(lesion.tcells().size(), 0u);
  EXPECT_EQ(lesion.cell_type<TregModule>().cells.size(), 0u);
  EXPECT_TRUE(lesion.cell_type<TregModule>().count.empty()) << "no per-voxel array while off";
  EXPECT_EQ(lesion.readouts().tregs, 0);
}

TEST(TregEntry, TregsEnterInProportionToCd8ArrivalsAndRespectVoxelCapacity) {
  const LesionConfig c = treg_config(0.5);
  Lesion lesion(c, 5, 1.0);
  for (int s = 0; s < 4; ++s) lesion.step(arrivals(c, 100));
  const TregModule::State& st = lesion.cell_type<TregModule>();
  // Poisson(50) per step, 4 steps: mean 200, sd ~14; lifespans (4 days) outlast the steps.
  EXPECT_NEAR(static_cast<double>(st.arrived_total), 200.0, 60.0);
  EXPECT_EQ(static_cast<std::int64_t>(st.cells.size()), st.arrived_total);
  EXPECT_EQ(lesion.readouts().tregs, st.arrived_total);
  std::vector<int> per_voxel(st.count.size(), 0);
  for (const std::int32_t v : st.cells.voxel) ++per_voxel[v];
  for (std::size_t v = 0; v < per_voxel.size(); ++v) {
    ASSERT_EQ(per_voxel[v], st.count[v]) << "voxel " << v;
    ASSERT_LE(per_voxel[v], std::get<TregParams>(c.cell_types).max_per_voxel);
  }
}

TEST(TregEntry, TregsDieOfAgeAfterTheirLifespan) {
  LesionConfig c = treg_config(1.0);
  std::get<TregParams>(c.cell_types).lifespan_days = 0.25;  // 6 h mean
  std::get<TregParams>(c.cell_types).lifespan_cv = 0.1;
  Lesion lesion(c, 5, 1.0);
  lesion.step(arrivals(c, 50));
  ASSERT_GT(lesion.cell_type<TregModule>().cells.size(), 0u);
  for (int s = 0; s < 24; ++s) lesion.step();
  EXPECT_EQ(lesion.cell_type<TregModule>().cells.size(), 0u);
  for (const std::uint8_t n : lesion.cell_type<TregModule>().count) ASSERT_EQ(n, 0);
}

TEST(TregDepletion, AntiCtla4DepletesTregsAndNoDrugDepletesNone) {
  const LesionConfig c = treg_config(1.0);
  Lesion with_drug(c, 5, 1.0), without(c, 5, 1.0);
  with_drug.step(arrivals(c, 60));
  without.step(arrivals(c, 60));
  const std::size_t entered = with_drug.cell_type<TregModule>().cells.size();
  ASSERT_GT(entered, 10u);
  LesionInputs drug;
  drug.drugs.ctla4_blood_nM = 1000.0;  // saturating: occupancy ~1
  drug.drugs.ctla4_kd_nM = 1.0;
  for (int s = 0; s < 48; ++s) {
    with_drug.step(drug);
    without.step();
  }
  const TregModule::State& a = with_drug.cell_type<TregModule>();
  EXPECT_EQ(without.cell_type<TregModule>().depleted_total, 0);
  // 0.5/day for 2 days: about 63 % depleted (the rest of the loss is ageing).
  EXPECT_GT(a.depleted_total, static_cast<std::int64_t>(entered) / 3);
  EXPECT_EQ(with_drug.readouts().tregs_depleted_total, a.depleted_total);
  EXPECT_LT(a.cells.size(), without.cell_type<TregModule>().cells.size());
}

TEST(TregTreatment, ZoneKillAndRadiationKillTregsInTheirField) {
  const LesionConfig c = treg_config(2.0);
  Lesion lesion(c, 5, 1.0);
  lesion.step(arrivals(c, 200));
  const std::size_t before = lesion.cell_type<TregModule>().cells.size();
  ASSERT_GT(before, 50u);
  ZoneKill kill;  // a core of the whole lattice: every immune cell dies
  kill.core.centre_um = test::centre_of(lesion.lattice());
  kill.core.semi_axes_um = {1e4, 1e4, 1e4};
  Lesion irradiated = lesion;
  lesion.apply_zone_kill(kill, 0);
  EXPECT_EQ(lesion.cell_type<TregModule>().cells.size(), 0u);
  RadiationFraction rt;
  rt.field = kill.core;
  rt.dose_gy = 2.0;
  rt.lymphocyte = {0.5, 0.05};  // survival exp(-1.2) = 0.30
  irradiated.apply_radiation(rt, 1);
  const double survived =
      static_cast<double>(irradiated.cell_type<TregModule>().cells.size()) / before;
  EXPECT_NEAR(survived, std::exp(-1.2), 0.12);
}

TEST(TregTable, ScenarioSetsTregsForEveryLesionAndRefusesBadValuesNamingTheKey) {
  const std::string base = R"(
[run]
duration_days = 1
[lesions.a.lattice]
nx = 16
ny = 16
nz = 16
[lesions.b]
kind = "mean_field"
)";
  const scenarios::Scenario sc =
      scenarios::parse_scenario(base + "[tregs]\nentry_per_cd8_entry = 0.25\n", "t.toml");
  for (const scenarios::LesionSpec& l : sc.lesions)
    EXPECT_EQ(std::get<TregParams>(l.config.cell_types).entry_per_cd8_entry, 0.25);
  EXPECT_NE(sc.effective_toml.find("[tregs]\nentry_per_cd8_entry = 0.25"), std::string::npos);
  try {
    scenarios::parse_scenario(base + "[tregs]\nlifespan_days = -1\n", "t.toml");
    FAIL() << "a negative lifespan must be refused";
  } catch (const model::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("t.toml"), std::string::npos) << what;
    EXPECT_NE(what.find("tregs.lifespan_days"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace isv::agents
