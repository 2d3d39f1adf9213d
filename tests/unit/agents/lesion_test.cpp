// Lesion: initial tumour geometry, one cell per voxel, unique ids, voxel codes consistent with
// the agent store, contact inhibition and debris clearance; the step plan's table and cadences.
#include "agents/lesion.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "agents/field_phases.hpp"
#include "agents/lesion_plan.hpp"
#include "agents/lesion_state.hpp"
#include "agents/tumor_phases.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

// Voxels whose centre lies within `radius_um` of the centre of the lattice's centre voxel.
std::int64_t voxels_in_sphere(const model::Lattice& lat, double radius_um) {
  const auto centre = lat.centre_um(lat.index(lat.centre_voxel()));
  std::int64_t count = 0;
  for (std::int32_t v = 0; v < lat.size(); ++v) {
    const auto c = lat.centre_um(v);
    const double d2 = (c[0] - centre[0]) * (c[0] - centre[0]) +
                      (c[1] - centre[1]) * (c[1] - centre[1]) +
                      (c[2] - centre[2]) * (c[2] - centre[2]);
    count += d2 <= radius_um * radius_um ? 1 : 0;
  }
  return count;
}

// One cell per voxel, unique ids, and the voxel code map agrees with the agent store.
void expect_consistent(const Lesion& lesion) {
  const TumorCells& t = lesion.tumor();
  ASSERT_EQ(t.voxel.size(), t.size());
  ASSERT_EQ(t.phase.size(), t.size());
  std::vector<std::int32_t> voxels = t.voxel;
  std::sort(voxels.begin(), voxels.end());
  EXPECT_EQ(std::adjacent_find(voxels.begin(), voxels.end()), voxels.end())
      << "two tumour cells share a voxel at step " << lesion.step_count();
  std::vector<std::uint64_t> ids = t.id;
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end())
      << "duplicate cell id at step " << lesion.step_count();

  const std::vector<std::uint8_t> codes = test::codes_of(lesion);
  std::int64_t tumour_codes = 0, debris_codes = 0;
  for (const std::uint8_t c : codes) {
    ASSERT_LE(c, static_cast<std::uint8_t>(VoxelCode::kDebris));
    tumour_codes += (c >= 1 && c <= 3) ? 1 : 0;
    debris_codes += c == static_cast<std::uint8_t>(VoxelCode::kDebris) ? 1 : 0;
  }
  EXPECT_EQ(tumour_codes, static_cast<std::int64_t>(t.size()));
  for (std::size_t i = 0; i < t.size(); ++i) {
    ASSERT_GE(t.voxel[i], 0);
    ASSERT_LT(t.voxel[i], lesion.lattice().size());
    const auto expected = static_cast<std::uint8_t>(
        t.phase[i] == TumorPhase::kCycling     ? VoxelCode::kTumorCycling
        : t.phase[i] == TumorPhase::kQuiescent ? VoxelCode::kTumorQuiescent
                                               : VoxelCode::kTumorHypoxic);
    ASSERT_EQ(codes[t.voxel[i]], expected) << "cell " << t.id[i];
  }
  const LesionReadouts r = lesion.readouts();
  EXPECT_EQ(r.tumor_viable, static_cast<std::int64_t>(t.size()));
  EXPECT_EQ(r.tumor_cycling + r.tumor_quiescent + r.tumor_hypoxic, r.tumor_viable);
  EXPECT_EQ(r.tumor_dead, debris_codes);
}

TEST(Lesion, InitialSphereHoldsOneCellPerVoxelWithinTheRadius) {
  for (const auto& [nz, radius] :
       {std::pair{21, 100.0}, std::pair{21, 150.0}, std::pair{1, 150.0}}) {
    const LesionConfig c = test::lesion_config("test", 21, 21, nz, radius);
    const Lesion lesion(c, 1, 1.0);
    const std::int64_t expected = voxels_in_sphere(lesion.lattice(), radius);
    ASSERT_GT(expected, 0);
    EXPECT_EQ(static_cast<std::int64_t>(lesion.tumor().size()), expected)
        << "nz " << nz << ", radius " << radius;
    expect_consistent(lesion);
    // Ages are spread over the cycle, so the tumour does not divide in synchrony.
    const TumorCells& t = lesion.tumor();
    for (std::size_t i = 0; i < t.size(); ++i) {
      EXPECT_GT(t.cycle_length_h[i], 0.0f);
      EXPECT_GE(t.cycle_age_h[i], 0.0f);
      EXPECT_LT(t.cycle_age_h[i], t.cycle_length_h[i]);
    }
  }
}

