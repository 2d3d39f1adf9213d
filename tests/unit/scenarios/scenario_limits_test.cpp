// Hostile scenario input: nesting depth, file size and kind, control characters and huge values
// in messages, lesion names, and the up-front memory estimate. Each case is one clear
// ConfigError naming the file (and line or key), never a crash or an exhausted memory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "model/errors.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/memory_estimate.hpp"
#include "scenarios/message_text.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/toml_nesting.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kValid =
    "[run]\n"
    "duration_days = 2.0\n"
    "[lesions.primary.lattice]\n"
    "nx = 16\n"
    "ny = 16\n"
    "nz = 16\n"
    "[lesions.primary.tumor]\n"
    "initial_radius_um = 60.0\n";

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected a ConfigError, got: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError, none was thrown";
  return "";
}

std::string parse_error(const std::string& text, std::vector<std::string> overrides = {}) {
  return error_of([&] { parse_scenario(text, "file.toml", overrides); });
}

std::string repeat(const std::string& unit, int n, const std::string& sep = ".") {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? sep : "") + unit;
  return out;
}

// A per-test scratch directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("isv_limits_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_.empty())
      ::unsetenv(name_);
    else
      ::setenv(name_, old_.c_str(), 1);
  }

 private:
  const char* name_;
  std::string old_;
};

// --- 1. nesting --------------------------------------------------------------------------------

TEST(ScenarioLimits, DeepTableHeaderIsRefusedWithLineAndLimit) {
  const std::string text = std::string(kValid) + "\n[" + repeat("a", 100000) + "]\nx = 1\n";
  const std::string msg = parse_error(text);
  EXPECT_THAT(msg, HasSubstr("file.toml:10: table header nested deeper than 64 levels"));
}

TEST(ScenarioLimits, DeepDottedKeyIsRefusedWithLineAndLimit) {
  const std::string text = std::string(kValid) + repeat("a", 100000) + " = 1\n";
  EXPECT_THAT(parse_error(text), HasSubstr("file.toml:9: dotted key nested deeper than 64"));
}

TEST(ScenarioLimits, DeepInlineTablesAndArraysAreRefused) {
  const std::string tables =
      std::string(kValid) + "x = " + repeat("{a=", 2000, "") + "1" + std::string(2000, '}') + "\n";
  EXPECT_THAT(parse_error(tables),
              HasSubstr("file.toml:9: array or inline table nested deeper than 64"));
  const std::string arrays =
      std::string(kValid) + "x = [\n" + std::string(100000, '[') + std::string(100000, ']') + "]\n";
  EXPECT_THAT(parse_error(arrays), HasSubstr("file.toml:10: array or inline table nested deeper"));
}

TEST(ScenarioLimits, DeepSetPathAndValueAreRefused) {
  EXPECT_THAT(parse_error(kValid, {repeat("a", 100000) + "=1"}),
              HasSubstr("key has 100000 levels; the limit is 64"));
  EXPECT_THAT(parse_error(kValid, {"run.seed=" + std::string(5000, '[')}),
              HasSubstr("--set:1: array or inline table nested deeper than 64"));
}

TEST(ScenarioLimits, NestingAtTheLimitPassesTheScanAndStringsDoNotCount) {
  // 64 levels is allowed; dots and brackets inside strings and comments are not structure.
  EXPECT_NO_THROW(check_toml_nesting("[" + repeat("a", 63) + "]\nx = 1\n", "f"));
  EXPECT_THROW(check_toml_nesting("[" + repeat("a", 64) + "]\nx = 1\n", "f"), ConfigError);
  const std::string quoted = "x = \"" + repeat("a", 500) + std::string(500, '[') + "\"\n" +
                             "y = '''\n" + std::string(500, '{') + "\n'''\n# " + repeat("b", 500) +
                             "\n\"" + repeat("c", 500) + "\" = 1\n";
  EXPECT_NO_THROW(check_toml_nesting(quoted, "f"));
  // Line numbers count the newlines inside a multi-line string.
  EXPECT_THAT(error_of([&] { check_toml_nesting(quoted + repeat("d", 70) + " = 1\n", "f"); }),
              HasSubstr("f:7: dotted key"));
}

