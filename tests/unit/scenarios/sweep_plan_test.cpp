// Sweep files: errors name file, line and key; seeds are paired across arms; designs and
// hashes behave as documented in docs/sweeps.md.
#include "scenarios/sweep_plan.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "scenarios/sweep_sampling.hpp"
#include "scenarios/sweep_slurm.hpp"
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

// A temporary folder holding base.toml; sweeps are parsed as if they were sweep.toml beside it.
class SweepPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("isv_sweep_test_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "base.toml") << kBase;
  }
  void TearDown() override { fs::remove_all(dir_); }
  SweepSpec spec(const std::string& body) const {
    return parse_sweep("[sweep]\nbase = \"base.toml\"\nseed = 3\n" + body, dir_ / "sweep.toml");
  }
  // The ConfigError message of planning `body`, "" if it plans.
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

TEST_F(SweepPlanTest, MisspeltScenarioKeyNamesSweepFileLineAndKey) {
  const std::string e = plan_error(
      "[[grid]]\nkey = \"lesions.primary.tumor.doubling_tme_days\"\n"
      "values = [1.0, 2.0]\n");
  EXPECT_NE(e.find("sweep.toml:5:"), std::string::npos) << e;
  EXPECT_NE(e.find("doubling_tme_days"), std::string::npos) << e;
}

TEST_F(SweepPlanTest, OutOfRangeGridValueNamesItsLine) {
  const std::string e = plan_error(
      "\n[[grid]]\nkey = \"lesions.primary.tumor.initial_fill_x\"\n"
      "values = [0.5]\n[[grid]]\nkey = \"run.duration_days\"\n"
      "values = [1, -4]\n");
  EXPECT_NE(e.find("sweep.toml:6:"), std::string::npos) << e;  // the first bad axis
  const std::string range = plan_error("[[grid]]\nkey = \"run.duration_days\"\nvalues = [1, -4]\n");
  EXPECT_NE(range.find("sweep.toml:5:"), std::string::npos) << range;
  EXPECT_NE(range.find("run.duration_days = -4"), std::string::npos) << range;
  EXPECT_NE(range.find("out of range"), std::string::npos) << range;
}

TEST_F(SweepPlanTest, SweepOwnKeysAreCheckedToo) {
  EXPECT_THROW(spec("replicate = 2\n"), model::ConfigError);  // unknown top-level key
  try {
    spec("[[sample]]\nkey = \"run.duration_days\"\ndistribution = \"uniform\"\nmin = 3\nmax = 1\n");
    FAIL() << "min > max accepted";
  } catch (const model::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("sweep.toml:5:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(spec("[set]\n\"run.seed\" = 4\n"), model::ConfigError);  // seeds are derived
  EXPECT_THROW(spec("[[synergy]]\ncombination = \"x\"\nmonotherapies = [\"a\", \"b\"]\n"),
               model::ConfigError);
}

TEST_F(SweepPlanTest, GridIsFullFactorialLastAxisFastest) {
  const SweepPlan plan = plan_sweep(
      spec("replicates = 2\n[[grid]]\nkey = \"dose[0].start_day\"\nvalues = [0, 2, 4]\n"
           "[[grid]]\nkey = \"lesions.primary.tumor.doubling_time_days\"\nvalues = [1.0, 2.5]\n"));
  ASSERT_EQ(plan.samples.size(), 12u);
  EXPECT_EQ(plan.samples[0].values, (std::vector<std::string>{"0", "1.0"}));
  EXPECT_EQ(plan.samples[2].values, (std::vector<std::string>{"0", "2.5"}));
  EXPECT_EQ(plan.samples[4].values, (std::vector<std::string>{"2", "1.0"}));
  EXPECT_NE(plan.samples[0].seed, plan.samples[1].seed);  // replicates differ
  EXPECT_NE(plan.samples[0].hash, plan.samples[2].hash);
  EXPECT_NE(plan.samples[0].scenario_toml.find("start_day = 0.0"), std::string::npos);
}

