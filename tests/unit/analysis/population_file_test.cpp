// Population files: written and read back exactly, and malformed files refused with file and
// line.
#include "analysis/population_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "model/errors.hpp"

namespace isv::analysis {
namespace {

Population sample() {
  Population p;
  p.provenance = {{"generator", "gaussian-copula"},
                  {"seed", "42"},
                  {"targets", "doubling_months histogram([0, 3): 0.35; [3, 9): 0.274)"}};
  p.names = {"growth_per_day", "kill.rate"};
  p.values = {0.1, 2.0 / 3.0, 1e-300, 123456789.125, -0.0, 5e-324};
  p.weights = {1.0 / 3.0, 0.5, 1.0 / 6.0};
  return p;
}

TEST(PopulationFile, WrittenAndReadBackExactly) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("isv_population_" + std::to_string(::getpid()) + ".csv");
  const Population p = sample();
  write_population(path, p);
  const Population q = read_population(path);
  std::filesystem::remove(path);
  ASSERT_EQ(q.names, p.names);
  ASSERT_EQ(q.values.size(), p.values.size());
  EXPECT_EQ(0, std::memcmp(q.values.data(), p.values.data(), p.values.size() * sizeof(double)));
  EXPECT_EQ(0, std::memcmp(q.weights.data(), p.weights.data(), p.weights.size() * sizeof(double)));
  ASSERT_NE(q.find("isvsim_version"), nullptr);
  EXPECT_EQ(*q.find("isvsim_version"), ISV_VERSION);
  EXPECT_EQ(*q.find("seed"), "42");
  EXPECT_EQ(*q.find("targets"), p.provenance[2].second);
  EXPECT_EQ(population_text(q), population_text(p));
}

void expect_refused(const std::string& text, const std::string& message) {
  try {
    parse_population(text, "vp.csv");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const model::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(PopulationFile, MalformedFilesAreRefusedWithFileAndLine) {
  const std::string head = "# isvsim virtual population\n# seed: 1\na,b,weight\n";
  expect_refused("a,b,weight\n1,2,1\n",
                 "vp.csv:1: not an isvsim virtual population (first line must be '# isvsim "
                 "virtual population')");
  expect_refused(head + "1,2,0.5\n1,2\n", "vp.csv:5: expected 3 values, found 2");
  expect_refused(head + "1,x,0.5\n", "vp.csv:4: column 'b': 'x' is not a finite number");
  expect_refused(head + "1,2,-1\n", "vp.csv:4: column 'weight': negative weight -1");
  expect_refused(head + "1,nan,1\n", "vp.csv:4: column 'b': 'nan' is not a finite number");
  expect_refused("# isvsim virtual population\n# seed: 1\na,b\n",
                 "vp.csv:3: the column header must name the parameters and end with 'weight'");
  expect_refused("# isvsim virtual population\na,a,weight\n",
                 "vp.csv:2: parameter column 'a' appears twice");
  expect_refused("# isvsim virtual population\n# no colon\n",
                 "vp.csv:2: provenance lines read '# key: value'");
  EXPECT_THROW(read_population("/nonexistent/vp.csv"), model::IoError);
}

TEST(PopulationFile, InconsistentPopulationsAreNotWritten) {
  Population p = sample();
  p.weights.pop_back();
  EXPECT_THROW(population_text(p), std::invalid_argument);
  p = sample();
  p.provenance.push_back({"note", "two\nlines"});
  EXPECT_THROW(population_text(p), std::invalid_argument);
  p = sample();
  p.names[0] = "weight";
  EXPECT_THROW(population_text(p), std::invalid_argument);
}

}  // namespace
}  // namespace isv::analysis
