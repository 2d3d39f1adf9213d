// Scenario loading: every class of bad input gives an error that names the file, line, dotted
// key and allowed range; --set overrides; the effective scenario round-trips through TOML.
#include "scenarios/scenario_loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "model/errors.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;
using ::testing::HasSubstr;
using ::testing::Not;

// Line numbers below refer to this text (line 1 is "[run]").
constexpr const char* kValid =
    "[run]\n"                        // 1
    "duration_days = 2.0\n"          // 2
    "seed = 7\n"                     // 3
    "\n"                             // 4
    "[lesions.primary]\n"            // 5
    "initial_fill_fraction = 0.5\n"  // 6
    "[lesions.primary.lattice]\n"    // 7
    "nx = 16\n"                      // 8
    "ny = 16\n"                      // 9
    "nz = 16\n"                      // 10
    "[lesions.primary.tumor]\n"      // 11
    "initial_radius_um = 60.0\n"     // 12
    "doubling_time_days = 1.5\n";    // 13

// The message of the ConfigError that parsing `text` throws ("" and a test failure if none).
std::string config_error(const std::string& text, std::vector<std::string> overrides = {}) {
  try {
    parse_scenario(text, "file.toml", overrides);
  } catch (const ConfigError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected a ConfigError, got another exception: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError, parsing succeeded";
  return "";
}

std::string replace_line(std::string text, int line, const std::string& with) {
  std::size_t begin = 0;
  for (int l = 1; l < line; ++l) begin = text.find('\n', begin) + 1;
  const std::size_t end = text.find('\n', begin);
  return text.replace(begin, end - begin, with);
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("isv_loader_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path_ / name;
    std::ofstream(p) << text;
    return p;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(ScenarioLoader, ValidTextGivesTheTypedScenario) {
  const Scenario sc = parse_scenario(kValid, "file.toml");
  EXPECT_EQ(sc.source_path, "file.toml");
  EXPECT_DOUBLE_EQ(sc.run.duration_days, 2.0);
  EXPECT_EQ(sc.run.seed, 7);
  EXPECT_DOUBLE_EQ(sc.run.step_h, RunParams{}.step_h) << "absent keys keep their defaults";
  EXPECT_EQ(sc.total_steps(), 48);
  ASSERT_EQ(sc.lesions.size(), 1u);
  const agents::LesionConfig& c = sc.lesions[0].config;
  EXPECT_EQ(c.name, "primary");
  EXPECT_EQ(sc.lesions[0].kind, "agents");
  EXPECT_DOUBLE_EQ(c.initial_fill_fraction, 0.5);
  EXPECT_EQ(c.lattice.nx, 16);
  EXPECT_EQ(c.lattice.nz, 16);
  EXPECT_DOUBLE_EQ(c.tumor.initial_radius_um, 60.0);
  EXPECT_DOUBLE_EQ(c.tumor.doubling_time_days, 1.5);
  EXPECT_DOUBLE_EQ(c.oxygen.blood_mmHg, model::OxygenParams{}.blood_mmHg);
  EXPECT_EQ(sc.effective_toml, describe_scenario(sc));
}

TEST(ScenarioLoader, LoadsAFileAndNamesItAsTheSource) {
  TempDir dir;
  const auto path = dir.write("good.toml", kValid);
  const Scenario sc = load_scenario(path);
  EXPECT_EQ(sc.source_path, path.string());
  EXPECT_EQ(sc.lesions.size(), 1u);
}

// A missing scenario is bad input (exit code 2), so it is a ConfigError, with the OS reason.
TEST(ScenarioLoader, MissingFileIsAConfigErrorNamingTheFileAndReason) {
  TempDir dir;
  const auto missing = dir.path() / "no_such_scenario.toml";
  try {
    load_scenario(missing);
    FAIL() << "expected a ConfigError";
  } catch (const model::ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr(missing.string()));
    EXPECT_THAT(e.what(), HasSubstr("No such file"));
  }
}

TEST(ScenarioLoader, SyntaxErrorNamesFileAndLine) {
  const std::string text = replace_line(kValid, 9, "ny = = 16");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr("file.toml:9"));
  EXPECT_THAT(msg, HasSubstr("syntax"));
}

TEST(ScenarioLoader, SyntaxErrorInAFileNamesThatFile) {
  TempDir dir;
  const auto path = dir.write("broken.toml", replace_line(kValid, 3, "seed 7"));
  try {
    load_scenario(path);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path.string() + ":3"));
  }
}