TEST(Lesion, ReadoutsGiveTheSphereDiameterAndVolume) {
  const Lesion lesion(test::lesion_config("test", 32, 32, 32, 100.0), 1,
                      1.0);  // 5 voxels: 11 voxels across
  const LesionReadouts r = lesion.readouts();
  EXPECT_NEAR(r.longest_diameter_mm, 0.220, 0.020);
  EXPECT_DOUBLE_EQ(r.viable_diameter_mm, r.longest_diameter_mm);
  EXPECT_NEAR(r.volume_mm3, static_cast<double>(lesion.tumor().size()) * 8000.0 * 1e-9, 1e-12);
  EXPECT_EQ(r.tumor_dead, 0);
  EXPECT_EQ(r.tumor_deaths_total, 0);
  EXPECT_GT(r.oxygen_mean_mmHg, 0.0);
}

TEST(Lesion, SparseInitialFillKeepsTheRequestedShareOfTheSphere) {
  LesionConfig c = test::lesion_config("test", 32, 32, 32, 300.0);
  c.initial_fill_fraction = 0.25;
  const Lesion lesion(c, 3, 1.0);
  const double sphere = static_cast<double>(voxels_in_sphere(lesion.lattice(), 300.0));
  const double n = static_cast<double>(lesion.tumor().size());
  const double sd = std::sqrt(sphere * 0.25 * 0.75);
  EXPECT_NEAR(n, 0.25 * sphere, 5.0 * sd);
  expect_consistent(lesion);
  // The placement is a function of the seed.
  EXPECT_EQ(Lesion(c, 3, 1.0).tumor().voxel, lesion.tumor().voxel);
  EXPECT_NE(Lesion(c, 4, 1.0).tumor().voxel, lesion.tumor().voxel);
}

