// A run is a pure function of (scenario, seed): the same bits at 1 and 2 threads and on repeat,
// and a different seed gives a different run (DESIGN.md §2).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

// Everything a lesion's future depends on, plus what a user reads out.
struct LesionState {
  std::vector<std::uint64_t> ids;
  std::vector<std::int32_t> voxels;
  std::vector<float> cycle_age_h;
  std::vector<float> cycle_length_h;
  std::vector<agents::TumorPhase> phases;
  std::vector<float> oxygen;
  std::vector<float> perfusion;
  std::vector<std::uint8_t> codes;
  agents::LesionReadouts readouts;
  std::int64_t oxygen_sweeps = 0;
};

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

bool same_readouts(const agents::LesionReadouts& a, const agents::LesionReadouts& b) {
  return a.tumor_viable == b.tumor_viable && a.tumor_cycling == b.tumor_cycling &&
         a.tumor_quiescent == b.tumor_quiescent && a.tumor_hypoxic == b.tumor_hypoxic &&
         a.tumor_dead == b.tumor_dead && a.tumor_deaths_total == b.tumor_deaths_total &&
         std::memcmp(&a.volume_mm3, &b.volume_mm3, sizeof(double)) == 0 &&
         std::memcmp(&a.longest_diameter_mm, &b.longest_diameter_mm, sizeof(double)) == 0 &&
         std::memcmp(&a.viable_diameter_mm, &b.viable_diameter_mm, sizeof(double)) == 0 &&
         std::memcmp(&a.oxygen_mean_mmHg, &b.oxygen_mean_mmHg, sizeof(double)) == 0;
}

void expect_identical(const LesionState& a, const LesionState& b, const std::string& what) {
  EXPECT_TRUE(same_bits(a.ids, b.ids)) << what << ": cell ids differ";
  EXPECT_TRUE(same_bits(a.voxels, b.voxels)) << what << ": cell voxels differ";
  EXPECT_TRUE(same_bits(a.cycle_age_h, b.cycle_age_h)) << what << ": cycle ages differ";
  EXPECT_TRUE(same_bits(a.cycle_length_h, b.cycle_length_h)) << what << ": cycle lengths differ";
  EXPECT_TRUE(same_bits(a.phases, b.phases)) << what << ": phases differ";
  EXPECT_TRUE(same_bits(a.oxygen, b.oxygen)) << what << ": oxygen field bits differ";
  EXPECT_TRUE(same_bits(a.perfusion, b.perfusion)) << what << ": perfusion bits differ";
  EXPECT_TRUE(same_bits(a.codes, b.codes)) << what << ": cell_state codes differ";
  EXPECT_TRUE(same_readouts(a.readouts, b.readouts)) << what << ": read-outs differ";
  EXPECT_EQ(a.oxygen_sweeps, b.oxygen_sweeps) << what << ": oxygen solver work differs";
}

LesionState capture(const agents::Lesion& lesion) {
  LesionState s;
  const agents::TumorCells& t = lesion.tumor();
  s.ids = t.id;
  s.voxels = t.voxel;
  s.cycle_age_h = t.cycle_age_h;
  s.cycle_length_h = t.cycle_length_h;
  s.phases = t.phase;
  s.oxygen.assign(lesion.oxygen_mmHg().begin(), lesion.oxygen_mmHg().end());
  s.perfusion.assign(lesion.perfusion().begin(), lesion.perfusion().end());
  s.codes.resize(static_cast<std::size_t>(lesion.lattice().size()));
  lesion.cell_state_codes(s.codes);
  s.readouts = lesion.readouts();
  s.oxygen_sweeps = lesion.last_oxygen_solve().sweeps;
  return s;
}

// Runs the scenario to its end with at most `threads` worker threads; returns the final state
// of every lesion and the state of the first one at mid-run.
std::vector<LesionState> run(const Scenario& sc, int threads) {
  oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
  Simulation sim(sc);
  std::vector<LesionState> out;
  while (!sim.finished()) {
    sim.advance();
    if (sim.step() == sim.total_steps() / 2) out.push_back(capture(*sim.lesions().front().agent()));
  }
  for (const auto& lesion : sim.lesions()) out.push_back(capture(*lesion.agent()));
  return out;
}

