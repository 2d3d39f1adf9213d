// Simulation: the step loop's clock and what observers are told, when, and how a run stops.
#include "scenarios/simulation.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "scenarios/scenario_loader.hpp"

namespace isv::scenarios {
namespace {

class Recorder : public Observer {
 public:
  void on_start(const Simulation& sim) override { starts.push_back(sim.time_h()); }
  void on_sample(const Simulation& sim) override { samples.push_back(sim.time_h()); }
  void on_snapshot(const Simulation& sim) override { snapshots.push_back(sim.time_h()); }
  void on_step(const Simulation& sim) override {
    ++steps;
    if (stop_after_steps > 0 && sim.step() == stop_after_steps) stop.store(true);
  }
  void on_finish(const Simulation& sim, RunOutcome outcome) override {
    finishes.push_back(sim.time_h());
    last_outcome = outcome;
  }
  std::vector<double> starts, samples, snapshots, finishes;
  int steps = 0;
  std::int64_t stop_after_steps = 0;
  std::atomic<bool> stop{false};
  RunOutcome last_outcome = RunOutcome::kCompleted;
};

Scenario tiny(double duration_days, double step_h, double sample_every_h, double snapshot_every_h) {
  const std::string text = "[run]\nduration_days = " + std::to_string(duration_days) +
                           "\nstep_h = " + std::to_string(step_h) +
                           "\n[output]\nsample_every_h = " + std::to_string(sample_every_h) +
                           "\nsnapshot_every_h = " + std::to_string(snapshot_every_h) +
                           "\n[lesions.p.lattice]\nnx = 8\nny = 8\nnz = 8\n"
                           "[lesions.p.tumor]\ninitial_radius_um = 30.0\n";
  return parse_scenario(text, "tiny.toml");
}

TEST(Simulation, ObserversSeeStartStepsSamplesSnapshotsAndFinish) {
  const Scenario sc = tiny(1.0, 1.0, 6.0, 12.0);
  Simulation sim(sc);
  EXPECT_EQ(sim.total_steps(), 24);
  Recorder rec;
  Observer* observers[] = {&rec};
  EXPECT_EQ(sim.run(observers), RunOutcome::kCompleted);
  EXPECT_TRUE(sim.finished());
  EXPECT_EQ(sim.step(), 24);
  EXPECT_DOUBLE_EQ(sim.time_h(), 24.0);
  EXPECT_EQ(rec.starts, std::vector<double>{0.0});
  EXPECT_EQ(rec.steps, 24);
  EXPECT_EQ(rec.samples, (std::vector<double>{0.0, 6.0, 12.0, 18.0, 24.0}));
  EXPECT_EQ(rec.snapshots, (std::vector<double>{0.0, 12.0, 24.0}));
  EXPECT_EQ(rec.finishes, std::vector<double>{24.0});
  EXPECT_EQ(rec.last_outcome, RunOutcome::kCompleted);
  EXPECT_EQ(sim.lesions().front().step_count(), 24u) << "every lesion advanced every step";
}

TEST(Simulation, ZeroSnapshotCadenceDisablesSnapshots) {
  const Scenario sc = tiny(0.5, 1.0, 6.0, 0.0);
  Simulation sim(sc);
  Recorder rec;
  Observer* observers[] = {&rec};
  sim.run(observers);
  EXPECT_TRUE(rec.snapshots.empty());
  EXPECT_EQ(rec.samples.size(), 3u);  // 0, 6, 12 h
}

TEST(Simulation, FinalStateIsSampledEvenOffCadence) {
  const Scenario sc = tiny(0.5, 1.0, 5.0, 0.0);  // 12 h, samples every 5 h
  Simulation sim(sc);
  Recorder rec;
  Observer* observers[] = {&rec};
  sim.run(observers);
  EXPECT_EQ(rec.samples, (std::vector<double>{0.0, 5.0, 10.0, 12.0}));
}

// A cadence that is not a multiple of the step is sampled at the step nearest each multiple
// (either neighbour for an exact tie), so a 2.5 h cadence with 1 h steps gives a sample near
// 2.5 h and near 7.5 h, not one every 5 h.
TEST(Simulation, CadenceBetweenStepsStillSamplesOncePerInterval) {
  const Scenario sc = tiny(10.0 / 24.0, 1.0, 2.5, 0.0);  // 10 h
  Simulation sim(sc);
  Recorder rec;
  Observer* observers[] = {&rec};
  sim.run(observers);
  EXPECT_EQ(rec.samples.size(), 5u) << "expected samples near 0, 2.5, 5, 7.5 and 10 h";
}

TEST(Simulation, StopRequestEndsTheRunAfterTheCurrentStep) {
  const Scenario sc = tiny(1.0, 1.0, 6.0, 0.0);
  Simulation sim(sc);
  Recorder rec;
  rec.stop_after_steps = 5;
  Observer* observers[] = {&rec};
  EXPECT_EQ(sim.run(observers, &rec.stop), RunOutcome::kInterrupted);
  EXPECT_EQ(sim.step(), 5);
  EXPECT_FALSE(sim.finished());
  EXPECT_EQ(rec.finishes, std::vector<double>{5.0});
  EXPECT_EQ(rec.last_outcome, RunOutcome::kInterrupted);
}

// A patient may mix lesion kinds: both step every step, both report read-outs, and only the
// agent lesion has a lattice.
TEST(Simulation, AgentAndMeanFieldLesionsRunSideBySide) {
  const Scenario sc = parse_scenario(
      "[run]\nduration_days = 2.0\n"
      "[lesions.a.lattice]\nnx = 12\nny = 12\nnz = 12\n"
      "[lesions.a.tumor]\ninitial_radius_um = 60.0\n"
      "[lesions.m]\nkind = \"mean_field\"\n"
      "[lesions.m.lattice]\nnx = 12\nny = 12\nnz = 12\n"
      "[lesions.m.tumor]\ninitial_radius_um = 60.0\n",
      "mixed.toml");
  Simulation sim(sc);
  ASSERT_EQ(sim.lesions().size(), 2u);
  EXPECT_EQ(sim.lesions()[0].kind(), LesionKind::kAgents);
  EXPECT_NE(sim.lesions()[0].agent(), nullptr);
  EXPECT_EQ(sim.lesions()[1].kind(), LesionKind::kMeanField);
  EXPECT_EQ(sim.lesions()[1].agent(), nullptr);
  ASSERT_NE(sim.lesions()[1].mean_field(), nullptr);
  const std::int64_t start_viable = sim.lesions()[1].readouts().tumor_viable;
  EXPECT_GT(start_viable, 0);
  sim.run({});
  for (const PatientLesion& lesion : sim.lesions())
    EXPECT_EQ(lesion.step_count(), static_cast<std::uint64_t>(sim.total_steps())) << lesion.name();
  EXPECT_GT(sim.lesions()[1].readouts().tumor_viable, start_viable) << "untreated lesion grows";
}

TEST(Simulation, UnknownLesionKindIsAScenarioError) {
  try {
    parse_scenario("[lesions.m]\nkind = \"voxels\"\n", "bad.toml");
    FAIL() << "expected a ConfigError";
  } catch (const model::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.toml:2"), std::string::npos) << what;
    EXPECT_NE(what.find("lesions.m.kind"), std::string::npos) << what;
    EXPECT_NE(what.find("mean_field"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace isv::scenarios
