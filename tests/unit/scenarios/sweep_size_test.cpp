// Sweep sizes are counted without overflow and checked against the sample limit before anything
// is built (issue 13: a 64-axis grid crashed, 10^11 samples grew memory without a word).
#include "scenarios/sweep_size.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "model/errors.hpp"
#include "scenarios/sweep_plan.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::scenarios {
namespace {

namespace fs = std::filesystem;

class SweepSizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("isv_sweep_size_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "base.toml")
        << "[run]\nduration_days = 1\n[output]\nsnapshot_every_h = 0\n"
           "[lesions.primary.lattice]\nnx = 12\nny = 12\nnz = 12\n"
           "[lesions.primary.tumor]\ninitial_radius_um = 60.0\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  SweepSpec spec(const std::string& body) const {
    return parse_sweep("[sweep]\nbase = \"base.toml\"\n" + body, dir_ / "sweep.toml");
  }
  // The ConfigError of planning `body` with `limit`, "" if it plans; also how long it took.
  std::string plan_error(const std::string& body, std::uint64_t limit, double* seconds = nullptr) {
    const SweepSpec s = spec(body);
    const auto start = std::chrono::steady_clock::now();
    std::string what;
    try {
      plan_sweep(s, limit);
    } catch (const model::ConfigError& e) {
      what = e.what();
    }
    if (seconds != nullptr)
      *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return what;
  }
  static std::string two_valued_axes(int n) {
    std::string body;
    for (int a = 0; a < n; ++a)
      body += "[[grid]]\nkey = \"k" + std::to_string(a) + "\"\nvalues = [1, 2]\n";
    return body;
  }
  fs::path dir_;
};

TEST(SweepCount, ExactUntilItOverflowsThenApproximate) {
  SweepCount c;
  c.times(std::uint64_t{1} << 32);
  c.times(std::uint64_t{1} << 31);
  EXPECT_FALSE(c.overflow);
  EXPECT_EQ(c.exact, std::uint64_t{1} << 63);
  EXPECT_EQ(c.text(), "9223372036854775808");
  c.times(2);  // 2^64
  EXPECT_TRUE(c.overflow);
  EXPECT_TRUE(c.exceeds(std::uint64_t{1} << 63));
  EXPECT_EQ(c.text(), "about 1.84e+19");
}

TEST_F(SweepSizeTest, SixtyFourAxisGridIsAClearErrorNotACrash) {
  double seconds = 0.0;
  const std::string e = plan_error(two_valued_axes(64), kDefaultMaxSamples, &seconds);
  EXPECT_NE(e.find("sweep.toml:4:7: [[grid]]: 64 axes make about 1.84e+19 grid points, more "
                   "than the limit of 100000 samples"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("--max-samples N"), std::string::npos) << e;
  EXPECT_LT(seconds, 1.0);
  EXPECT_NE(plan_error(two_valued_axes(63), kDefaultMaxSamples)
                .find("63 axes make 9223372036854775808 grid points"),
            std::string::npos);
  EXPECT_NE(plan_error(two_valued_axes(40), kDefaultMaxSamples).find("1099511627776 grid points"),
            std::string::npos);
}

TEST_F(SweepSizeTest, HugeSampleCountIsRefusedBeforeAnyWork) {
  double seconds = 0.0;
  const std::string e = plan_error(
      "samples = 1000000\nreplicates = 100000\n[[sample]]\nkey = \"run.duration_days\"\n"
      "distribution = \"uniform\"\nmin = 1\nmax = 2\n",
      kDefaultMaxSamples, &seconds);
  EXPECT_NE(e.find("sweep.toml: the sweep has 100000000000 samples (1 grid point x "
                   "sweep.samples = 1000000 x sweep.replicates = 100000 x 1 arm), more than the "
                   "limit of 100000"),
            std::string::npos)
      << e;
  EXPECT_LT(seconds, 1.0);
}

TEST_F(SweepSizeTest, TheLimitCanBeRaisedDeliberately) {
  const std::string body =
      "replicates = 3\n[[grid]]\nkey = \"run.duration_days\"\nvalues = [1, 2]\n";
  EXPECT_NE(plan_error(body, 5).find("6 samples (2 grid points x sweep.samples = 1 x "
                                     "sweep.replicates = 3 x 1 arm), more than the limit of 5"),
            std::string::npos);
  EXPECT_EQ(plan_error(body, 6), "");
  EXPECT_EQ(plan_sweep(spec(body), 6).samples.size(), 6u);
  // Grid points alone over the limit name the grid's line.
  EXPECT_NE(plan_error(body, 1).find("sweep.toml:5:7: [[grid]]: 1 axis makes 2 grid points"),
            std::string::npos);
}

}  // namespace
}  // namespace isv::scenarios
