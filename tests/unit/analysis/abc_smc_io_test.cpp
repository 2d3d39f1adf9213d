// A killed ABC-SMC run resumes from its saved state and ends with the same posterior, byte for
// byte, as a run that was never stopped; damaged or foreign state files are refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/abc_smc.hpp"
#include "model/errors.hpp"
#include "model/rng.hpp"

namespace isv::analysis {
namespace {

AbcConfig config() {
  AbcConfig c;
  c.parameters = {{"growth", Distribution::lognormal(0.2, 0.5)},
                  {"kill", Distribution::uniform(0.0, 2.0)}};
  c.particles = 150;
  c.max_generations = 5;
  c.seed = 9;
  return c;
}

std::vector<double> evaluate(std::span<const AbcProposal> batch) {
  std::vector<double> d(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    model::CounterRng rng(batch[i].model_seed, model::Stream::kTest, 0, 0);
    const double x = batch[i].theta[0] - batch[i].theta[1] + 0.05 * rng.normal();
    d[i] = std::abs(x + 0.5) + std::abs(batch[i].theta[0] - 0.25);
  }
  return d;
}

class AbcSmcResume : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("isv_abc_resume_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::filesystem::path dir_;
};

TEST_F(AbcSmcResume, StoppedAfterTwoGenerationsEndsWithTheSameBytes) {
  AbcSmc whole(config());
  whole.run(evaluate);
  ASSERT_EQ(whole.generations().size(), 5u);
  whole.save(dir_ / "whole.abc");

  const auto state = dir_ / "state.abc";
  {
    AbcSmc first(config());
    first.run_generation(evaluate);
    first.run_generation(evaluate);
    first.save(state);
  }  // the process "dies" here
  AbcSmc resumed(config());
  resumed.load(state);
  ASSERT_EQ(resumed.generations().size(), 2u);
  EXPECT_EQ(resumed.next_epsilon(), [] {
    AbcSmc again(config());
    again.run_generation(evaluate);
    again.run_generation(evaluate);
    return again.next_epsilon();
  }());
  resumed.run(evaluate, [&](const AbcSmc& a) { a.save(state); });
  EXPECT_EQ(read(state), read(dir_ / "whole.abc"));
  const AbcGeneration& a = whole.generations().back();
  const AbcGeneration& b = resumed.generations().back();
  ASSERT_EQ(a.particles.size(), b.particles.size());
  EXPECT_EQ(
      0, std::memcmp(a.particles.data(), b.particles.data(), a.particles.size() * sizeof(double)));
  EXPECT_EQ(0, std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(double)));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state.abc.tmp"));
}

TEST_F(AbcSmcResume, ForeignDamagedOrTornStatesAreRefusedWithFileAndLine) {
  AbcSmc run(config());
  run.run_generation(evaluate);
  const std::string text = run.serialize();

  AbcConfig other = config();
  other.seed = 10;
  AbcSmc foreign(other);
  try {
    foreign.restore(text, "state.abc");
    FAIL() << "a state of another seed was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("state.abc:3: saved 'seed 9' but this run has 'seed 10'"),
              std::string::npos)
        << e.what();
  }
  std::string edited = text;
  edited[edited.find("generation 0") + 30] ^= 1;
  AbcSmc fresh(config());
  EXPECT_THROW(fresh.restore(edited, "state.abc"), std::runtime_error);
  EXPECT_THROW(fresh.restore(text.substr(0, text.size() / 2), "state.abc"), std::runtime_error);
  EXPECT_TRUE(fresh.generations().empty());
  EXPECT_THROW(fresh.load(dir_ / "missing.abc"), model::IoError);
  fresh.restore(text, "state.abc");
  EXPECT_EQ(fresh.serialize(), text);
  EXPECT_THROW(fresh.restore(text, "state.abc"), std::runtime_error);  // not fresh any more
}

}  // namespace
}  // namespace isv::analysis