// What toml++ itself writes for a value `levels` deep (tables as [a.b.c] headers, then arrays):
// the scan refuses it exactly when levels > 64.
std::string nested_text(int tables, int arrays) {
  toml::table root;
  toml::table* t = &root;
  for (int i = 0; i < tables; ++i) {
    t->insert("t", toml::table{});
    t = t->get("t")->as_table();
  }
  toml::array inner{1};
  for (int i = 1; i < arrays; ++i) {
    toml::array outer;  // not array{inner}: that would be a copy, not a nesting
    outer.push_back(std::move(inner));
    inner = std::move(outer);
  }
  if (arrays > 0) {
    t->insert("x", std::move(inner));
  } else {
    t->insert("x", 1);
  }
  std::ostringstream out;
  out << root;
  return out.str();
}

TEST(ScenarioLimits, ScanDepthMatchesWhatTheParserNests) {
  for (const auto& [tables, arrays] : std::vector<std::pair<int, int>>{
           {10, 0}, {63, 0}, {64, 0}, {200, 0}, {0, 63}, {0, 64}, {30, 33}, {30, 34}, {1, 200}}) {
    const int levels = tables + arrays + 1;  // the key x, then one level per array
    const std::string text = nested_text(tables, arrays);
    if (levels <= kMaxTomlDepth) {
      EXPECT_NO_THROW(check_toml_nesting(text, "f")) << tables << " tables, " << arrays;
      EXPECT_NO_THROW(toml::parse(text)) << tables << " tables, " << arrays;
    } else {
      EXPECT_THROW(check_toml_nesting(text, "f"), ConfigError) << tables << " tables, " << arrays;
    }
  }
}

TEST(ScenarioLimits, LibraryLikeNestingIsAccepted) {
  EXPECT_NO_THROW(parse_scenario(std::string(kValid) + "[drugs]\n", "f.toml"));
  EXPECT_NO_THROW(check_toml_nesting(
      "[[treatment]]\nday = 1\nzone = { center_um = [[1, 2], [3, 4]], a.b = {c = [1]} }\n", "f"));
}

// --- 2. file size and kind --------------------------------------------------------------------

TEST(ScenarioLimits, DirectoryAsScenarioIsRefusedByKind) {
  const TempDir dir;
  const std::string msg = error_of([&] { load_scenario(dir.path()); });
  EXPECT_THAT(msg, HasSubstr("scenario file '" + dir.path().string() + "' is a directory"));
  EXPECT_THAT(msg, Not(HasSubstr("no lesion")));
}

TEST(ScenarioLimits, CharacterDeviceAsScenarioIsRefusedWithoutReading) {
  EXPECT_THAT(error_of([] { load_scenario("/dev/zero"); }),
              HasSubstr("scenario file '/dev/zero' is a character device"));
}

TEST(ScenarioLimits, HugeSparseFileIsRefusedWithItsSizeAndTheLimit) {
  const TempDir dir;
  const std::filesystem::path file = dir.path() / "huge.toml";
  std::ofstream(file) << kValid;
  std::filesystem::resize_file(file, 3ull << 30);  // sparse: costs no disk
  const std::string msg = error_of([&] { load_scenario(file); });
  EXPECT_THAT(msg, HasSubstr("is 3072.0 MiB (3221225472 bytes)"));
  EXPECT_THAT(msg, HasSubstr("the limit for a scenario file is 16.0 MiB (16777216 bytes)"));
}

