// A lesion whose tumour meets its lattice's outer voxel layer is never silent: the run warns
// once on the log naming the lesion and the day, the text summary says so, and /summary
// records it per lesion and per patient; a contained lesion gets none of it. The record
// survives a checkpoint, a run resumed before the contact finds it at the same time, and the
// time is the same at 1 and 2 threads.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "model/checkpoint_io.hpp"
#include "output/hdf5_writer.hpp"
#include "output/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "tests/support/hdf5_read.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;

// "edge": a fast tumour in a 10^3 box (200 um) meets the edge within two days. "inside": a
// slow one in a 24^3 box (480 um) stays well inside.
constexpr const char* kRun = R"(
[run]
duration_days = 2.0
seed = 9
step_h = 2.0

[output]
sample_every_h = 12.0
snapshot_every_h = 0.0
)";
constexpr const char* kEdge = R"(
[lesions.edge.lattice]
nx = 10
ny = 10
nz = 10

[lesions.edge.tumor]
initial_radius_um = 50.0
doubling_time_days = 0.5
)";
constexpr const char* kInside = R"(
[lesions.inside.lattice]
nx = 24
ny = 24
nz = 24

[lesions.inside.tumor]
initial_radius_um = 40.0
)";

// Everything written to a temporary log.
class Log {
 public:
  Log() : file_(std::tmpfile()) {}
  ~Log() { std::fclose(file_); }
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;
  std::FILE* get() const { return file_; }
  std::string text() const {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    for (int c = std::fgetc(file_); c != EOF; c = std::fgetc(file_)) out += static_cast<char>(c);
    return out;
  }

 private:
  std::FILE* file_;
};

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string day_text(double hours) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "day %.2f", hours / 24.0);
  return buf;
}

class BoundarySummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    dir_ = fs::temp_directory_path() / ("isvsim_boundary_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(BoundarySummaryTest, LesionMeetingItsBoundaryIsWarnedAndRecorded) {
  const scenarios::Scenario sc =
      scenarios::parse_scenario(std::string(kRun) + kEdge + kInside, "boundary.toml");
  const fs::path out = dir_ / "run.h5";
  scenarios::Simulation sim(sc);
  Log log;
  RunSummary summary(log.get());
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer, &summary};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  // Lesions in name order: edge, inside.
  ASSERT_EQ(sim.lesions()[0].name(), "edge");
  const double reached_h = sim.boundary_reached_h()[0];
  ASSERT_FALSE(std::isnan(reached_h)) << "the edge lesion never met its boundary";
  EXPECT_GT(reached_h, 0.0);
  EXPECT_TRUE(std::isnan(sim.boundary_reached_h()[1]));

  // One warning, naming the lesion and the day; none for the contained lesion.
  const std::string text = log.text();
  EXPECT_EQ(count_of(text, "warning"), 1) << text;
  EXPECT_NE(text.find("lesion 'edge'"), std::string::npos) << text;
  EXPECT_NE(text.find(day_text(reached_h)), std::string::npos) << text;
  EXPECT_EQ(text.find("inside"), std::string::npos) << text;
  const std::string printed = summary.text(sim);
  EXPECT_EQ(count_of(printed, "REACHED on " + day_text(reached_h)), 1) << printed;
  EXPECT_EQ(count_of(printed, "lattice boundary      not reached"), 1) << printed;

  const test::h5::Id file = test::h5::open_read(out);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(
      test::h5::read<std::int8_t>(file.get(), "/summary/lesions/reached_boundary", H5T_NATIVE_INT8),
      (std::vector<std::int8_t>{1, 0}));
  const auto day =
      test::h5::read<double>(file.get(), "/summary/lesions/boundary_day", H5T_NATIVE_DOUBLE);
  ASSERT_EQ(day.size(), 2u);
  EXPECT_DOUBLE_EQ(day[0], reached_h / 24.0);
  EXPECT_TRUE(std::isnan(day[1]));
  EXPECT_EQ(
      test::h5::read<std::int8_t>(file.get(), "/summary/patient/reached_boundary", H5T_NATIVE_INT8),
      std::vector<std::int8_t>{1});

  // The recorded time is the first contact: the state after the step before it was inside.
  scenarios::Simulation again(sc);
  while (again.time_h() < reached_h - 1e-9) {
    EXPECT_FALSE(again.lesions()[0].agent()->tumor_on_boundary()) << "at " << again.time_h();
    again.advance();
  }
  EXPECT_TRUE(again.lesions()[0].agent()->tumor_on_boundary());
  EXPECT_EQ(again.boundary_reached_h()[0], reached_h);
}

