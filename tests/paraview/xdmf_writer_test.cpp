// The XDMF sidecar: its text (grid, geometry, HyperSlab selections), its file names, and how it
// follows the HDF5 writer's ".part" / rename protocol. Needs no ParaView; the ParaView-side check
// (XDMFReader against the HDF5 data) is check_xdmf.py.
#include "output/xdmf_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>

#include "output/hdf5_writer.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;
using scenarios::RunOutcome;

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

XdmfLesion lesion_with_two_snapshots() {
  XdmfLesion lesion;
  lesion.name = "liver & <co>";
  lesion.dims_zyx = {8, 10, 12};
  lesion.voxel_um = 20.0;
  lesion.origin_um = {0.0, 100.0, 0.0};
  lesion.arrays = {{"cell_state", "/snapshots/liver/cell_state", XdmfArray::Type::kUInt8},
                   {"oxygen", "/snapshots/liver/fields/oxygen", XdmfArray::Type::kFloat32}};
  lesion.times_h = {0.0, 12.5};
  return lesion;
}

TEST(XdmfText, DescribesEverySnapshotAsAUniformGridIntoTheFourDimensionalDatasets) {
  const std::string text = xdmf_text({lesion_with_two_snapshots()}, "run.h5");
  EXPECT_NE(text.find(R"(<Xdmf Version="2.0">)"), std::string::npos);
  EXPECT_EQ(count(text, R"(CollectionType="Temporal")"), 1U);
  EXPECT_EQ(count(text, R"(GridType="Uniform")"), 2U);
  EXPECT_NE(text.find(R"(<Time Value="0"/>)"), std::string::npos);
  EXPECT_NE(text.find(R"(<Time Value="12.5"/>)"), std::string::npos);
  // z y x order; points at voxel centres; spacing in µm.
  EXPECT_EQ(count(text, R"(TopologyType="3DCORECTMesh" Dimensions="8 10 12")"), 2U);
  EXPECT_EQ(count(text, ">10 110 10</DataItem>"), 2U);
  EXPECT_EQ(count(text, ">20 20 20</DataItem>"), 2U);
  // One HyperSlab per array and snapshot: start (t 0 0 0), stride, count (1 z y x).
  EXPECT_EQ(count(text, R"(ItemType="HyperSlab" Dimensions="8 10 12")"), 4U);
  EXPECT_EQ(count(text, ">0 0 0 0 1 1 1 1 1 8 10 12</DataItem>"), 2U);
  EXPECT_EQ(count(text, ">1 0 0 0 1 1 1 1 1 8 10 12</DataItem>"), 2U);
  EXPECT_EQ(count(text, R"(Dimensions="2 8 10 12" NumberType="UChar" Precision="1")"), 2U);
  EXPECT_EQ(count(text, R"(Dimensions="2 8 10 12" NumberType="Float" Precision="4")"), 2U);
  EXPECT_EQ(count(text, "run.h5:/snapshots/liver/fields/oxygen</DataItem>"), 2U);
  // Names are escaped for XML.
  EXPECT_NE(text.find(R"(Name="liver &amp; &lt;co&gt;")"), std::string::npos);
  EXPECT_EQ(text.find("liver & <co>"), std::string::npos);
}

// A population lesion's immune points: a second temporal collection of Polyvertex grids, each
// selecting the first `count` rows of its snapshot; a snapshot without points gets an empty
// grid (one placeholder point, no cells), not a selection of zero rows.
TEST(XdmfText, ImmunePointsAreAPolyvertexCollectionOverTheRowsOfEachSnapshot) {
  XdmfLesion lesion = lesion_with_two_snapshots();
  lesion.points = XdmfPoints{"/snapshots/liver/immune_points", 500, {0, 42}};
  const std::string text = xdmf_text({lesion}, "run.h5");
  EXPECT_EQ(count(text, R"(CollectionType="Temporal")"), 2U);
  EXPECT_EQ(count(text, R"(<Grid Name="liver &amp; &lt;co&gt;_immune_points" GridType="Uniform">)"),
            2U);
  EXPECT_EQ(count(text, R"(TopologyType="Polyvertex" NumberOfElements="0")"), 1U);
  EXPECT_EQ(count(text, R"(TopologyType="Polyvertex" NumberOfElements="42")"), 1U);
  // Snapshot 1: start (1 0 0), stride (1 1 1), count (1 42 3) of [2, 500, 3].
  EXPECT_EQ(count(text, ">1 0 0 1 1 1 1 42 3</DataItem>"), 1U);
  EXPECT_EQ(count(text, ">1 0 1 1 1 42</DataItem>"), 2U);  // type, specificity
  EXPECT_EQ(count(text, R"(Dimensions="2 500 3" NumberType="Float" Precision="4")"), 1U);
  EXPECT_EQ(count(text, "run.h5:/snapshots/liver/immune_points/position_um</DataItem>"), 1U);
  EXPECT_EQ(count(text, R"(Format="XML">0 0 0</DataItem>)"), 1U);  // the empty snapshot
}