// 32³ voxels, 5 days: a 200 um tumour (about 4200 cells, more than one parallel grain) with
// strong oxygen uptake, so it grows at the rim, turns hypoxic, dies in the core and leaves
// debris that clears again. A second, sparse
// 2-D lesion exercises the 2-D paths.
constexpr const char* kScenario = R"(
[run]
duration_days = 5.0
seed = 42
step_h = 1.0

[lesions.a3d.lattice]
nx = 32
ny = 32
nz = 32

[lesions.a3d.tumor]
initial_radius_um = 200.0
doubling_time_days = 1.0
anoxic_death_rate_per_day = 8.0
debris_clearance_days = 2.0

[lesions.a3d.oxygen]
tumor_uptake_per_min = 40.0

[lesions.b2d]
initial_fill_fraction = 0.3

[lesions.b2d.lattice]
nx = 96
ny = 80
nz = 1

[lesions.b2d.tumor]
initial_radius_um = 500.0
doubling_time_days = 0.75
)";

// ctest runs every test in its own process, so each test computes the runs it compares.
class Determinism : public ::testing::Test {
 protected:
  void SetUp() override { scenario_ = parse_scenario(kScenario, "determinism.toml"); }
  Scenario scenario_;
};

TEST_F(Determinism, ScenarioExercisesGrowthDeathAndDebris) {
  const std::vector<LesionState> s = run(scenario_, 1);
  const LesionState& last = s[1];
  EXPECT_GT(last.readouts.tumor_deaths_total, 0);
  EXPECT_GT(last.readouts.tumor_dead, 0);
  EXPECT_LT(last.readouts.tumor_dead, last.readouts.tumor_deaths_total) << "some debris cleared";
  EXPECT_GT(last.readouts.tumor_hypoxic, 0);
  EXPECT_GT(last.readouts.tumor_viable, 4096) << "decide must span more than one parallel grain";
  const LesionState& plane = s[2];
  EXPECT_GT(plane.readouts.tumor_viable, 0);
}

TEST_F(Determinism, SameBitsAtOneAndTwoThreads) {
  const std::vector<LesionState> one = run(scenario_, 1);
  const std::vector<LesionState> two = run(scenario_, 2);
  ASSERT_EQ(one.size(), 3u);
  ASSERT_EQ(two.size(), one.size());
  expect_identical(one[0], two[0], "3-D lesion at mid-run");
  expect_identical(one[1], two[1], "3-D lesion at the end");
  expect_identical(one[2], two[2], "2-D lesion at the end");
}

TEST_F(Determinism, SameSeedTwiceGivesTheSameRun) {
  const std::vector<LesionState> first = run(scenario_, 2);
  const std::vector<LesionState> again = run(scenario_, 2);
  ASSERT_EQ(again.size(), first.size());
  for (std::size_t i = 0; i < again.size(); ++i)
    expect_identical(first[i], again[i], "repeat " + std::to_string(i));
}

TEST_F(Determinism, DifferentSeedGivesADifferentRun) {
  const Scenario other =
      parse_scenario(kScenario, "determinism.toml", std::vector<std::string>{"run.seed=43"});
  const std::vector<LesionState> a = run(scenario_, 2);
  const std::vector<LesionState> b = run(other, 2);
  ASSERT_EQ(b.size(), a.size());
  EXPECT_FALSE(same_bits(a[1].voxels, b[1].voxels));
  EXPECT_FALSE(same_bits(a[1].cycle_length_h, b[1].cycle_length_h));
  EXPECT_FALSE(same_bits(a[1].oxygen, b[1].oxygen));
  EXPECT_FALSE(same_bits(a[2].voxels, b[2].voxels));
}

}  // namespace
}  // namespace isv::scenarios
