// Treatments keep a run a pure function of (scenario, seed): ablation with a graded rim,
// radiotherapy fractions and a biopsy give the same bits at 1 and 2 threads (DESIGN.md §2).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

// 32^3 voxels, 3 days; T cells arrive from blood after a primed node, so the zone also kills
// immune cells. The rim and LQ draws span more than one parallel grain (about 4200 cells).
constexpr const char* kScenario = R"(
[run]
duration_days = 3.0
seed = 99
step_h = 2.0

[lesions.a.lattice]
nx = 32
ny = 32
nz = 32

[lesions.a.tumor]
initial_radius_um = 200.0
doubling_time_days = 1.0

[[treatment]]
day = 0.5
lesion = "a"
modality = "rfa"
radius_mm = 0.08
centre_mm = [0.05, 0.0, -0.02]
rim_width_mm = 0.06

[[treatment]]
day = 1.0
lesion = "a"
modality = "sbrt"
dose_gy = 3.0
fractions = 2
interval_days = 0.5
radius_mm = 0.3

[[treatment]]
day = 2.0
lesion = "a"
modality = "cryo"
radius_mm = 0.15
lethal_margin_mm = 0.05

[[treatment]]
day = 2.5
lesion = "a"
modality = "biopsy"
radius_mm = 0.04
)";

struct State {
  std::vector<std::uint64_t> ids;
  std::vector<std::int32_t> voxels;
  std::vector<float> perfusion, oxygen, damp, antigen;
  std::vector<std::int64_t> killed;
};

State run(const Scenario& sc, int threads) {
  oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
  Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  const agents::Lesion& l = *sim.lesions().front().agent();
  State s{l.tumor().id,
          l.tumor().voxel,
          {l.perfusion().begin(), l.perfusion().end()},
          {l.oxygen_mmHg().begin(), l.oxygen_mmHg().end()},
          {l.fields().damp().begin(), l.fields().damp().end()},
          {l.fields().antigen(0).begin(), l.fields().antigen(0).end()},
          {}};
  for (const TreatmentEvent& e : sim.events()) s.killed.push_back(e.tally.tumor_killed);
  return s;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

TEST(TreatmentDeterminism, SameBitsAtOneAndTwoThreads) {
  const Scenario sc = parse_scenario(kScenario, "treatment_determinism.toml");
  const State one = run(sc, 1);
  const State two = run(sc, 2);
  ASSERT_EQ(one.killed.size(), 5u);
  EXPECT_GT(one.killed[0], 0);
  EXPECT_GT(one.killed[1], 0);
  EXPECT_EQ(one.killed, two.killed);
  EXPECT_TRUE(same_bits(one.ids, two.ids));
  EXPECT_TRUE(same_bits(one.voxels, two.voxels));
  EXPECT_TRUE(same_bits(one.perfusion, two.perfusion));
  EXPECT_TRUE(same_bits(one.oxygen, two.oxygen));
  EXPECT_TRUE(same_bits(one.damp, two.damp));
  EXPECT_TRUE(same_bits(one.antigen, two.antigen));
}

}  // namespace
}  // namespace isv::scenarios
