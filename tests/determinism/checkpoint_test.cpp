// Checkpoint and restart (docs/checkpoint.md): a run stopped at step k, checkpointed, rebuilt
// from the checkpoint and run on to the end holds the same bits as a run never stopped — every
// voxel code, every field, every agent read-out, the systemic ODE state and the events — at 1
// and 2 threads, also with regulatory T cells on; and damaged, foreign-scenario and
// foreign-version checkpoints are refused.
#include "scenarios/checkpoint.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fingerprint.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

namespace fs = std::filesystem;
constexpr const char* kVersion = "test-version";

Scenario rig(std::vector<std::string> overrides = {}) {
  return load_scenario(fs::path(ISV_TEST_DATA) / "checkpoint_rig.toml", overrides);
}

class CheckpointTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("isvsim_ckpt_" + std::to_string(::getpid()) + "_" + std::to_string(GetParam()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Stopped before every treatment (TACE at step 12, TARE 15, injection 20, RFA 27), and after
// them with T cells, antibody, occlusion, dose and drug fields on board.
TEST_P(CheckpointTest, RestartedRunMatchesUninterruptedRunBitForBit) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, GetParam());
  const Scenario sc = rig();
  Simulation whole(sc);
  while (!whole.finished()) whole.advance();
  const std::vector<unsigned char> expected = fingerprint(whole);

  for (const std::int64_t k : {5, 31}) {
    SCOPED_TRACE("checkpoint at step " + std::to_string(k));
    const fs::path path = dir_ / "run.ckpt";
    {
      Simulation first(sc);
      while (first.step() < k) first.advance();
      write_checkpoint(path, first, kVersion);
    }
    Simulation resumed(sc);
    OpenedCheckpoint ckpt = open_checkpoint(path, kVersion);
    EXPECT_EQ(ckpt.header.step, k);
    EXPECT_EQ(ckpt.scenario_toml, sc.effective_toml);
    restore_checkpoint(ckpt, resumed);
    EXPECT_TRUE(resumed.restored());
    EXPECT_EQ(resumed.step(), k);
    while (!resumed.finished()) resumed.advance();
    EXPECT_TRUE(fingerprint(resumed) == expected) << "state differs from the uninterrupted run";
    EXPECT_EQ(resumed.events().size(), whole.events().size());
    ASSERT_NE(resumed.lesions()[1].agent(), nullptr);
    EXPECT_EQ(resumed.lesions()[1].agent()->local_therapy().drug_count(), 2);
  }
}

// The rig with regulatory T cells on: they enter with the CD8 cells, suppress killing, age and
// die in the RFA zone; a restart before and after the RFA continues bit for bit.
Scenario rig_with_tregs() { return rig({"tregs.entry_per_cd8_entry=0.5"}); }

std::int64_t tregs_in_rig(const Simulation& sim) {
  return sim.lesions()[1].agent()->cell_type<agents::TregModule>().arrived_total;
}

TEST_P(CheckpointTest, RestartedRunWithTregsMatchesUninterruptedRunBitForBit) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, GetParam());
  const Scenario sc = rig_with_tregs();
  Simulation whole(sc);
  while (!whole.finished()) whole.advance();
  ASSERT_EQ(whole.lesions()[1].name(), "rig");
  EXPECT_GT(whole.lesions()[1].readouts().tregs, 0) << "the rig must hold Tregs at the end";
  const std::vector<unsigned char> expected = fingerprint(whole);
  {
    const Scenario off_sc = rig();  // Simulation keeps a reference to its scenario
    Simulation off(off_sc);
    while (!off.finished()) off.advance();
    EXPECT_FALSE(fingerprint(off) == expected) << "Tregs must change the run";
  }

  for (const std::int64_t k : {20, 31}) {
    SCOPED_TRACE("checkpoint at step " + std::to_string(k));
    const fs::path path = dir_ / "tregs.ckpt";
    {
      Simulation first(sc);
      while (first.step() < k) first.advance();
      EXPECT_GT(tregs_in_rig(first), 0) << "Tregs must be on board at the checkpoint";
      write_checkpoint(path, first, kVersion);
    }
    Simulation resumed(sc);
    OpenedCheckpoint ckpt = open_checkpoint(path, kVersion);
    restore_checkpoint(ckpt, resumed);
    while (!resumed.finished()) resumed.advance();
    EXPECT_TRUE(fingerprint(resumed) == expected) << "state differs from the uninterrupted run";
  }
}