TEST(XdmfText, ALesionWithoutSnapshotsIsAnEmptyCollection) {
  XdmfLesion lesion = lesion_with_two_snapshots();
  lesion.times_h.clear();
  const std::string text = xdmf_text({lesion}, "run.h5");
  EXPECT_EQ(count(text, R"(CollectionType="Temporal")"), 1U);
  EXPECT_EQ(count(text, "<Attribute"), 0U);
}

TEST(XdmfPaths, SitBesideTheRunFile) {
  EXPECT_EQ(xdmf_path_for("out/run.h5"), fs::path("out/run.xmf"));
  EXPECT_EQ(partial_xdmf_path_for("out/run.h5"), fs::path("out/run.part.xmf"));
  EXPECT_EQ(xdmf_path_for("run"), fs::path("run.xmf"));
  EXPECT_EQ(xdmf_path_for("odd.xmf"), fs::path("odd.xmf.xmf"));  // never the run file itself
  EXPECT_EQ(partial_xdmf_path_for("odd.xmf"), fs::path("odd.xmf.part.xmf"));
}

// Sets `stop` once the simulation has reached `step`.
class StopAt : public scenarios::Observer {
 public:
  StopAt(std::atomic<bool>& stop, std::int64_t step) : stop_(stop), step_(step) {}
  void on_step(const scenarios::Simulation& sim) override {
    if (sim.step() >= step_) stop_ = true;
  }

 private:
  std::atomic<bool>& stop_;
  std::int64_t step_;
};

class XdmfSidecarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("isvsim_xdmf_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunOutcome run(const std::string& toml, std::int64_t stop_at_step = -1) {
    const scenarios::Scenario scenario = scenarios::parse_scenario(toml, "test.toml");
    scenarios::Simulation sim(scenario);
    Hdf5Writer writer(dir_ / "run.h5", /*force=*/true);
    std::atomic<bool> stop{false};
    StopAt stopper(stop, stop_at_step < 0 ? sim.total_steps() + 1 : stop_at_step);
    scenarios::Observer* observers[] = {&writer, &stopper};
    const RunOutcome outcome = sim.run(observers, &stop);
    arrays_ = 1;  // cell_state, then every field
    for_each_snapshot_field(*sim.lesions().front().agent(),
                            [&](const char*, const char*, std::span<const float>) { ++arrays_; });
    return outcome;
  }

  static std::string scenario(double snapshot_every_h) {
    return "[run]\nduration_days = 1.0\nstep_h = 1.0\n[output]\nsample_every_h = 6.0\n"
           "snapshot_every_h = " +
           std::to_string(snapshot_every_h) +
           "\n[lesions.primary.lattice]\nnx = 12\nny = 10\nnz = 8\n"
           "[lesions.primary.tumor]\ninitial_radius_um = 60.0\n";
  }

  fs::path dir_;
  std::size_t arrays_ = 0;  // per snapshot, after run()
};

TEST_F(XdmfSidecarTest, ACompletedRunLeavesRunXmfPointingAtRunH5) {
  ASSERT_EQ(run(scenario(12.0)), RunOutcome::kCompleted);
  EXPECT_FALSE(fs::exists(dir_ / "run.part.xmf"));
  const std::string text = file_text(dir_ / "run.xmf");
  EXPECT_EQ(count(text, R"(GridType="Uniform")"), 3U);  // t = 0, 12, 24 h
  EXPECT_EQ(count(text, R"(Dimensions="3 8 10 12")"), 3U * arrays_);
  EXPECT_EQ(count(text, ">run.h5:/snapshots/primary/"), 3U * arrays_);
  EXPECT_EQ(count(text, ">run.h5:/snapshots/primary/fields/oxygen<"), 3U);
  EXPECT_EQ(text.find(".part"), std::string::npos);
}

TEST_F(XdmfSidecarTest, AnInterruptedRunKeepsAViewablePartialSidecar) {
  ASSERT_EQ(run(scenario(6.0), /*stop_at_step=*/13), RunOutcome::kInterrupted);
  EXPECT_FALSE(fs::exists(dir_ / "run.xmf"));
  ASSERT_TRUE(fs::exists(dir_ / "run.h5.part"));
  const std::string text = file_text(dir_ / "run.part.xmf");
  EXPECT_EQ(count(text, R"(GridType="Uniform")"), 3U);  // t = 0, 6, 12 h were written
  EXPECT_EQ(count(text, ">run.h5.part:/snapshots/primary/cell_state<"), 3U);
}

TEST_F(XdmfSidecarTest, ARunWithoutSnapshotsHasNoSidecarAndRemovesStaleOnes) {
  std::ofstream(dir_ / "run.xmf") << "stale";
  std::ofstream(dir_ / "run.part.xmf") << "stale";
  ASSERT_EQ(run(scenario(0.0)), RunOutcome::kCompleted);
  EXPECT_TRUE(fs::exists(dir_ / "run.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "run.xmf"));
  EXPECT_FALSE(fs::exists(dir_ / "run.part.xmf"));
}

}  // namespace
}  // namespace isv::output