TEST(ScenarioLoader, UnknownKeyNamesFileLineAndDottedKey) {
  const std::string text = replace_line(kValid, 13, "dubling_time_days = 1.5");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr("file.toml:13"));
  EXPECT_THAT(msg, HasSubstr("lesions.primary.tumor.dubling_time_days"));
  EXPECT_THAT(msg, HasSubstr("doubling_time_days")) << "the allowed keys help find the typo";
}

TEST(ScenarioLoader, UnknownTableIsAnError) {
  const std::string msg = config_error(std::string(kValid) + "[lesions.primary.oxygn]\nx = 1\n");
  EXPECT_THAT(msg, HasSubstr("lesions.primary.oxygn"));
  EXPECT_THAT(config_error(std::string(kValid) + "[outptu]\n"), HasSubstr("outptu"));
}

TEST(ScenarioLoader, WrongTypeNamesKeyAndExpectedType) {
  const std::string msg = config_error(replace_line(kValid, 2, "duration_days = \"ten\""));
  EXPECT_THAT(msg, HasSubstr("file.toml:2"));
  EXPECT_THAT(msg, HasSubstr("run.duration_days"));
  EXPECT_THAT(msg, HasSubstr("expected a number"));
  const std::string msg_int = config_error(replace_line(kValid, 8, "nx = 16.5"));
  EXPECT_THAT(msg_int, HasSubstr("lesions.primary.lattice.nx"));
  EXPECT_THAT(msg_int, HasSubstr("expected an integer"));
}

TEST(ScenarioLoader, OutOfRangeNamesKeyLineAndAllowedRange) {
  const std::string msg = config_error(replace_line(kValid, 2, "duration_days = -1.0"));
  EXPECT_THAT(msg, HasSubstr("file.toml:2"));
  EXPECT_THAT(msg, HasSubstr("run.duration_days"));
  EXPECT_THAT(msg, HasSubstr("[0, 36500] days"));
  const std::string msg_fill = config_error(replace_line(kValid, 6, "initial_fill_fraction = 0"));
  EXPECT_THAT(msg_fill, HasSubstr("file.toml:6"));
  EXPECT_THAT(msg_fill, HasSubstr("lesions.primary.initial_fill_fraction"));
  EXPECT_THAT(msg_fill, HasSubstr("(0, 1]"));
}

TEST(ScenarioLoader, RunShorterThanOneStepIsAnError) {
  const std::string msg = config_error(replace_line(kValid, 2, "duration_days = 0.0"));
  EXPECT_THAT(msg, HasSubstr("file.toml:2"));
  EXPECT_THAT(msg, HasSubstr("run.duration_days"));
}