// Same bits at 1 and 2 threads with Tregs on (DESIGN.md §2).
TEST(CheckpointRigTregs, SameBitsAtOneAndTwoThreads) {
  const Scenario sc = rig_with_tregs();
  std::vector<unsigned char> runs[2];
  for (int t = 1; t <= 2; ++t) {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, t);
    Simulation sim(sc);
    while (!sim.finished()) sim.advance();
    EXPECT_GT(tregs_in_rig(sim), 0);
    runs[t - 1] = fingerprint(sim);
  }
  EXPECT_TRUE(runs[0] == runs[1]) << "Tregs-on run differs between 1 and 2 threads";
}

// A checkpoint written at one thread count resumes at another with the same bits.
TEST_P(CheckpointTest, CheckpointFromOtherThreadCountResumesIdentically) {
  const Scenario sc = rig();
  const fs::path path = dir_ / "run.ckpt";
  {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 3 - GetParam());
    Simulation first(sc);
    while (first.step() < 20) first.advance();
    write_checkpoint(path, first, kVersion);
  }
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, GetParam());
  Simulation whole(sc);
  while (!whole.finished()) whole.advance();
  Simulation resumed(sc);
  OpenedCheckpoint ckpt = open_checkpoint(path, kVersion);
  restore_checkpoint(ckpt, resumed);
  while (!resumed.finished()) resumed.advance();
  EXPECT_TRUE(fingerprint(resumed) == fingerprint(whole));
}

INSTANTIATE_TEST_SUITE_P(Threads, CheckpointTest, ::testing::Values(1, 2),
                         [](const auto& info) { return std::to_string(info.param) + "thread"; });

// --- refusals ----------------------------------------------------------------------------------

class CheckpointRefusalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("isvsim_ckpt_refusal_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = dir_ / "run.h5.ckpt";
    Simulation sim(sc_);
    for (int i = 0; i < 3; ++i) sim.advance();
    write_checkpoint(path_, sim, kVersion);
    std::ifstream in(path_, std::ios::binary);
    bytes_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& bytes) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << bytes;
  }
  // The message of the CheckpointError that restoring throws, "" if none.
  std::string refusal(const Scenario& sc, const char* version = kVersion) {
    try {
      Simulation sim(sc);
      OpenedCheckpoint ckpt = open_checkpoint(path_, version);
      restore_checkpoint(ckpt, sim);
    } catch (const model::CheckpointError& e) {
      return e.what();
    }
    return "";
  }

  Scenario sc_ = rig();
  fs::path dir_, path_;
  std::string bytes_;
};

TEST_F(CheckpointRefusalTest, IntactCheckpointIsAccepted) { EXPECT_EQ(refusal(sc_), ""); }

TEST_F(CheckpointRefusalTest, FlippedByteIsRefusedNamingTheFile) {
  for (const std::size_t at :
       {std::size_t{3}, std::size_t{40}, bytes_.size() / 2, bytes_.size() - 1}) {
    std::string damaged = bytes_;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    write(damaged);
    const std::string message = refusal(sc_);
    EXPECT_NE(message.find(path_.string()), std::string::npos) << "byte " << at << ": " << message;
    EXPECT_NE(message.find("damaged"), std::string::npos) << "byte " << at << ": " << message;
  }
}

TEST_F(CheckpointRefusalTest, TruncatedFileIsRefused) {
  for (const std::size_t size : {std::size_t{0}, std::size_t{20}, bytes_.size() - 100}) {
    write(bytes_.substr(0, size));
    const std::string message = refusal(sc_);
    EXPECT_NE(message.find(path_.string()), std::string::npos) << size << ": " << message;
  }
}

TEST_F(CheckpointRefusalTest, OtherScenarioIsRefused) {
  const std::string message = refusal(rig({"run.seed=12"}));
  EXPECT_NE(message.find("another scenario"), std::string::npos) << message;
  EXPECT_NE(message.find(path_.string()), std::string::npos) << message;
}

TEST_F(CheckpointRefusalTest, OtherVersionIsRefused) {
  const std::string message = refusal(sc_, "9.9.9");
  EXPECT_NE(message.find("written by isvsim test-version"), std::string::npos) << message;
}

TEST_F(CheckpointRefusalTest, CrashWhileWritingLeavesThePreviousCheckpoint) {
  // A writer killed before its rename leaves only a stray .tmp; the checkpoint stays whole.
  write(bytes_);
  std::ofstream(path_.string() + ".tmp", std::ios::binary) << bytes_.substr(0, 100);
  EXPECT_EQ(refusal(sc_), "");
}

}  // namespace
}  // namespace isv::scenarios
