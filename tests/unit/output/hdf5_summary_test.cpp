// /summary of the run file: a short run writes the documented datasets, consistent with its
// time series; an interrupted run writes none.
#include "output/hdf5_summary.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "output/hdf5_writer.hpp"
#include "output/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "tests/support/hdf5_read.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;

// Two days sampled every 12 h; assessments every day (so two after baseline); report days 1
// and 10 (the second after the run's end). "distant" is a non-target lesion.
constexpr const char* kToml = R"(
[run]
duration_days = 2.0
seed = 3
step_h = 2.0

[output]
sample_every_h = 12.0
snapshot_every_h = 0.0

[response]
assessment_every_days = 1.0
report_days = [1.0, 10.0]

[lesions.primary.lattice]
nx = 16
ny = 16
nz = 16

[lesions.distant]
target = false

[lesions.distant.lattice]
nx = 12
ny = 12
nz = 12

[lesions.distant.tumor]
initial_radius_um = 60.0
)";

using test::h5::Id;
using test::h5::read;
using test::h5::shape;

bool has(hid_t file, const std::string& name) { return test::h5::exists(file, name); }

class Hdf5SummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    dir_ = fs::temp_directory_path() / ("isvsim_summary_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  scenarios::Scenario scenario_ = scenarios::parse_scenario(kToml, "summary.toml");
};