TEST(ScenarioLimits, PipeIsReadButOnlyUpToTheLimit) {
  const TempDir dir;
  const std::filesystem::path fifo = dir.path() / "pipe.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A writer that streams far more than the limit: the reader stops at limit + 1 byte.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::ofstream out(fifo);
    const std::string block(4096, ' ');
    for (int i = 0; i < 64 && out; ++i) out << block;
    ::_exit(0);
  }
  const std::string msg = error_of([&] { read_input_file(fifo, "scenario file", 100000); });
  EXPECT_THAT(msg, HasSubstr("holds more than 0.1 MiB (100000 bytes)"));
  int status = 0;
  ::waitpid(child, &status, 0);
  // A pipe within the limit is read whole.
  const pid_t writer = ::fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    std::ofstream(fifo) << kValid;
    ::_exit(0);
  }
  EXPECT_EQ(read_input_file(fifo, "scenario file", 100000), kValid);
  ::waitpid(writer, &status, 0);
}

// --- 3. messages ------------------------------------------------------------------------------

TEST(ScenarioLimits, PrintableEscapesControlCharactersAndCutsLongText) {
  EXPECT_EQ(printable("a\nb\tc\x01\x7f\\"), "a\\nb\\tc\\x01\\x7f\\\\");
  EXPECT_EQ(printable(std::string(1000, 'x'), 10), std::string(10, 'x') + "... (1000 bytes)");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 kept
}

TEST(ScenarioLimits, HugeValueIsCutInTheMessage) {
  const std::string huge(4u << 20, 'x');
  const std::string msg =
      parse_error(std::string(kValid) + "[lesions.primary]\nkind = \"" + huge + "\"\n");
  EXPECT_THAT(msg, HasSubstr("unsupported kind 'xxxx"));
  EXPECT_THAT(msg, HasSubstr("... (4194304 bytes)"));
  EXPECT_LT(msg.size(), 400u);
  const std::string set_msg = parse_error(kValid, {"run.seed=" + huge});
  EXPECT_LT(set_msg.size(), 600u);
}

TEST(ScenarioLimits, NewlineInANameIsEscapedInTheMessage) {
  const std::string msg = parse_error(std::string(kValid) + "[lesions.\"bad\\nname\"]\n");
  EXPECT_THAT(msg, HasSubstr("bad\\nname"));
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  const std::string key_msg = parse_error(std::string(kValid) + "[output]\n\"x\\ty\" = 1\n");
  EXPECT_THAT(key_msg, HasSubstr("unknown key 'output.x\\ty'"));
  EXPECT_EQ(key_msg.find('\t'), std::string::npos) << key_msg;
}

// --- 4. lesion names --------------------------------------------------------------------------

TEST(ScenarioLimits, UnsafeLesionNamesAreRefusedWithFileLineAndKey) {
  const std::string base = "[lesions.";
  EXPECT_THAT(parse_error("\n" + base + "\"a b\"]\n"),
              HasSubstr("file.toml:2:1: lesions.a b: lesion name 'a b' may hold only letters"));
  EXPECT_THAT(parse_error(base + "1st]\n"), HasSubstr("must start with a letter"));
  EXPECT_THAT(parse_error(base + "_x]\n"), HasSubstr("must start with a letter"));
  EXPECT_THAT(parse_error(base + "\"a/b\"]\n"), HasSubstr("may hold only letters"));
  EXPECT_THAT(parse_error(base + std::string(65, 'a') + "]\n"), HasSubstr("1-64 characters"));
  EXPECT_THAT(parse_error(base + "time_h]\n"),
              HasSubstr("lesions.time_h: lesion name 'time_h' is reserved"));
  EXPECT_THAT(parse_error(base + "systemic]\n"), HasSubstr("is reserved"));
  // The names the library uses stay valid.
  for (const char* ok : {"primary", "distant", "b2d", "liver-2", "Met_1"}) {
    const std::string text = std::string("[lesions.") + ok + ".lattice]\nnx = 16\n" +
                             "ny = 16\nnz = 16\n[lesions." + ok + ".tumor]\n" +
                             "initial_radius_um = 60.0\n";
    EXPECT_NO_THROW(parse_scenario(text, "file.toml")) << ok;
  }
}

// --- 5. memory --------------------------------------------------------------------------------

