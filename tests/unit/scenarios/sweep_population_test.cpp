// Sweeps drawing their patients from a population file ([population], docs/sweeps.md): parsing,
// the expansion of each row into overrides of every arm, weighted resampling, the errors that
// name the file and line, and arms with their own seed.
#include "scenarios/sweep_population.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "scenarios/sweep_plan.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::scenarios {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBase = R"(
[run]
duration_days = 1
[output]
snapshot_every_h = 0
[lesions.primary.lattice]
nx = 12
ny = 12
nz = 12
[lesions.primary.tumor]
initial_radius_um = 60.0
[[dose]]
drug = "nivolumab"
start_day = 0
count = 1
dose_mg = 240
)";

// Header (4 lines) then rows from line 5: radius in mm and a doubling time under its key.
constexpr const char* kPopulation =
    "# isvsim virtual population\n# isvsim_version: 0.1.0\n# generator: test\n"
    "radius_mm,lesions.primary.tumor.doubling_time_days,weight\n"
    "0.05,1.25,1\n0.07,2.5,1\n0.04,1.75,1\n0.06,3,1\n";

constexpr const char* kMapRadius =
    "[population.columns]\n"
    "radius_mm = { key = \"lesions.primary.tumor.initial_radius_um\", scale = 1000.0 }\n";

class SweepPopulationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("isv_sweep_population_test_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "base.toml") << kBase;
    write("pop.csv", kPopulation);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }
  SweepSpec spec(const std::string& body) const {
    return parse_sweep("[sweep]\nbase = \"base.toml\"\nseed = 3\n" + body, dir_ / "sweep.toml");
  }
  // The ConfigError message of parsing and planning `body`, "" if it plans.
  std::string plan_error(const std::string& body) const {
    try {
      plan_sweep(spec(body));
    } catch (const model::ConfigError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(SweepPopulationTest, ParsesFilePatientsAndColumnMaps) {
  const SweepSpec s = spec(
      "[population]\nfile = \"pop.csv\"\npatients = 2\n[population.columns]\n"
      "radius_mm = { key = \"lesions.primary.tumor.initial_radius_um\", scale = 1000.0 }\n"
      "other = \"run.duration_days\"\n");
  ASSERT_TRUE(s.has_population);
  EXPECT_EQ(s.population.file, dir_ / "pop.csv");  // relative to the sweep file
  EXPECT_EQ(s.population.patients, 2);
  ASSERT_EQ(s.population.columns.size(), 2u);  // in key order
  EXPECT_EQ(s.population.columns[0].column, "other");
  EXPECT_EQ(s.population.columns[0].key, "run.duration_days");
  EXPECT_EQ(s.population.columns[0].scale, 1.0);
  EXPECT_EQ(s.population.columns[1].column, "radius_mm");
  EXPECT_EQ(s.population.columns[1].key, "lesions.primary.tumor.initial_radius_um");
  EXPECT_EQ(s.population.columns[1].scale, 1000.0);
  EXPECT_FALSE(spec("").has_population);
}

TEST_F(SweepPopulationTest, BadPopulationTablesNameTheirLine) {
  const auto error_of = [&](const std::string& body) -> std::string {
    try {
      spec(body);
    } catch (const model::ConfigError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of("[population]\npatients = 2\n").find("population.file is required"),
            std::string::npos);
  EXPECT_NE(error_of("[population]\nfile = \"pop.csv\"\npatient = 2\n")
                .find("sweep.toml:6:11: unknown key 'population.patient'"),
            std::string::npos);
  EXPECT_NE(error_of("[population]\nfile = \"pop.csv\"\npatients = 0\n").find("sweep.toml:6:"),
            std::string::npos);
  EXPECT_NE(error_of("[population]\nfile = \"pop.csv\"\n[population.columns]\nradius_mm = 4\n")
                .find("sweep.toml:7:"),
            std::string::npos);
  EXPECT_NE(error_of("[population]\nfile = \"pop.csv\"\n[population.columns]\n"
                     "radius_mm = { key = \"run.duration_days\", scale = 0 }\n")
                .find("must not be 0"),
            std::string::npos);
  // The number of patients comes from the population, not from sweep.samples.
  std::string samples;
  try {
    parse_sweep("[sweep]\nbase = \"base.toml\"\nsamples = 4\n[population]\nfile = \"pop.csv\"\n",
                dir_ / "sweep.toml");
  } catch (const model::ConfigError& e) {
    samples = e.what();
  }
  EXPECT_NE(samples.find("sweep.toml:3:11: sweep.samples: the patients come from [population]"),
            std::string::npos)
      << samples;
}

TEST_F(SweepPopulationTest, EachPatientRowBecomesOverridesOfEveryArm) {
  const SweepPlan plan =
      plan_sweep(spec(std::string("[population]\nfile = \"pop.csv\"\npatients = 3\n") + kMapRadius +
                      "[[arm]]\nname = \"pd1\"\n[[arm]]\nname = \"none\"\nremove = [\"dose\"]\n"));
  EXPECT_EQ(plan.columns, (std::vector<std::string>{kPopulationRowColumn,
                                                    "lesions.primary.tumor.initial_radius_um",
                                                    "lesions.primary.tumor.doubling_time_days"}));
  ASSERT_EQ(plan.samples.size(), 6u);  // the first 3 of 4 equal-weight rows x 2 arms
  const std::vector<std::vector<std::string>> rows{
      {"0", "50.0", "1.25"}, {"1", "70.0", "2.5"}, {"2", "40.0", "1.75"}};
  for (std::size_t p = 0; p < 3; ++p) {
    for (std::size_t arm = 0; arm < 2; ++arm) {
      const PlannedSample& s = plan.samples[2 * p + arm];
      EXPECT_EQ(s.patient, static_cast<std::int64_t>(p));
      EXPECT_EQ(s.values, rows[p]);
      EXPECT_EQ(s.seed, model::derive_run_seed(3, 0, p, 0));  // arms paired
      EXPECT_NE(s.scenario_toml.find("initial_radius_um = " + rows[p][1]), std::string::npos);
      EXPECT_NE(s.scenario_toml.find("doubling_time_days = " + rows[p][2]), std::string::npos);
    }
  }
  // Without `patients` every row is a patient.
  EXPECT_EQ(plan_sweep(spec(std::string("[population]\nfile = \"pop.csv\"\n") + kMapRadius))
                .samples.size(),
            4u);
}

TEST_F(SweepPopulationTest, CombinesWithSampledParameters) {
  const SweepPlan plan =
      plan_sweep(spec(std::string("[population]\nfile = \"pop.csv\"\npatients = 2\n") + kMapRadius +
                      "[[sample]]\nkey = \"dose[0].start_day\"\ndistribution = \"uniform\"\n"
                      "min = 0\nmax = 1\n"));
  ASSERT_EQ(plan.samples.size(), 2u);
  ASSERT_EQ(plan.columns.front(), "dose[0].start_day");
  EXPECT_NE(plan.samples[0].values[0], plan.samples[1].values[0]);
  EXPECT_EQ(plan.samples[1].values[1], "1");  // the row column follows the sampled one
}

TEST_F(SweepPopulationTest, WeightedFilesAreResampledByWeight) {
  write("weighted.csv",
        "# isvsim virtual population\n# isvsim_version: 0.1.0\n"
        "lesions.primary.tumor.doubling_time_days,weight\n1.0,0\n2.0,3\n3.0,1\n4.0,0\n");
  const auto rows_of = [&](int patients, int seed) {
    SweepSpec s =
        parse_sweep("[sweep]\nbase = \"base.toml\"\nseed = " + std::to_string(seed) +
                        "\n[population]\nfile = \"weighted.csv\"\n" +
                        (patients > 0 ? "patients = " + std::to_string(patients) + "\n" : ""),
                    dir_ / "sweep.toml");
    std::vector<std::int64_t> rows;
    const SweepPatients p = load_sweep_population(s);
    EXPECT_TRUE(p.weighted);
    for (const PopulationPatient& patient : p.patients) rows.push_back(patient.row);
    return rows;
  };
  const std::vector<std::int64_t> many = rows_of(400, 3);
  ASSERT_EQ(many.size(), 400u);
  std::map<std::int64_t, int> count;
  for (const std::int64_t r : many) ++count[r];
  EXPECT_EQ(count.count(0), 0u);  // weight 0: never drawn
  EXPECT_EQ(count.count(3), 0u);
  // Row 1 holds 3/4 of the weight: 300 expected, binomial SD 8.7, so +-35 is 4 SD.
  EXPECT_NEAR(count[1], 300, 35);
  EXPECT_EQ(count[1] + count[2], 400);
  EXPECT_EQ(rows_of(400, 3), many);  // a pure function of the seed
  EXPECT_NE(rows_of(400, 4), many);
  const std::vector<std::int64_t> few = rows_of(10, 3);  // one draw per patient index
  EXPECT_EQ(few, std::vector<std::int64_t>(many.begin(), many.begin() + 10));
  // Without `patients`, as many draws as rows.
  EXPECT_EQ(rows_of(0, 3).size(), 4u);
}

TEST_F(SweepPopulationTest, ErrorsNameTheFileLineAndColumn) {
  const std::string pop = "[population]\nfile = \"pop.csv\"\n";
  // A column that is not a scenario key: the population file's header line.
  std::string e = plan_error(pop);
  EXPECT_NE(e.find("pop.csv:4: column 'radius_mm'"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key 'radius_mm'"), std::string::npos) << e;
  // A value out of range: its row's line.
  write("pop.csv",
        std::string(kPopulation).replace(std::string(kPopulation).find("2.5"), 3, "-2.5"));
  e = plan_error(pop + kMapRadius);
  EXPECT_NE(e.find("pop.csv:6: column 'lesions.primary.tumor.doubling_time_days'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  // A missing file: the sweep line that names it.
  e = plan_error("[population]\nfile = \"missing.csv\"\n");
  EXPECT_NE(e.find("sweep.toml:5:8: population.file: "), std::string::npos) << e;
  EXPECT_NE(e.find("missing.csv"), std::string::npos) << e;
  // A malformed file: its own line.
  write("bad.csv", "# isvsim virtual population\nx,weight\n1,1\n2\n");
  e = plan_error("[population]\nfile = \"bad.csv\"\n");
  EXPECT_NE(e.find("bad.csv:4: expected 2 values, found 1"), std::string::npos) << e;
  // A mapped column the file does not have, more patients than rows, a key varied twice.
  e = plan_error(pop + "[population.columns]\nradius_cm = \"run.duration_days\"\n");
  EXPECT_NE(e.find("sweep.toml:7:13: population.columns.radius_cm: "), std::string::npos) << e;
  EXPECT_NE(e.find("has no column 'radius_cm'"), std::string::npos) << e;
  write("pop.csv", kPopulation);
  e = plan_error("[population]\nfile = \"pop.csv\"\npatients = 5\n" + std::string(kMapRadius));
  EXPECT_NE(e.find("sweep.toml:6:12: population.patients = 5, but"), std::string::npos) << e;
  e = plan_error(pop + kMapRadius +
                 "[[grid]]\nkey = \"lesions.primary.tumor.initial_radius_um\"\n" +
                 "values = [50.0]\n");
  EXPECT_NE(e.find("is varied twice"), std::string::npos) << e;
}

TEST_F(SweepPopulationTest, AnArmWithItsOwnSeedIsUnpaired) {
  const SweepPlan plan =
      plan_sweep(spec("[[arm]]\nname = \"paired\"\n[[arm]]\nname = \"own\"\nseed = 99\n"
                      "remove = [\"dose\"]\n"));
  ASSERT_EQ(plan.samples.size(), 2u);
  EXPECT_EQ(plan.samples[0].seed, model::derive_run_seed(3, 0, 0, 0));
  EXPECT_EQ(plan.samples[1].seed, model::derive_run_seed(99, 0, 0, 0));
  EXPECT_NE(plan.samples[1].scenario_toml.find("seed = " +
                                               std::to_string(model::derive_run_seed(99, 0, 0, 0))),
            std::string::npos);
}

}  // namespace
}  // namespace isv::scenarios