TEST_F(Hdf5SummaryTest, CompletedRunWritesSummary) {
  const fs::path out = dir_ / "run.h5";
  scenarios::Simulation sim(scenario_);
  RunSummary text;
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer, &text};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  const Id file = test::h5::open_read(out);
  ASSERT_GE(file.get(), 0);
  const hid_t f = file.get();

  // Patient scalars.
  for (const char* c : {"recist_", "mrecist_"}) {
    const std::string base = std::string("/summary/patient/") + c;
    for (const char* name : {"best_overall_response", "time_to_progression_days",
                             "progression_censored", "baseline_sum_mm"})
      EXPECT_TRUE(has(f, base + name)) << base + name;
    const auto best = read<std::int8_t>(f, base + "best_overall_response", H5T_NATIVE_INT8);
    ASSERT_EQ(best.size(), 1u);
    EXPECT_GE(best[0], 0);
    EXPECT_LE(best[0], 4);
  }
  // Assessments at days 1 and 2.
  EXPECT_EQ(read<double>(f, "/summary/assessments/day", H5T_NATIVE_DOUBLE),
            (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(shape(f, "/summary/assessments/recist_category"), std::vector<hsize_t>{2});
  EXPECT_EQ(shape(f, "/summary/assessments/mrecist_sum_mm"), std::vector<hsize_t>{2});

  // Lesions in name order: distant (non-target), primary (target).
  EXPECT_EQ(read<std::int8_t>(f, "/summary/lesions/target", H5T_NATIVE_INT8),
            (std::vector<std::int8_t>{0, 1}));
  EXPECT_EQ(read<std::int8_t>(f, "/summary/lesions/treated", H5T_NATIVE_INT8),
            (std::vector<std::int8_t>{0, 0}));
  const auto abscopal = read<std::int8_t>(f, "/summary/lesions/abscopal_response", H5T_NATIVE_INT8);
  ASSERT_EQ(abscopal.size(), 2u);
  for (const std::int8_t a : abscopal) EXPECT_TRUE(a == 0 || a == 1);  // untreated lesions
  EXPECT_EQ(shape(f, "/summary/lesions/name"), std::vector<hsize_t>{2});

  // Baseline and final diameters match the first and last samples of the time series, and the
  // target sum at baseline is the primary lesion alone.
  const std::vector<std::string> names{"distant", "primary"};
  const auto baseline = read<double>(f, "/summary/lesions/baseline_diameter_mm", H5T_NATIVE_DOUBLE);
  const auto final_mm = read<double>(f, "/summary/lesions/final_diameter_mm", H5T_NATIVE_DOUBLE);
  for (std::size_t l = 0; l < names.size(); ++l) {
    const auto series =
        read<double>(f, "/timeseries/" + names[l] + "/longest_diameter_mm", H5T_NATIVE_DOUBLE);
    EXPECT_EQ(baseline[l], series.front()) << names[l];
    EXPECT_EQ(final_mm[l], series.back()) << names[l];
  }
  EXPECT_EQ(read<double>(f, "/summary/patient/recist_baseline_sum_mm", H5T_NATIVE_DOUBLE),
            std::vector<double>{baseline[1]});

  // Report days 1 (reached) and 10 (after the end: NaN), per lesion.
  EXPECT_EQ(shape(f, "/summary/report/change_percent"), (std::vector<hsize_t>{2, 2}));
  const auto change = read<double>(f, "/summary/report/change_percent", H5T_NATIVE_DOUBLE);
  EXPECT_FALSE(std::isnan(change[0]));
  EXPECT_TRUE(std::isnan(change[1]));

  // The printed summary carries the same best response.
  EXPECT_NE(text.text(sim).find("best response  RECIST"), std::string::npos);
}

TEST_F(Hdf5SummaryTest, RunShorterThanOneAssessmentHasEmptyTables) {
  const std::string overrides[] = {"response.assessment_every_days=56", "response.report_days=[]"};
  const scenarios::Scenario sc = scenarios::parse_scenario(kToml, "summary.toml", overrides);
  const fs::path out = dir_ / "short.h5";
  scenarios::Simulation sim(sc);
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  const Id file = test::h5::open_read(out);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(shape(file.get(), "/summary/assessments/day"), std::vector<hsize_t>{0});
  EXPECT_EQ(shape(file.get(), "/summary/report/change_percent"), (std::vector<hsize_t>{2, 0}));
  // Two days are too short for SD (42 days): not evaluable, censored at day 0.
  EXPECT_EQ(read<std::int8_t>(file.get(), "/summary/patient/recist_best_overall_response",
                              H5T_NATIVE_INT8),
            std::vector<std::int8_t>{0});
  EXPECT_EQ(read<std::int8_t>(file.get(), "/summary/patient/recist_progression_censored",
                              H5T_NATIVE_INT8),
            std::vector<std::int8_t>{1});
}

// A complete RFA of the primary lesion half a day in: the debris keeps the lesion's extent
// (RECIST diameter unchanged -> SD) while no viable tumour is left (mRECIST CR). Assessed
// daily, confirmed one day later, SD established from day 1.
TEST_F(Hdf5SummaryTest, CompleteAblationIsMrecistCompleteResponseButRecistStableDisease) {
  const std::string extra = R"(
[[treatment]]
day = 0.5
lesion = "primary"
modality = "rfa"
radius_mm = 0.3
)";
  const std::string overrides[] = {"response.confirmation_days=1", "response.sd_min_days=1"};
  const scenarios::Scenario sc =
      scenarios::parse_scenario(std::string(kToml) + extra, "ablation.toml", overrides);
  const fs::path out = dir_ / "rfa.h5";
  scenarios::Simulation sim(sc);
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  const Id file = test::h5::open_read(out);
  ASSERT_GE(file.get(), 0);
  const hid_t f = file.get();
  // Lesions in name order: distant (untreated), primary (treated).
  EXPECT_EQ(read<std::int8_t>(f, "/summary/lesions/treated", H5T_NATIVE_INT8),
            (std::vector<std::int8_t>{0, 1}));
  EXPECT_EQ(read<std::int8_t>(f, "/summary/lesions/abscopal_response", H5T_NATIVE_INT8)[1],
            -1);  // not applicable to the treated lesion
  const auto viable_final =
      read<double>(f, "/summary/lesions/viable_final_diameter_mm", H5T_NATIVE_DOUBLE);
  const auto change = read<double>(f, "/summary/lesions/final_change_percent", H5T_NATIVE_DOUBLE);
  EXPECT_EQ(viable_final[1], 0.0);
  EXPECT_GT(change[1], -30.0);  // debris in place: the RECIST diameter has not shrunk to PR
  // Only "primary" is a target: RECIST SD at days 1 and 2, mRECIST CR at both.
  EXPECT_EQ(read<std::int8_t>(f, "/summary/assessments/recist_category", H5T_NATIVE_INT8),
            (std::vector<std::int8_t>{3, 3}));
  EXPECT_EQ(read<std::int8_t>(f, "/summary/assessments/mrecist_category", H5T_NATIVE_INT8),
            (std::vector<std::int8_t>{1, 1}));
  EXPECT_EQ(read<std::int8_t>(f, "/summary/patient/recist_best_overall_response", H5T_NATIVE_INT8),
            std::vector<std::int8_t>{3});
  EXPECT_EQ(read<std::int8_t>(f, "/summary/patient/mrecist_best_overall_response", H5T_NATIVE_INT8),
            std::vector<std::int8_t>{1});
}

TEST_F(Hdf5SummaryTest, InterruptedRunHasNoSummary) {
  const fs::path out = dir_ / "cut.h5";
  scenarios::Simulation sim(scenario_);
  std::atomic<bool> stop{true};
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers, &stop), scenarios::RunOutcome::kInterrupted);
  }
  const fs::path part = dir_ / "cut.h5.part";
  ASSERT_TRUE(fs::exists(part));
  const Id file = test::h5::open_read(part);
  ASSERT_GE(file.get(), 0);
  EXPECT_FALSE(has(file.get(), "/summary"));
}

}  // namespace
}  // namespace isv::output
