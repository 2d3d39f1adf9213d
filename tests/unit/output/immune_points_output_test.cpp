// Population lesions' immune cells as points in the run file and its XDMF sidecar
// (output/hdf5_points.hpp): one capped record per snapshot, the count matching the points the
// lesion gives, and a Polyvertex grid per snapshot that points at those rows.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "output/hdf5_writer.hpp"
#include "output/xdmf_writer.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "tests/support/hdf5_read.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;
using test::h5::exists;
using test::h5::Id;
using test::h5::read;
using test::h5::shape;

// Effectors arrive from day ~10 on (primed by the lesion's own dying cells).
constexpr const char* kToml = R"(
[run]
duration_days = 40
step_h = 24.0
[output]
sample_every_h = 240.0
snapshot_every_h = 240.0
max_immune_points = 500
[tcells]
body_tissue_cm3_per_kg = 1000
[lesions.p]
kind = "population"
[lesions.p.lattice]
nx = 16
ny = 16
nz = 16
voxel_um = 1000.0
[lesions.p.tumor]
initial_radius_um = 5000.0
)";

class ImmunePointsOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    dir_ = fs::temp_directory_path() / ("isvsim_points_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ImmunePointsOutputTest, PopulationLesionWritesCappedPointSetsAndTheirXdmf) {
  const scenarios::Scenario sc = scenarios::parse_scenario(kToml, "points.toml");
  scenarios::Simulation sim(sc);
  const fs::path out = dir_ / "run.h5";
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  const agents::ImmunePoints last = sim.lesions()[0].population()->immune_points(500);
  ASSERT_GT(last.size(), 0U) << "the scenario must bring effectors into the lesion";
  const Id file = test::h5::open_read(out);
  ASSERT_GE(file.get(), 0);
  const std::string g = "/snapshots/p/immune_points";
  EXPECT_EQ(shape(file.get(), g + "/position_um"), (std::vector<hsize_t>{5, 500, 3}));
  EXPECT_EQ(shape(file.get(), g + "/type"), (std::vector<hsize_t>{5, 500}));
  const auto counts = read<std::int64_t>(file.get(), g + "/count", H5T_NATIVE_INT64);
  ASSERT_EQ(counts.size(), 5U);
  EXPECT_EQ(counts.back(), static_cast<std::int64_t>(last.size()));
  EXPECT_LE(counts.back(), 500);
  const auto xyz = read<float>(file.get(), g + "/position_um", H5T_NATIVE_FLOAT);
  const std::size_t base = 4 * 500 * 3;  // the last snapshot
  for (std::size_t i = 0; i < last.position_um.size(); ++i)
    ASSERT_EQ(xyz[base + i], last.position_um[i]) << i;
  for (std::size_t i = last.position_um.size(); i < 500 * 3; ++i)
    ASSERT_EQ(xyz[base + i], 0.0F) << "rows past the count are zero";
  const auto per_point = read<double>(file.get(), g + "/cells_per_point", H5T_NATIVE_DOUBLE);
  EXPECT_EQ(per_point.back(), last.cells_per_point);

  std::ifstream xmf(xdmf_path_for(out));
  const std::string text{std::istreambuf_iterator<char>(xmf), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("<Grid Name=\"p_immune_points\" GridType=\"Collection\""), std::string::npos);
  EXPECT_NE(text.find("TopologyType=\"Polyvertex\" NumberOfElements=\"" +
                      std::to_string(counts.back()) + "\""),
            std::string::npos);
  EXPECT_NE(text.find("run.h5:" + g + "/position_um"), std::string::npos);
}

TEST_F(ImmunePointsOutputTest, ZeroMaximumWritesNoPointSet) {
  const scenarios::Scenario sc = scenarios::parse_scenario(
      kToml, "points.toml", std::vector<std::string>{"output.max_immune_points=0"});
  scenarios::Simulation sim(sc);
  const fs::path out = dir_ / "none.h5";
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), scenarios::RunOutcome::kCompleted);
  }
  const Id file = test::h5::open_read(out);
  EXPECT_TRUE(exists(file.get(), "/snapshots/p/cell_state"));
  EXPECT_FALSE(exists(file.get(), "/snapshots/p/immune_points"));
}

}  // namespace
}  // namespace isv::output
