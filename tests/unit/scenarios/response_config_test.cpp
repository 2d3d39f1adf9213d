// The [response] table and the per-lesion `target` flag: defaults, reading, errors, round trip.
#include <gtest/gtest.h>

#include <string>

#include "model/errors.hpp"
#include "scenarios/scenario_loader.hpp"

namespace isv::scenarios {
namespace {

constexpr const char* kLesion = R"(
[lesions.a.lattice]
nx = 16
ny = 16
nz = 16
)";

Scenario parse(const std::string& extra) { return parse_scenario(extra + kLesion, "resp.toml"); }

TEST(ResponseConfig, DefaultsFollowRecist) {
  const Scenario sc = parse("");
  EXPECT_DOUBLE_EQ(sc.response.assessment_every_days, 56.0);
  EXPECT_DOUBLE_EQ(sc.response.confirmation_days, 28.0);
  EXPECT_DOUBLE_EQ(sc.response.pr_shrink_percent, 30.0);
  EXPECT_DOUBLE_EQ(sc.response.pd_growth_percent, 20.0);
  EXPECT_DOUBLE_EQ(sc.response.pd_min_increase_mm, 5.0);
  ASSERT_EQ(sc.lesions.size(), 1u);
  EXPECT_TRUE(sc.lesions[0].target);
}

TEST(ResponseConfig, ReadsTableAndTargetFlag) {
  const Scenario sc = parse(R"(
[response]
assessment_every_days = 28
report_days = [30, 60.5]
cr_diameter_mm = 0.1

[lesions.b]
target = false
[lesions.b.lattice]
nx = 16
ny = 16
nz = 16
)");
  EXPECT_DOUBLE_EQ(sc.response.assessment_every_days, 28.0);
  EXPECT_EQ(sc.response.report_days, (std::vector<double>{30.0, 60.5}));
  EXPECT_DOUBLE_EQ(sc.response.cr_diameter_mm, 0.1);
  ASSERT_EQ(sc.lesions.size(), 2u);
  EXPECT_TRUE(sc.lesions[0].target);   // a
  EXPECT_FALSE(sc.lesions[1].target);  // b
  // The effective scenario reads back to the same values.
  const Scenario again = parse_scenario(sc.effective_toml, "effective.toml");
  EXPECT_EQ(again.effective_toml, sc.effective_toml);
  EXPECT_FALSE(again.lesions[1].target);
}

TEST(ResponseConfig, ErrorsNameTheKey) {
  try {
    parse("[response]\nassessment_every_days = 0\n");
    FAIL() << "expected a ConfigError";
  } catch (const model::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("response.assessment_every_days"), std::string::npos)
        << e.what();
  }
  try {
    parse("[lesions.a]\ntarget = 1\n");
    FAIL() << "expected a ConfigError";
  } catch (const model::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("lesions.a.target: expected true or false"),
              std::string::npos)
        << e.what();
  }
  const std::string overrides[] = {"lesions.a.target=false"};
  EXPECT_FALSE(parse_scenario(kLesion, "resp.toml", overrides).lesions[0].target);
}

}  // namespace
}  // namespace isv::scenarios