TEST_F(BoundarySummaryTest, ContainedLesionGetsNoWarningAndNoFlag) {
  const scenarios::Scenario sc =
      scenarios::parse_scenario(std::string(kRun) + kInside, "inside.toml");
  const fs::path out = dir_ / "inside.h5";
  scenarios::Simulation sim(sc);
  Log log;
  RunSummary summary(log.get());
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer, &summary};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  EXPECT_EQ(log.text(), "");
  EXPECT_NE(summary.text(sim).find("lattice boundary      not reached"), std::string::npos);
  const test::h5::Id file = test::h5::open_read(out);
  EXPECT_EQ(
      test::h5::read<std::int8_t>(file.get(), "/summary/lesions/reached_boundary", H5T_NATIVE_INT8),
      std::vector<std::int8_t>{0});
  EXPECT_EQ(
      test::h5::read<std::int8_t>(file.get(), "/summary/patient/reached_boundary", H5T_NATIVE_INT8),
      std::vector<std::int8_t>{0});
}

// The contact time is a function of the state alone: the same bits at 1 and 2 threads.
TEST_F(BoundarySummaryTest, ContactTimeIsTheSameAtOneAndTwoThreads) {
  const scenarios::Scenario sc =
      scenarios::parse_scenario(std::string(kRun) + kEdge + kInside, "boundary.toml");
  std::vector<double> reached_h;
  for (const int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    scenarios::Simulation sim(sc);
    while (!sim.finished()) sim.advance();
    reached_h.push_back(sim.boundary_reached_h()[0]);
  }
  ASSERT_FALSE(std::isnan(reached_h[0]));
  EXPECT_EQ(reached_h[0], reached_h[1]);
}

// Saves `sim` and loads it into a simulation of the same scenario.
void restore_into(const scenarios::Simulation& sim, scenarios::Simulation& into) {
  model::CheckpointWriter w;
  sim.save(w);
  model::CheckpointReader r(w.payload(), "memory");
  into.load(r);
}

TEST_F(BoundarySummaryTest, ContactSurvivesACheckpoint) {
  const scenarios::Scenario sc =
      scenarios::parse_scenario(std::string(kRun) + kEdge + kInside, "boundary.toml");
  scenarios::Simulation whole(sc);
  while (!whole.finished()) whole.advance();
  const double reached_h = whole.boundary_reached_h()[0];
  ASSERT_FALSE(std::isnan(reached_h));
  const auto contact_step = static_cast<std::int64_t>(std::llround(reached_h / sc.run.step_h));

  // Checkpointed after the contact: the resumed run keeps the time and warns again, saying so.
  {
    scenarios::Simulation first(sc);
    while (first.step() < contact_step + 2) first.advance();
    scenarios::Simulation resumed(sc);
    restore_into(first, resumed);
    EXPECT_EQ(resumed.boundary_reached_h()[0], reached_h);
    Log log;
    RunSummary summary(log.get());
    scenarios::Observer* observers[] = {&summary};
    resumed.run(observers);
    const std::string text = log.text();
    EXPECT_EQ(count_of(text, "warning"), 1) << text;
    EXPECT_NE(text.find("before the checkpoint"), std::string::npos) << text;
    EXPECT_NE(text.find(day_text(reached_h)), std::string::npos) << text;
  }
  // Checkpointed before it: the resumed run finds it at the same step, bit for bit.
  {
    scenarios::Simulation first(sc);
    while (first.step() < contact_step - 1) first.advance();
    scenarios::Simulation resumed(sc);
    restore_into(first, resumed);
    EXPECT_TRUE(std::isnan(resumed.boundary_reached_h()[0]));
    while (!resumed.finished()) resumed.advance();
    EXPECT_EQ(resumed.boundary_reached_h()[0], reached_h);
    EXPECT_TRUE(std::isnan(resumed.boundary_reached_h()[1]));
  }
}

}  // namespace
}  // namespace isv::output
