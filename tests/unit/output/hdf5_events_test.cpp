// /events in the run's HDF5 file: one row per treatment application, in order, with the names
// and counts the Simulation recorded.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "output/hdf5_writer.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "tests/support/hdf5_read.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScenario = R"(
[run]
duration_days = 0.5
seed = 3
step_h = 1.0
[output]
sample_every_h = 6
snapshot_every_h = 0
[lesions.liver.lattice]
nx = 24
ny = 24
nz = 24
[lesions.liver.tumor]
initial_radius_um = 150.0
[[treatment]]
day = 0.2
lesion = "liver"
modality = "biopsy"
radius_mm = 0.05
length_mm = 0.4
[[treatment]]
day = 0.1
lesion = "liver"
modality = "sbrt"
dose_gy = 2.0
fractions = 2
interval_days = 0.125
radius_mm = 0.2
)";

std::vector<std::int64_t> read_int64(hid_t file, const char* name) {
  return test::h5::read<std::int64_t>(file, name, H5T_NATIVE_INT64);
}

TEST(Hdf5Events, OneRowPerApplicationInOrder) {
  const fs::path dir = fs::temp_directory_path() / ("isv_events_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / "run.h5";
  const scenarios::Scenario sc = scenarios::parse_scenario(kScenario, "events.toml");
  scenarios::Simulation sim(sc);
  {
    Hdf5Writer writer(path, true);
    scenarios::Observer* observers[] = {&writer};
    sim.run(observers);
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_EQ(test::h5::read_fixed_strings(file, "/events/modality"),
            (std::vector<std::string>{"sbrt", "biopsy", "sbrt"}));
  EXPECT_EQ(test::h5::read_fixed_strings(file, "/events/lesion"),
            (std::vector<std::string>{"liver", "liver", "liver"}));
  EXPECT_EQ(read_int64(file, "/events/application"), (std::vector<std::int64_t>{0, 0, 1}));
  const std::vector<std::int64_t> killed = read_int64(file, "/events/tumor_killed");
  ASSERT_EQ(killed.size(), sim.events().size());
  for (std::size_t i = 0; i < killed.size(); ++i)
    EXPECT_EQ(killed[i], sim.events()[i].tally.tumor_killed);
  EXPECT_GT(killed[0], 0);
  EXPECT_EQ(killed[1], 0) << "a biopsy kills nothing";
  H5Fclose(file);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace isv::output
