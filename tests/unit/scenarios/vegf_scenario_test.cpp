// The [vegf] table (model/vegf_params.hpp) in a scenario: read, written into the effective
// scenario, refused out of range with file and key; and bevacizumab dosed to a patient with a
// population lesion raises the T cells that reach it (vessel normalisation).
#include <gtest/gtest.h>

#include <string>

#include "model/errors.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

// A 5 mm population lesion, untreated for 60 days: its dying cells prime effectors, which
// enter it from blood (the body compartment shares them).
constexpr const char* kToml = R"(
[run]
duration_days = 60
seed = 3
step_h = 24.0
[output]
sample_every_h = 240
snapshot_every_h = 0
[tcells]
body_tissue_cm3_per_kg = 1000
[lesions.liver]
kind = "population"
[lesions.liver.lattice]
nx = 20
ny = 20
nz = 20
voxel_um = 1000.0
[lesions.liver.tumor]
initial_radius_um = 5000.0
)";

constexpr const char* kBevacizumab = R"(
[[dose]]
drug = "bevacizumab"
dose_mg_per_kg = 15.0
start_day = 0.0
every_days = 21.0
count = 3
)";

std::int64_t arrived(const std::string& toml) {
  const Scenario sc = parse_scenario(toml, "vegf.toml");
  Simulation sim(sc);
  sim.run({});
  return sim.lesions()[0].readouts().tcells_arrived_total;
}

TEST(VegfScenario, TableIsReadWrittenAndCheckedWithFileAndKey) {
  const Scenario sc = parse_scenario(
      std::string(kToml) + "[vegf]\ntcell_entry_gain_at_full_occupancy = 2.5\n", "vegf.toml");
  EXPECT_EQ(sc.vegf.tcell_entry_gain_at_full_occupancy, 2.5);
  EXPECT_EQ(sc.lesions[0].config.vegf.tcell_entry_gain_at_full_occupancy, 2.5);
  EXPECT_NE(sc.effective_toml.find("[vegf]"), std::string::npos);
  EXPECT_NE(sc.effective_toml.find("tcell_entry_gain_at_full_occupancy = 2.5"), std::string::npos);
  try {
    parse_scenario(std::string(kToml) + "[vegf]\nproliferation_reduction_at_full_occupancy = 2\n",
                   "vegf.toml");
    ADD_FAILURE() << "an out-of-range share must be refused";
  } catch (const model::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("vegf.toml"), std::string::npos) << what;
    EXPECT_NE(what.find("vegf.proliferation_reduction_at_full_occupancy"), std::string::npos)
        << what;
  }
}

// Normalisation acts on every lesion kind's entry weight: a small mean-field lesion beside the
// population lesion also receives more of the effectors the latter primes.
TEST(VegfScenario, BevacizumabRaisesTCellArrivalInAMeanFieldLesionToo) {
  const std::string two = std::string(kToml) +
                          "[lesions.distant]\nkind = \"mean_field\"\n[lesions.distant.lattice]\n"
                          "nx = 40\nny = 40\nnz = 40\n";
  auto distant = [](const std::string& toml) {
    const Scenario sc = parse_scenario(toml, "vegf.toml");
    Simulation sim(sc);
    sim.run({});
    return sim.lesions()[0].readouts().tcells_arrived_total;
  };
  const std::int64_t without = distant(two);
  const std::int64_t with = distant(two + kBevacizumab);
  ASSERT_GT(without, 50);
  EXPECT_GT(static_cast<double>(with), 1.3 * static_cast<double>(without));
}

TEST(VegfScenario, BevacizumabRaisesTCellArrivalInAPopulationLesion) {
  const std::int64_t without = arrived(kToml);
  const std::int64_t with = arrived(std::string(kToml) + kBevacizumab);
  ASSERT_GT(without, 100) << "the scenario must prime effectors for the comparison to mean much";
  EXPECT_GT(static_cast<double>(with), 1.3 * static_cast<double>(without));
  // With the gain set to 0 bevacizumab only slows growth, which shrinks the entry weight.
  const std::int64_t no_gain = arrived(std::string(kToml) + kBevacizumab +
                                       "[vegf]\ntcell_entry_gain_at_full_occupancy = 0\n");
  EXPECT_LE(no_gain, without);
}

}  // namespace
}  // namespace isv::scenarios
