// The generated sbatch script: names, paths and Slurm options either refused with a message
// naming them, or quoted so that bash and sbatch's #SBATCH parser read back exactly the value
// (issue 10: shell injection; issue 13: Slurm options unquoted).
#include "scenarios/sweep_slurm.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "scenarios/sweep_slurm_checks.hpp"
#include "scenarios/sweep_spec.hpp"
#include "scenarios/sweep_values.hpp"

namespace isv::scenarios {
namespace {

// sbatch's reading of an #SBATCH line's arguments, as its directive parser documents it:
// whitespace separates, '...' and "..." group, a backslash makes the next character literal,
// an unquoted '#' ends the line.
std::vector<std::string> directive_args(const std::string& line) {
  std::vector<std::string> args;
  std::string cur;
  bool in_arg = false, escape = false;
  char quote = 0;
  for (const char c : line.substr(std::string("#SBATCH").size())) {
    if (escape) {
      cur += c;
      escape = false;
      in_arg = true;
    } else if (c == '\\') {
      escape = true;
    } else if (quote != 0) {
      if (c == quote)
        quote = 0;
      else
        cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_arg = true;
    } else if (c == '#') {
      break;
    } else if (c == ' ' || c == '\t') {
      if (in_arg) args.push_back(cur);
      cur.clear();
      in_arg = false;
    } else {
      cur += c;
      in_arg = true;
    }
  }
  if (in_arg) args.push_back(cur);
  return args;
}

// The #SBATCH lines of a script whose first argument starts with `option`.
std::vector<std::string> directive(const std::string& script, const std::string& option) {
  std::istringstream in(script);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#SBATCH ", 0) != 0) continue;
    const std::vector<std::string> args = directive_args(line);
    if (!args.empty() && args[0].rfind(option, 0) == 0) return args;
  }
  return {};
}

std::string error_of(const std::string& name, const std::string& dir, const SlurmOptions& o) {
  try {
    sbatch_script("/opt/isvsim/bin/isvsim", dir, name, {0, 1}, o);
  } catch (const model::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepSlurmScript, NameThatIsNotASafeNameIsRefusedNamingPlanToml) {
  for (const std::string bad : {"x\ntouch marker #", "a b", "$(id)", "-x", ".hidden", ""}) {
    const std::string e = error_of(bad, "/data/sw", {});
    EXPECT_NE(e.find("/data/sw/plan.toml: name: sweep name"), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << "raw newline echoed: " << e;
  }
  EXPECT_EQ(error_of("trial.v2_a-1", "/data/sw", {}), "");
}

TEST(SweepSlurmScript, PathsWithControlCharactersAreRefused) {
  const std::string e = error_of("t", "/data/a\nb", {});
  EXPECT_NE(e.find("sweep directory path '/data/a\\nb' holds a control character"),
            std::string::npos)
      << e;
  EXPECT_NE(error_of("t", "/data/a\rb", {}), "");
  EXPECT_NE(error_of("t", "/data/a\\b", {}).find("backslash"), std::string::npos);
}

TEST(SweepSlurmScript, HostilePathsAreQuotedForBashAndForSbatch) {
  const std::string dir = "/data/it's $(touch m) `touch n` 100% \"q\" #x";
  const std::string script = sbatch_script("/opt/my isvsim/isvsim", dir, "t", {0, 1}, {});
  EXPECT_NE(script.find("\nsweep_dir='/data/it'\\''s $(touch m) `touch n` 100% \"q\" #x'\n"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("\nisvsim='/opt/my isvsim/isvsim'\n"), std::string::npos) << script;
  // One argument, with '%' doubled (a literal '%' in Slurm's file name pattern).
  EXPECT_EQ(directive(script, "--output="),
            (std::vector<std::string>{"--output=/data/it's $(touch m) `touch n` 100%% \"q\" "
                                      "#x/logs/slurm-%A_%a.out"}))
      << script;
  EXPECT_NE(script.find("#   submit: sbatch '/data/it'\\''s"), std::string::npos) << script;
}

TEST(SweepSlurmScript, SlurmOptionsAreCheckedAgainstTheirSyntax) {
  const auto time_error = [](const std::string& t) {
    SlurmOptions o;
    o.time = t;
    return error_of("t", "/d", o);
  };
  for (const std::string ok : {"30", "30:00", "01:00:00", "48:00:00", "2-0", "2-12:30",
                               "7-00:00:00", "UNLIMITED", "infinite"})
    EXPECT_EQ(time_error(ok), "") << ok;
  for (const std::string bad : {"1:00:00\ntouch m #", "1:60:00", "2-24:00:00", "1:2:3:4", "abc",
                                "-1", "1-", "1h", "1:00:00 --wrap=x"})
    EXPECT_NE(time_error(bad).find("sweep slurm --time: "), std::string::npos) << bad;
  EXPECT_NE(time_error("1:60:00").find("01:30:00"), std::string::npos);  // shows the syntax

  SlurmOptions o;
  for (const std::string ok : {"4G", "4000M", "4000", "1t"}) {
    o.mem = ok;
    EXPECT_EQ(error_of("t", "/d", o), "") << ok;
  }
  for (const std::string bad : {"4GB", "4 G", "G", "4G;touch m", "$(x)"}) {
    o.mem = bad;
    EXPECT_NE(error_of("t", "/d", o).find("--mem: "), std::string::npos) << bad;
  }
  o = {};
  o.partition = "short,gpu-a100";
  EXPECT_EQ(error_of("t", "/d", o), "");
  for (const std::string bad : {"a b", "a,", "a;b", "`x`"}) {
    o.partition = bad;
    EXPECT_NE(error_of("t", "/d", o).find("--partition: "), std::string::npos) << bad;
  }
  o = {};
  o.account = "proj_1.x";
  EXPECT_EQ(error_of("t", "/d", o), "");
  o.account = "proj'1";
  EXPECT_NE(error_of("t", "/d", o).find("--account: 'proj'1' is not allowed"), std::string::npos);
}

TEST(SweepSlurmScript, ExtraOptionsAreOptionsAndTheirValuesAreQuoted) {
  SlurmOptions o;
  o.time = "2-12:00:00";
  o.mem = "4G";
  o.extra = {"--qos=short", "--comment=a b $(touch m) # c \"q\"", "--exclusive"};
  const std::string script = sbatch_script("/i", "/d", "t", {0}, o);
  EXPECT_NE(script.find("\n#SBATCH --qos=short\n"), std::string::npos) << script;
  EXPECT_NE(script.find("\n#SBATCH --exclusive\n"), std::string::npos) << script;
  EXPECT_NE(script.find("\n#SBATCH --time=2-12:00:00\n"), std::string::npos) << script;
  EXPECT_NE(script.find("\n#SBATCH --mem=4G\n"), std::string::npos) << script;
  EXPECT_EQ(directive(script, "--comment="),
            (std::vector<std::string>{"--comment=a b $(touch m) # c \"q\""}))
      << script;
  for (const std::string bad :
       {"short", "-q", "--comment=x\ntouch m", "--", "--=x", "--a b=c", "--array=0-3"}) {
    o.extra = {bad};
    EXPECT_NE(error_of("t", "/d", o).find("sweep slurm extra option after --: "), std::string::npos)
        << bad;
  }
}

TEST(SweepSlurmScript, QuotingFunctions) {
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(directive_value("01:00:00"), "01:00:00");
  EXPECT_EQ(directive_value("a\\b \"c\""), "\"a\\\\b \\\"c\\\"\"");
  EXPECT_EQ(directive_value(""), "\"\"");
}

std::string parse_error(const std::string& text, const std::string& file) {
  try {
    parse_sweep(text, file);
  } catch (const model::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepNames, SweepAndArmNamesAreRefusedAtTheirLine) {
  EXPECT_EQ(parse_error("[sweep]\nbase = \"b.toml\"\nname = \"trial.v2_a-1\"\n", "/s/t.toml"), "");
  EXPECT_EQ(parse_error("[sweep]\nbase = \"b.toml\"\nname = \"x\\ntouch m #\"\n", "/s/t.toml"),
            "/s/t.toml:3:8: sweep.name: sweep name 'x\\ntouch m #' is not allowed (use " +
                std::string(kSweepNameRule) + ")");
  const std::string arm =
      parse_error("[sweep]\nbase = \"b.toml\"\n[[arm]]\nname = \"a'b\"\n", "/s/t.toml");
  EXPECT_NE(arm.find("/s/t.toml:4:8: arm[0].name: arm name 'a'b' is not allowed"),
            std::string::npos)
      << arm;
  // Without `name` the file name is the sweep name, under the same rule.
  const std::string stem = parse_error("[sweep]\nbase = \"b.toml\"\n", "/s/x $(id).toml");
  EXPECT_NE(stem.find("sweep.name: the default name 'x $(id)' (the file name) is not allowed; "
                      "set [sweep] name"),
            std::string::npos)
      << stem;
}

TEST(SweepNames, MessagesEscapeControlCharactersAndCutLongValues) {
  EXPECT_EQ(quoted_for_message("a\nb\tc\x1b"), "'a\\nb\\tc\\x1b'");
  const std::string cut = quoted_for_message(std::string(50000000, 'x'));
  EXPECT_LT(cut.size(), 120u);
  EXPECT_NE(cut.find("... (50000000 bytes)"), std::string::npos) << cut;
}

}  // namespace
}  // namespace isv::scenarios