TEST(ScenarioLimits, HugeLatticeIsRefusedNamingTheKeyTheNeedAndTheLimit) {
  std::string text = kValid;
  text.replace(text.find("nx = 16"), 7, "nx = 1290");
  text.replace(text.find("ny = 16"), 7, "ny = 1290");
  text.replace(text.find("nz = 16"), 7, "nz = 1290");
  const ScopedEnv limit(kMemoryLimitEnv, "64");
  const std::string msg = parse_error(text);
  EXPECT_THAT(msg, HasSubstr("file.toml:4:6: lesions.primary.lattice: the scenario needs up to"));
  EXPECT_THAT(msg, HasSubstr("1290x1290x1290 lattice"));
  EXPECT_THAT(msg, HasSubstr("but 64.0 GiB is available (ISVSIM_MEMORY_LIMIT_GIB"));
}

TEST(ScenarioLimits, MemoryLimitIsCheckedOnTheEffectiveTextOfARestartToo) {
  // A checkpoint's effective scenario goes through parse_scenario: the same check applies.
  const Scenario sc = parse_scenario(kValid, "file.toml");
  const ScopedEnv limit(kMemoryLimitEnv, "0.001");
  EXPECT_THAT(error_of([&] { parse_scenario(sc.effective_toml, "run.h5.ckpt"); }),
              HasSubstr("run.h5.ckpt:"));
  EXPECT_THAT(error_of([&] { parse_scenario(sc.effective_toml, "run.h5.ckpt"); }),
              HasSubstr("lesions.primary.lattice: the scenario needs up to"));
}

TEST(ScenarioLimits, BadMemoryLimitVariableIsAnError) {
  const ScopedEnv limit(kMemoryLimitEnv, "lots");
  EXPECT_THAT(parse_error(kValid),
              HasSubstr("ISVSIM_MEMORY_LIMIT_GIB='lots': expected a positive"));
}

TEST(ScenarioLimits, EstimateGrowsWithTheLatticeAndStaysOutOfTheEffectiveScenario) {
  const Scenario small = parse_scenario(kValid, "file.toml");
  const Scenario big = parse_scenario(kValid, "file.toml",
                                      std::vector<std::string>{"lesions.primary.lattice.nx=32"});
  const MemoryEstimate a = estimate_memory(small), b = estimate_memory(big);
  ASSERT_EQ(a.lesions.size(), 1u);
  EXPECT_NEAR(b.lesions[0].at_start_bytes, 2 * a.lesions[0].at_start_bytes, 1.0);
  EXPECT_GT(a.lesions[0].at_capacity_bytes, a.lesions[0].at_start_bytes);
  EXPECT_GT(a.at_start_bytes, a.lesions[0].at_start_bytes);  // the process base
  // The effective scenario is the run's identity (checkpoint hash, output attribute): no estimate.
  EXPECT_THAT(small.effective_toml, ::testing::Not(HasSubstr("estimated memory")));
  // A mean-field lesion has no lattice arrays.
  const Scenario mf = parse_scenario(
      std::string(kValid) + "[lesions.primary]\nkind = \"mean_field\"\n", "file.toml");
  EXPECT_EQ(estimate_memory(mf).lesions[0].at_capacity_bytes, 0.0);
}

TEST(ScenarioLimits, TCellMovesBeyondTheKeyedLimitAreRefusedNamingTheKeys) {
  // 1000 um/min over a 24 h step on 20 um voxels: 72,000 moves, more than a step can key.
  try {
    parse_scenario(kValid, "file.toml",
                   std::vector<std::string>{"run.step_h=24", "tcells.speed_um_per_min=1000"});
    FAIL() << "a T-cell speed beyond the per-step move limit was accepted";
  } catch (const model::ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("tcells.speed_um_per_min"));
    EXPECT_THAT(e.what(), HasSubstr("step_h"));
  }
  // The same speed at 1 h steps (3,000 moves) is fine: sub-stepping beyond 64 moves.
  EXPECT_NO_THROW(
      parse_scenario(kValid, "file.toml",
                     std::vector<std::string>{"run.step_h=1", "tcells.speed_um_per_min=1000"}));
}

}  // namespace
}  // namespace isv::scenarios
