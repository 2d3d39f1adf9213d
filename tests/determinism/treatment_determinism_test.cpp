// Treatments keep a run a pure function of (scenario, seed): ablation with a graded rim,
// radiotherapy fractions and a biopsy give the same bits at 1 and 2 threads (DESIGN.md §2); so
// do embolization, TACE, TARE and a biopsy of a population lesion.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "model/checkpoint_io.hpp"
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

// A population lesion of about 150,000 tumour voxels (many parallel grains), three territory
// treatments over each other, a biopsy and T cells arriving under nivolumab.
constexpr const char* kPopulationScenario = R"(
[run]
duration_days = 6.0
seed = 7
step_h = 24.0

[tcells]
body_tissue_cm3_per_kg = 1000

[lesions.p]
kind = "population"

[lesions.p.lattice]
nx = 80
ny = 80
nz = 80
voxel_um = 150.0

[lesions.p.tumor]
initial_radius_um = 5000.0

[[treatment]]
day = 1
lesion = "p"
modality = "tace"
territory = "zone"
centre_mm = [1.0, 0.0, 0.0]
radius_mm = 4.0

[[treatment]]
day = 2
lesion = "p"
modality = "tare"
dose_gy = 40.0

[[treatment]]
day = 3
lesion = "p"
modality = "bland"
territory = "zone"
centre_mm = [-2.0, 1.0, 0.0]
radius_mm = 2.5
recanalization_half_time_days = 0

[[treatment]]
day = 4
lesion = "p"
modality = "biopsy"
radius_mm = 0.5

[[dose]]
drug = "nivolumab"
start_day = 0
every_days = 14
count = 1
dose_mg = 240
)";

std::vector<unsigned char> run_population(const Scenario& sc, int threads) {
  oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
  Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  model::CheckpointWriter w;
  sim.lesions().front().population()->save(w);
  return w.payload();
}

TEST(TreatmentDeterminism, PopulationTerritoriesGiveTheSameBitsAtOneAndTwoThreads) {
  const Scenario sc = parse_scenario(kPopulationScenario, "population_determinism.toml");
  EXPECT_EQ(run_population(sc, 1), run_population(sc, 2));
}

}  // namespace
}  // namespace isv::scenarios