TEST(ScenarioLoader, TumourLargerThanTheLatticeIsAnErrorNamingTheRadius) {
  const std::string text = replace_line(kValid, 12, "initial_radius_um = 400.0");
  try {
    parse_scenario(text, "file.toml");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {  // ConfigError or ScenarioError
    EXPECT_THAT(e.what(), HasSubstr("lesions.primary.tumor.initial_radius_um"));
    EXPECT_THAT(e.what(), HasSubstr("file.toml:12"));
  }
}

// The largest radius the loader accepts must give the whole sphere: a tumour that passes
// validation but is silently flattened against the lattice faces is not what the user asked for.
TEST(ScenarioLoader, AcceptedInitialTumourIsSeededWhole) {
  const std::string text = replace_line(replace_line(kValid, 12, "initial_radius_um = 160.0"), 6,
                                        "initial_fill_fraction = 1.0");  // 16³ voxels of 20 um
  Scenario sc;
  try {
    sc = parse_scenario(text, "file.toml");
  } catch (const std::runtime_error&) {
    SUCCEED() << "rejecting the radius is also correct";
    return;
  }
  const agents::LesionConfig config = sc.lesions.at(0).config;
  const agents::Lesion lesion(config, 1, 1.0);
  // Voxel centres within 8 voxels of the centre voxel's centre, on an unbounded lattice.
  std::int64_t whole = 0;
  for (int z = -8; z <= 8; ++z)
    for (int y = -8; y <= 8; ++y)
      for (int x = -8; x <= 8; ++x) whole += x * x + y * y + z * z <= 64 ? 1 : 0;
  EXPECT_EQ(static_cast<std::int64_t>(lesion.tumor().size()), whole)
      << "the accepted sphere is clipped by the lattice faces";
}

TEST(ScenarioLoader, ScenarioWithoutLesionIsAnError) {
  EXPECT_THAT(config_error("[run]\nduration_days = 1.0\n"), HasSubstr("no lesion"));
  EXPECT_THAT(config_error("[run]\nduration_days = 1.0\n[lesions]\n"), HasSubstr("no lesion"));
}

TEST(ScenarioLoader, SetOverridesReplaceFileValues) {
  const std::vector<std::string> overrides{"run.duration_days=3.5",
                                           "lesions.primary.tumor.doubling_time_days=3",
                                           "lesions.primary.oxygen.blood_mmHg=20.5", "run.seed=99"};
  const Scenario sc = parse_scenario(kValid, "file.toml", overrides);
  EXPECT_DOUBLE_EQ(sc.run.duration_days, 3.5);
  EXPECT_EQ(sc.run.seed, 99);
  ASSERT_EQ(sc.lesions.size(), 1u);
  EXPECT_DOUBLE_EQ(sc.lesions[0].config.tumor.doubling_time_days, 3.0);
  EXPECT_DOUBLE_EQ(sc.lesions[0].config.oxygen.blood_mmHg, 20.5);
  EXPECT_THAT(sc.effective_toml, HasSubstr("duration_days = 3.5"))
      << "the effective scenario records the overridden value";
}

TEST(ScenarioLoader, SetOfAnUnknownKeyIsAnErrorNamingTheKey) {
  EXPECT_THAT(config_error(kValid, {"run.duraton_days=3"}), HasSubstr("run.duraton_days"));
  EXPECT_THAT(config_error(kValid, {"lesions.primary.tumor.dubling_time_days=3"}),
              HasSubstr("lesions.primary.tumor.dubling_time_days"));
}

// `--set` overrides values of the file's lesions; a misspelt lesion name must not silently add a
// second, default-sized lesion while the intended one keeps its old value.
TEST(ScenarioLoader, SetOnALesionTheFileDoesNotDefineIsAnError) {
  const std::string msg = config_error(kValid, {"lesions.primray.tumor.doubling_time_days=3"});
  EXPECT_THAT(msg, HasSubstr("primray"));
}

TEST(ScenarioLoader, SetOfATableTheFileOmitsStillWorks) {
  // [output] and [lesions.primary.oxygen] are absent from the file: their keys are still valid.
  const Scenario sc = parse_scenario(
      kValid, "file.toml",
      std::vector<std::string>{"output.sample_every_h=6", "lesions.primary.oxygen.blood_mmHg=30"});
  EXPECT_DOUBLE_EQ(sc.output.sample_every_h, 6.0);
  EXPECT_DOUBLE_EQ(sc.lesions.at(0).config.oxygen.blood_mmHg, 30.0);
}

TEST(ScenarioLoader, SetValuesAreRangeAndTypeChecked) {
  const std::string range = config_error(kValid, {"run.duration_days=-2"});
  EXPECT_THAT(range, HasSubstr("run.duration_days"));
  EXPECT_THAT(range, HasSubstr("out of range"));
  const std::string type = config_error(kValid, {"lesions.primary.lattice.nx=big"});
  EXPECT_THAT(type, HasSubstr("lesions.primary.lattice.nx"));
  EXPECT_THAT(type, HasSubstr("expected an integer"));
  EXPECT_THAT(config_error(kValid, {"run.duration_days"}), HasSubstr("KEY=VALUE"));
}

// An error in a --set value must point at the override, not at the file (where the user would
// look for it in vain).
TEST(ScenarioLoader, ErrorsInSetValuesAreAttributedToTheOverride) {
  const std::string number = config_error(kValid, {"run.duration_days=-2"});
  EXPECT_THAT(number, HasSubstr("--set"));
  EXPECT_THAT(number, Not(HasSubstr("file.toml")));
  const std::string bare_word = config_error(kValid, {"lesions.primary.lattice.nx=big"});
  EXPECT_THAT(bare_word, HasSubstr("--set"));
  EXPECT_THAT(bare_word, Not(HasSubstr("file.toml")));
}

TEST(ScenarioLoader, SetTakesABareWordAsAString) {
  const Scenario sc =
      parse_scenario(kValid, "file.toml", std::vector<std::string>{"lesions.primary.kind=agents"});
  EXPECT_EQ(sc.lesions.at(0).kind, "agents");
  EXPECT_THAT(config_error(kValid, {"lesions.primary.kind=meanfield"}), HasSubstr("meanfield"));
}

TEST(ScenarioLoader, LesionsAreOrderedByName) {
  const std::string text = std::string(kValid) +
                           "[lesions.zeta]\n[lesions.zeta.tumor]\ninitial_radius_um = 40.0\n"
                           "[lesions.alpha]\n[lesions.alpha.tumor]\ninitial_radius_um = 40.0\n";
  const Scenario sc = parse_scenario(text, "file.toml");
  ASSERT_EQ(sc.lesions.size(), 3u);
  EXPECT_EQ(sc.lesions[0].config.name, "alpha");
  EXPECT_EQ(sc.lesions[1].config.name, "primary");
  EXPECT_EQ(sc.lesions[2].config.name, "zeta");
}

TEST(ScenarioLoader, DescribedScenarioParsesBackToTheSameScenario) {
  // Values that stress number formatting: exponents, long fractions, a 64-bit seed.
  const std::vector<std::string> overrides{
      "run.seed=9000000000000000000", "run.step_h=0.1",
      "lesions.primary.oxygen.solver_tolerance_mmHg=1e-7",
      "lesions.primary.oxygen.diffusion_um2_per_min=123456.789",
      "lesions.primary.tumor.doubling_time_cv=0.3333333333333333"};
  const Scenario first = parse_scenario(kValid, "file.toml", overrides);
  const std::string described = describe_scenario(first);
  const Scenario second = parse_scenario(described, "effective.toml");
  EXPECT_EQ(describe_scenario(second), described);
  EXPECT_EQ(second.run.seed, 9000000000000000000);
  EXPECT_EQ(second.run.step_h, 0.1);
  ASSERT_EQ(second.lesions.size(), 1u);
  EXPECT_EQ(second.lesions[0].config.oxygen.solver_tolerance_mmHg, 1e-7);
  EXPECT_EQ(second.lesions[0].config.oxygen.diffusion_um2_per_min, 123456.789);
  EXPECT_EQ(second.lesions[0].config.tumor.doubling_time_cv, 0.3333333333333333);
  EXPECT_EQ(second.lesions[0].config.initial_fill_fraction, 0.5);
}

}  // namespace
}  // namespace isv::scenarios