TEST(Lesion, CellsNeverShareAVoxelAndIdsStayUniqueWhileGrowing) {
  LesionConfig c = test::lesion_config("test", 24, 24, 24, 80.0);
  c.tumor.doubling_time_days = 0.5;  // many divisions in few steps
  c.tumor.doubling_time_cv = 0.3;
  const std::size_t start = Lesion(c, 11, 1.0).tumor().size();
  Lesion lesion(c, 11, 1.0);
  for (int s = 0; s < 48; ++s) {
    lesion.step();
    expect_consistent(lesion);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(lesion.step_count(), 48u);
  EXPECT_GT(lesion.tumor().size(), 2 * start) << "the tumour must have grown";
  // Newborn cells get new ids: every id is below the number of cells ever created.
  const std::uint64_t max_id =
      *std::max_element(lesion.tumor().id.begin(), lesion.tumor().id.end());
  EXPECT_LT(max_id,
            lesion.tumor().size() + static_cast<std::size_t>(lesion.readouts().tumor_deaths_total));
}

TEST(Lesion, CellsWithoutFreeNeighboursBecomeQuiescentAndDoNotDivide) {
  LesionConfig c =
      test::lesion_config("test", 6, 6, 6, 1000.0);  // the sphere covers the whole lattice
  c.oxygen.tumor_uptake_per_min = 0.0;               // well oxygenated: only space limits division
  c.tumor.doubling_time_days = 0.1;  // 2.4 h: every cell completes its cycle in 24 h
  Lesion lesion(c, 2, 1.0);
  ASSERT_EQ(lesion.tumor().size(), 216u);
  for (int s = 0; s < 24; ++s) lesion.step();
  EXPECT_EQ(lesion.tumor().size(), 216u);
  const LesionReadouts r = lesion.readouts();
  EXPECT_EQ(r.tumor_quiescent, 216) << "after a full cycle every cell is contact-inhibited";
  EXPECT_EQ(r.tumor_dead, 0);
  expect_consistent(lesion);
}

TEST(Lesion, AnoxicCellsDieAndTheirDebrisClearsAfterTheClearanceTime) {
  LesionConfig c = test::lesion_config("test", 16, 16, 16, 60.0);
  c.oxygen.blood_mmHg = 0.0;                   // no oxygen anywhere
  c.tumor.anoxic_death_rate_per_day = 2400.0;  // death within the first one-hour step
  c.tumor.debris_clearance_days = 1.0;
  Lesion lesion(c, 5, 1.0);
  const auto initial = static_cast<std::int64_t>(lesion.tumor().size());
  ASSERT_GT(initial, 0);

  lesion.step();  // ends at t = 1 h; debris clears at t = 1 h + 24 h
  EXPECT_EQ(lesion.tumor().size(), 0u);
  LesionReadouts r = lesion.readouts();
  EXPECT_EQ(r.tumor_dead, initial) << "every dead cell leaves debris in its voxel";
  EXPECT_EQ(r.tumor_deaths_total, initial);
  expect_consistent(lesion);

  while (lesion.time_h() < 24.0) lesion.step();  // the last step taken ends at t = 24 h
  EXPECT_EQ(lesion.readouts().tumor_dead, initial) << "debris must stay until t = 25 h";
  lesion.step();  // ends at t = 25 h
  r = lesion.readouts();
  EXPECT_EQ(r.tumor_dead, 0) << "debris must be cleared at t = 25 h";
  EXPECT_EQ(r.tumor_deaths_total, initial) << "the cumulative count must not change";
  const std::vector<std::uint8_t> codes = test::codes_of(lesion);
  EXPECT_TRUE(std::all_of(codes.begin(), codes.end(), [](std::uint8_t x) { return x == 0; }));
}

TEST(LesionPlan, EveryPhaseIsNamedOnceAndDeclaresItsFunctionCadenceReadsAndWrites) {
  const std::span<const LesionPhase> plan = Lesion::plan();
  ASSERT_FALSE(plan.empty());
  std::set<std::string_view> names;
  for (const LesionPhase& p : plan) {
    EXPECT_FALSE(p.name.empty());
    EXPECT_TRUE(names.insert(p.name).second) << "phase '" << p.name << "' appears twice";
    EXPECT_NE(p.run, nullptr) << p.name;
    EXPECT_FALSE(p.reads.empty()) << p.name;
    EXPECT_FALSE(p.writes.empty()) << p.name;
    EXPECT_EQ(p.runs_when == nullptr, p.cadence == "every step")
        << p.name << ": the cadence in words must match its condition";
  }
}

// The step skips a phase whose condition is false; that must be exactly what running it would
// have done: nothing (checked on every part a skipped phase could write, scratch included,
// since scratch is checkpointed).
TEST(LesionPlan, PhasesSkippedByTheirCadenceWouldHaveChangedNothing) {
  LesionState s(test::cube_lesion("test", 12, 50.0), 11, 1.0);
  seed_initial_tumor(s);
  solve_oxygen(s, 0.0);
  ASSERT_GT(s.tumor.size(), 0u);
  int gated = 0;
  for (const LesionPhase& p : Lesion::plan()) {
    if (p.runs_when == nullptr) continue;
    ++gated;
    ASSERT_FALSE(phase_runs(p, s)) << p.name << " must not run without T cells or therapy";
    const LesionState before = s;
    p.run(s, 1.0);
    EXPECT_EQ(s.tumor.id, before.tumor.id) << p.name;
    EXPECT_EQ(s.tumor.voxel, before.tumor.voxel) << p.name;
    EXPECT_EQ(s.tumor_at, before.tumor_at) << p.name;
    EXPECT_EQ(s.debris_clear_h, before.debris_clear_h) << p.name;
    EXPECT_EQ(s.perfusion, before.perfusion) << p.name;
    EXPECT_EQ(s.tcells.id, before.tcells.id) << p.name;
    EXPECT_EQ(s.tcell_count, before.tcell_count) << p.name;
    EXPECT_EQ(s.next_tcell_id, before.next_tcell_id) << p.name;
    EXPECT_EQ(s.deaths_total, before.deaths_total) << p.name;
    EXPECT_EQ(s.outputs.unplaced_tcells, before.outputs.unplaced_tcells) << p.name;
    EXPECT_EQ(s.entry_cdf, before.entry_cdf) << p.name;
    EXPECT_EQ(s.moves.size(), before.moves.size()) << p.name;
    EXPECT_EQ(s.act_intents.size(), before.act_intents.size()) << p.name;
    EXPECT_EQ(s.kills.size(), before.kills.size()) << p.name;
    EXPECT_EQ(s.dead_flags, before.dead_flags) << p.name;
    EXPECT_EQ(s.kill_targets, before.kill_targets) << p.name;
    EXPECT_EQ(s.indices, before.indices) << p.name;
    const auto ifng = s.fields.ifng(), ifng_before = before.fields.ifng();
    EXPECT_TRUE(std::equal(ifng.begin(), ifng.end(), ifng_before.begin(), ifng_before.end()))
        << p.name;
  }
  EXPECT_GT(gated, 0) << "the plan has no condition-gated phase left to check";

  // Control: once T cells arrive, entry runs and places them.
  s.inputs.arriving_tcells.assign(static_cast<std::size_t>(s.config.immune.antigens.count), 0);
  ASSERT_FALSE(s.inputs.arriving_tcells.empty());
  s.inputs.arriving_tcells[0] = 3;
  for (const LesionPhase& p : Lesion::plan())
    if (p.name == "tcell.enter") {
      ASSERT_TRUE(phase_runs(p, s));
      p.run(s, 1.0);
    }
  EXPECT_EQ(s.tcells.size() + static_cast<std::size_t>(s.outputs.unplaced_tcells[0]), 3u);
  for (const LesionPhase& p : Lesion::plan())
    if (p.name == "tcell.move" || p.name == "tcell.act" || p.name == "tcell.age")
      EXPECT_EQ(phase_runs(p, s), s.tcells.size() != 0) << p.name;
}

}  // namespace
}  // namespace isv::agents