TEST_F(SweepPlanTest, ArmsOfOnePatientShareParametersAndSeed) {
  const SweepPlan plan = plan_sweep(
      spec("samples = 3\n[[sample]]\nkey = \"lesions.primary.tumor.doubling_time_days\"\n"
           "distribution = \"lognormal\"\nmedian = 1.5\nsigma = 0.3\n"
           "[[arm]]\nname = \"pd1\"\n[[arm]]\nname = \"none\"\nremove = [\"dose\"]\n"
           "[[arm]]\nname = \"late\"\nset = { \"dose[0].start_day\" = 5 }\n"));
  ASSERT_EQ(plan.samples.size(), 9u);
  for (std::size_t p = 0; p < 3; ++p) {
    const PlannedSample& a = plan.samples[3 * p];
    for (std::size_t arm = 1; arm < 3; ++arm) {
      const PlannedSample& b = plan.samples[3 * p + arm];
      EXPECT_EQ(a.seed, b.seed);
      EXPECT_EQ(a.values, b.values);
      EXPECT_NE(a.hash, b.hash);
    }
  }
  EXPECT_NE(plan.samples[0].seed, plan.samples[3].seed);
  EXPECT_EQ(plan.samples[1].scenario_toml.find("[[dose]]"), std::string::npos);  // removed
  EXPECT_EQ(plan.samples[0].seed, model::derive_run_seed(3, 0, 0, 0));
}

TEST_F(SweepPlanTest, IdenticalArmsAreRefused) {
  const std::string e = plan_error(
      "[[arm]]\nname = \"a\"\n[[arm]]\nname = \"b\"\n"
      "set = { \"dose[0].start_day\" = 0 }\n");
  EXPECT_NE(e.find("give the same scenario"), std::string::npos) << e;
}

TEST_F(SweepPlanTest, LatinHypercubePutsOneDrawInEveryStratum) {
  const SweepSpec s = spec(
      "samples = 10\ndesign = \"lhs\"\n[[sample]]\nkey = \"run.duration_days\"\n"
      "distribution = \"uniform\"\nmin = 0\nmax = 10\n[[sample]]\nkey = "
      "\"patient.body_weight_kg\"\n"
      "distribution = \"uniform\"\nmin = 50\nmax = 60\n");
  const auto draws = draw_sampled_values(s);
  for (std::size_t k = 0; k < 2; ++k) {
    std::set<int> strata;
    for (const auto& d : draws) strata.insert(static_cast<int>(d[k] - (k == 0 ? 0.0 : 50.0)));
    EXPECT_EQ(strata.size(), 10u) << "parameter " << k;
  }
  EXPECT_EQ(draws, draw_sampled_values(s));  // a pure function of the master seed
}

TEST(SweepSampling, InverseCdfsMatchKnownQuantiles) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-9);
  SampledParam p;
  p.distribution = Distribution::kLogNormal;
  p.mean = 2.0;  // median
  p.sd = 0.5;
  EXPECT_NEAR(sampled_value(p, 0.5), 2.0, 1e-12);
  p.has_max = true;
  p.max = 2.0;  // truncated at the median: u = 1 maps onto the bound
  EXPECT_NEAR(sampled_value(p, 1.0 - 1e-15), 2.0, 1e-6);
  SampledParam lu;
  lu.distribution = Distribution::kLogUniform;
  lu.min = 1.0;
  lu.max = 100.0;
  EXPECT_NEAR(sampled_value(lu, 0.5), 10.0, 1e-12);
}

TEST(SweepHash, Fnv1aAndSeedDerivationAreFixed) {
  EXPECT_EQ(model::fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(model::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // published FNV-1a 64 test vector
  EXPECT_LT(model::derive_run_seed(1, 2, 3, 4), std::uint64_t{1} << 62);
  EXPECT_NE(model::derive_run_seed(1, 0, 0, 0), model::derive_run_seed(1, 0, 0, 1));
  EXPECT_NE(model::derive_run_seed(1, 0, 1, 0), model::derive_run_seed(1, 1, 0, 0));
}

TEST(SweepSlurm, ArrayRangesCompressRuns) {
  EXPECT_EQ(array_ranges({0, 1, 2, 3, 7, 9, 10}), "0-3,7,9-10");
  EXPECT_EQ(array_ranges({5}), "5");
  SlurmOptions o;
  o.max_concurrent = 4;
  o.extra = {"--qos=short"};
  const std::string script = sbatch_script("/bin/isvsim", "/data/sw", "t", {0, 1, 5}, o);
  EXPECT_NE(script.find("#SBATCH --array=0-1,5%4\n"), std::string::npos) << script;
  EXPECT_NE(script.find("#SBATCH --requeue\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --signal=B:USR1@120\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --qos=short\n"), std::string::npos);
  EXPECT_NE(script.find("SLURM_CPUS_PER_TASK"), std::string::npos);
}

}  // namespace
}  // namespace isv::scenarios
