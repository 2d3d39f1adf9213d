// The checkpoint rig with the body compartment on (docs/systemic.md): the body takes a large
// share of the circulating effectors, the lesions still receive some, and the run has the same
// bits at 1 and 2 threads and after a checkpoint/restart before and after the RFA.
#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fingerprint.hpp"
#include "scenarios/checkpoint.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

namespace fs = std::filesystem;
constexpr const char* kVersion = "test-version";

// Body weight 70 kg x 1000 cm^3/kg x 1e-8 = 7e-4 cm^3 of entry weight: several times the rig's
// lesions, so the body's share and the lesions' draws both matter.
Scenario rig(bool body_on) {
  std::vector<std::string> set;
  if (body_on)
    set = {"tcells.body_tissue_cm3_per_kg=1000", "tcells.body_entry_relative_weight=1e-8"};
  return load_scenario(fs::path(ISV_TEST_DATA) / "checkpoint_rig.toml", set);
}

std::int64_t arrived(const Simulation& sim) {
  std::int64_t n = 0;
  for (const PatientLesion& l : sim.lesions()) n += l.readouts().tcells_arrived_total;
  return n;
}

std::vector<unsigned char> run_to_end(const Scenario& sc, std::int64_t* arrivals = nullptr) {
  Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  if (arrivals != nullptr) *arrivals = arrived(sim);
  return fingerprint(sim);
}

TEST(BodyCompartmentRig, TakesEffectorsAwayFromTheLesionsButLeavesThemSome) {
  const Scenario off_sc = rig(false), on_sc = rig(true);
  std::int64_t off = 0, on = 0;
  const auto off_bits = run_to_end(off_sc, &off);
  const auto on_bits = run_to_end(on_sc, &on);
  EXPECT_FALSE(off_bits == on_bits) << "the body compartment must change the run";
  EXPECT_GT(on, 0) << "lesions must still receive effectors";
  EXPECT_LT(on, off) << "the body must take a share of the effectors";
}

TEST(BodyCompartmentRig, SameBitsAtOneAndTwoThreads) {
  const Scenario sc = rig(true);
  std::vector<unsigned char> runs[2];
  for (int t = 1; t <= 2; ++t) {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, t);
    runs[t - 1] = run_to_end(sc);
  }
  EXPECT_TRUE(runs[0] == runs[1]) << "body-on run differs between 1 and 2 threads";
}

class BodyCompartmentRestart : public ::testing::TestWithParam<int> {};

TEST_P(BodyCompartmentRestart, RestartedRunMatchesUninterruptedRunBitForBit) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, GetParam());
  const Scenario sc = rig(true);
  const std::vector<unsigned char> expected = run_to_end(sc);
  const fs::path dir =
      fs::temp_directory_path() /
      ("isvsim_body_ckpt_" + std::to_string(::getpid()) + "_" + std::to_string(GetParam()));
  fs::create_directories(dir);
  for (const std::int64_t k : {5, 31}) {
    SCOPED_TRACE("checkpoint at step " + std::to_string(k));
    const fs::path path = dir / "body.ckpt";
    {
      Simulation first(sc);
      while (first.step() < k) first.advance();
      write_checkpoint(path, first, kVersion);
    }
    Simulation resumed(sc);
    OpenedCheckpoint ckpt = open_checkpoint(path, kVersion);
    restore_checkpoint(ckpt, resumed);
    while (!resumed.finished()) resumed.advance();
    EXPECT_TRUE(fingerprint(resumed) == expected) << "state differs from the uninterrupted run";
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Threads, BodyCompartmentRestart, ::testing::Values(1, 2),
                         [](const auto& info) { return std::to_string(info.param) + "threads"; });

}  // namespace
}  // namespace isv::scenarios
