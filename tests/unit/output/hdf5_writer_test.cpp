// The HDF5 run file: layout, values, the ".part" / rename protocol and its failure modes.
#include "output/hdf5_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "agents/voxel_code.hpp"
#include "model/errors.hpp"
#include "output/disk_reservation.hpp"
#include "output/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "tests/support/hdf5_read.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;
using scenarios::RunOutcome;
using scenarios::Scenario;
using scenarios::Simulation;

// Two lesions; "distant" has unequal sides so that a z/y/x mix-up shows.
constexpr const char* kToml = R"(
[run]
duration_days = 1.0
seed = 7
step_h = 1.0

[output]
sample_every_h = 6.0
snapshot_every_h = 12.0

[lesions.primary.lattice]
nx = 16
ny = 16
nz = 16

[lesions.distant.lattice]
nx = 12
ny = 10
nz = 8

[lesions.distant.tumor]
initial_radius_um = 60.0
)";

const char* const kQuantities[] = {"tumor_viable",    "tumor_cycling",       "tumor_quiescent",
                                   "tumor_hypoxic",   "tumor_dead",          "tumor_deaths_total",
                                   "volume_mm3",      "longest_diameter_mm", "viable_diameter_mm",
                                   "oxygen_mean_mmHg"};

using test::h5::exists;
using test::h5::Id;
using test::h5::numeric_attr;
using test::h5::read;
using test::h5::shape;
using test::h5::string_attr;

Id open_file(const fs::path& path) { return test::h5::open_read(path); }

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Sets `stop` once the simulation has reached `step`.
class StopAt : public scenarios::Observer {
 public:
  StopAt(std::atomic<bool>& stop, std::int64_t step) : stop_(stop), step_(step) {}
  void on_step(const Simulation& sim) override {
    if (sim.step() >= step_) stop_ = true;
  }

 private:
  std::atomic<bool>& stop_;
  std::int64_t step_;
};

class Hdf5WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("isvsim_hdf5_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    EXPECT_EQ(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0) << "HDF5 objects left open";
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }

  // Runs the scenario to the end (or until `stop`) with a writer on `out`.
  RunOutcome run(const fs::path& out, bool force = false, std::int64_t stop_at_step = -1) {
    Hdf5Writer writer(out, force);
    std::atomic<bool> stop{false};
    StopAt stopper(stop, stop_at_step < 0 ? sim_.total_steps() + 1 : stop_at_step);
    scenarios::Observer* observers[] = {&writer, &stopper};
    return sim_.run(observers, &stop);
  }

  fs::path dir_;
  Scenario scenario_ = scenarios::parse_scenario(kToml, "test.toml");
  Simulation sim_{scenario_};
};

TEST_F(Hdf5WriterTest, CompletedRunWritesTheDocumentedLayout) {
  const fs::path out = dir_ / "run.h5";
  ASSERT_EQ(run(out), RunOutcome::kCompleted);
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir_ / "run.h5.part"));

  const Id file = open_file(out);
  ASSERT_GE(file.get(), 0);
  EXPECT_FALSE(string_attr(file.get(), "/", "isvsim_version").empty());
  EXPECT_EQ(string_attr(file.get(), "/", "scenario_toml"), scenario_.effective_toml);
  EXPECT_EQ(string_attr(file.get(), "/", "scenario_file"), scenario_.source_path);
  EXPECT_EQ(numeric_attr<std::int64_t>(file.get(), "/", "seed", H5T_NATIVE_INT64),
            std::vector<std::int64_t>{7});
  EXPECT_EQ(numeric_attr<double>(file.get(), "/", "step_h", H5T_NATIVE_DOUBLE),
            std::vector<double>{1.0});

  // Samples at t = 0 and every 6 h up to the 24 h end.
  EXPECT_EQ(read<double>(file.get(), "/timeseries/time_h", H5T_NATIVE_DOUBLE),
            (std::vector<double>{0.0, 6.0, 12.0, 18.0, 24.0}));
  EXPECT_EQ(string_attr(file.get(), "/timeseries/time_h", "units"), "h");
  for (const scenarios::PatientLesion& lesion : sim_.lesions())
    for (const char* q : kQuantities) {
      const std::string name = "/timeseries/" + lesion.name() + "/" + q;
      ASSERT_TRUE(exists(file.get(), name)) << name;
      EXPECT_EQ(shape(file.get(), name), std::vector<hsize_t>{5}) << name;
      EXPECT_NE(string_attr(file.get(), name, "units"), "<missing>") << name;
    }
  const std::vector<std::int64_t> viable =
      read<std::int64_t>(file.get(), "/timeseries/primary/tumor_viable", H5T_NATIVE_INT64);
  const scenarios::PatientLesion& primary = sim_.lesions()[1];  // lesions are kept in name order
  ASSERT_EQ(primary.name(), "primary");
  EXPECT_EQ(viable.back(), primary.readouts().tumor_viable);
  EXPECT_EQ(read<double>(file.get(), "/timeseries/primary/volume_mm3", H5T_NATIVE_DOUBLE).back(),
            primary.readouts().volume_mm3);
  EXPECT_EQ(string_attr(file.get(), "/timeseries/primary/volume_mm3", "units"), "mm^3");
  EXPECT_EQ(string_attr(file.get(), "/timeseries/primary/tumor_viable", "units"), "cells");

  for (const scenarios::PatientLesion& patient_lesion : sim_.lesions()) {
    const agents::Lesion& lesion = *patient_lesion.agent();
    const std::string g = "/snapshots/" + lesion.name();
    const model::Lattice& lat = lesion.lattice();
    const auto nz = static_cast<hsize_t>(lat.nz()), ny = static_cast<hsize_t>(lat.ny()),
               nx = static_cast<hsize_t>(lat.nx());
    EXPECT_EQ(read<double>(file.get(), g + "/time_h", H5T_NATIVE_DOUBLE),
              (std::vector<double>{0.0, 12.0, 24.0}));
    EXPECT_EQ(shape(file.get(), g + "/cell_state"), (std::vector<hsize_t>{3, nz, ny, nx}));
    EXPECT_EQ(string_attr(file.get(), g + "/cell_state", "codes"), agents::kVoxelCodeLegend);
    EXPECT_EQ(numeric_attr<double>(file.get(), g, "voxel_um", H5T_NATIVE_DOUBLE),
              std::vector<double>{lat.voxel_um()});
    EXPECT_EQ(numeric_attr<double>(file.get(), g, "origin_um", H5T_NATIVE_DOUBLE),
              (std::vector<double>{0.0, 0.0, 0.0}));
    EXPECT_EQ(numeric_attr<std::int64_t>(file.get(), g, "dims_zyx", H5T_NATIVE_INT64),
              (std::vector<std::int64_t>{lat.nz(), lat.ny(), lat.nx()}));
    EXPECT_EQ(string_attr(file.get(), g + "/fields/oxygen", "units"), "mmHg");
    EXPECT_EQ(string_attr(file.get(), g + "/fields/perfusion", "units"), "1");

    // The last slice is the final state, voxel for voxel (x fastest).
    const auto voxels = static_cast<std::size_t>(lat.size());
    std::vector<std::uint8_t> codes(voxels);
    lesion.cell_state_codes(codes);
    const auto states = read<std::uint8_t>(file.get(), g + "/cell_state", H5T_NATIVE_UINT8);
    EXPECT_TRUE(std::equal(codes.begin(), codes.end(), states.end() - voxels)) << g;
    const auto oxygen = read<float>(file.get(), g + "/fields/oxygen", H5T_NATIVE_FLOAT);
    EXPECT_TRUE(std::equal(lesion.oxygen_mmHg().begin(), lesion.oxygen_mmHg().end(),
                           oxygen.end() - voxels));
    const auto perfusion = read<float>(file.get(), g + "/fields/perfusion", H5T_NATIVE_FLOAT);
    EXPECT_TRUE(
        std::equal(lesion.perfusion().begin(), lesion.perfusion().end(), perfusion.end() - voxels));
  }
}

TEST_F(Hdf5WriterTest, DatasetsGrowAlongTimeAndAreCompressed) {
  const fs::path out = dir_ / "run.h5";
  ASSERT_EQ(run(out), RunOutcome::kCompleted);
  const Id file = open_file(out);
  for (const std::string name : {"/timeseries/time_h", "/snapshots/primary/cell_state",
                                 "/snapshots/distant/fields/oxygen"}) {
    const Id ds(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    const Id space(H5Dget_space(ds.get()), H5Sclose);
    hsize_t max_dims[4] = {};
    H5Sget_simple_extent_dims(space.get(), nullptr, max_dims);
    EXPECT_EQ(max_dims[0], H5S_UNLIMITED) << name;
    const Id dcpl(H5Dget_create_plist(ds.get()), H5Pclose);
    EXPECT_EQ(H5Pget_layout(dcpl.get()), H5D_CHUNKED) << name;
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
      unsigned flags = 0;
      std::size_t n = 0;
      EXPECT_GE(H5Pget_filter_by_id2(dcpl.get(), H5Z_FILTER_DEFLATE, &flags, &n, nullptr, 0,
                                     nullptr, nullptr),
                0)
          << name;
    }
  }
}

TEST_F(Hdf5WriterTest, ExistingOutputWithoutForceThrowsAndIsLeftAlone) {
  const fs::path out = dir_ / "run.h5";
  std::ofstream(out) << "earlier results";
  try {
    Hdf5Writer writer(out, false);
    FAIL() << "expected IoError";
  } catch (const model::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("exists; use --force"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(file_text(out), "earlier results");
  EXPECT_FALSE(fs::exists(dir_ / "run.h5.part"));
}

TEST_F(Hdf5WriterTest, ForceReplacesExistingOutputOnlyWhenTheRunCompletes) {
  const fs::path out = dir_ / "run.h5";
  std::ofstream(out) << "earlier results";
  {
    Hdf5Writer writer(out, true);
    EXPECT_EQ(file_text(out), "earlier results");  // untouched while the run goes on
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim_.run(observers), RunOutcome::kCompleted);
  }
  EXPECT_GT(H5Fis_hdf5(out.c_str()), 0);
  EXPECT_FALSE(fs::exists(dir_ / "run.h5.part"));
}

TEST_F(Hdf5WriterTest, MissingDirectoryThrowsAndCreatesNothing) {
  const fs::path out = dir_ / "no_such_dir" / "run.h5";
  try {
    Hdf5Writer writer(out, false);
    FAIL() << "expected IoError";
  } catch (const model::IoError& e) {
    EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Hdf5WriterTest, DirectoryThatIsAFileThrowsAndCreatesNothing) {
  std::ofstream(dir_ / "plain_file") << "x";
  const fs::path out = dir_ / "plain_file" / "run.h5";
  EXPECT_THROW(Hdf5Writer(out, true), model::IoError);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(Hdf5WriterTest, ReadOnlyDirectoryThrowsAndCreatesNothing) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write into read-only directories";
  const fs::path ro = dir_ / "read_only";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  try {
    Hdf5Writer writer(ro / "run.h5", false);
    FAIL() << "expected IoError";
  } catch (const model::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("Permission denied"), std::string::npos) << e.what();
  }
  fs::permissions(ro, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(ro));
}

TEST_F(Hdf5WriterTest, InterruptedRunKeepsEveryFinishedSampleInThePartFile) {
  const fs::path out = dir_ / "run.h5";
  ASSERT_EQ(run(out, false, 8), RunOutcome::kInterrupted);  // stops after step 8 (t = 8 h)
  EXPECT_FALSE(fs::exists(out));
  const fs::path part = dir_ / "run.h5.part";
  ASSERT_TRUE(fs::exists(part));
  const Id file = open_file(part);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(read<double>(file.get(), "/timeseries/time_h", H5T_NATIVE_DOUBLE),
            (std::vector<double>{0.0, 6.0}));
  EXPECT_EQ(shape(file.get(), "/timeseries/distant/tumor_viable"), std::vector<hsize_t>{2});
  EXPECT_EQ(shape(file.get(), "/snapshots/primary/cell_state"),
            (std::vector<hsize_t>{1, 16, 16, 16}));
}

TEST_F(Hdf5WriterTest, WriterDestroyedWithoutFinishLeavesAReadablePartFile) {
  const fs::path out = dir_ / "run.h5";
  {
    Hdf5Writer writer(out, false);
    writer.on_start(sim_);
    writer.on_sample(sim_);
    sim_.advance();
    writer.on_sample(sim_);
    // An exception unwinding the run destroys the writer without on_finish.
  }
  EXPECT_FALSE(fs::exists(out));
  const Id file = open_file(dir_ / "run.h5.part");
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(read<double>(file.get(), "/timeseries/time_h", H5T_NATIVE_DOUBLE),
            (std::vector<double>{0.0, 1.0}));
}

TEST_F(Hdf5WriterTest, UnusedWriterLeavesNoFile) {
  { Hdf5Writer writer(dir_ / "run.h5", false); }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Hdf5WriterTest, FullDiskSurfacesAsIoError) {
  // A file-size limit makes every write past 16 KiB fail (EFBIG), as a full disk would; the
  // signal that comes with it is ignored so that the error reaches the writer. HDF5 cannot
  // close a file whose metadata it failed to write (its id stays open and its exit handler
  // then crashes), so the run happens in a child process that leaves with _Exit, as isvsim
  // leaves right after such an error.
  // The child is this binary run again: it writes into the parent's directory (its parent pid).
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto dir_of = [](pid_t pid) {
    return fs::temp_directory_path() / ("isvsim_hdf5_full_disk_" + std::to_string(pid));
  };
  const fs::path out = dir_of(::getpid()) / "run.h5";
  fs::create_directories(out.parent_path());
  EXPECT_EXIT(
      {
        std::signal(SIGXFSZ, SIG_IGN);
        Hdf5Writer writer(dir_of(::getppid()) / "run.h5", false);
        scenarios::Observer* observers[] = {&writer};
        struct rlimit small {};
        getrlimit(RLIMIT_FSIZE, &small);
        small.rlim_cur = 16 << 10;
        setrlimit(RLIMIT_FSIZE, &small);
        try {
          sim_.run(observers);
        } catch (const model::IoError& e) {
          std::fprintf(stderr, "IoError: %s\n", e.what());
          std::_Exit(0);
        }
        std::_Exit(1);
      },
      ::testing::ExitedWithCode(0), "IoError: .*run.h5.part");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::exists(out.string() + ".part")) << "finished records are kept";
  fs::remove_all(out.parent_path());
}

TEST_F(Hdf5WriterTest, FailedDiskReservationIsAnIoErrorNamingTheFile) {
  // The writer reserves space before each record so that a full disk fails before HDF5
  // writes; a reservation beyond any file system's limit fails the same way.
  const fs::path path = dir_ / "reserved.bin";
  std::ofstream(path) << "x";
  DiskReservation reservation(path);
  EXPECT_NO_THROW(reservation.reserve(std::uint64_t{1} << 20));
  try {
    reservation.reserve(std::uint64_t{1} << 62);
    FAIL() << "expected IoError";
  } catch (const model::IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(fs::file_size(path), 1u);  // reservations never change the file's size
}

TEST_F(Hdf5WriterTest, FileIsTheSameWhateverTheThreadCount) {
  std::string bytes[2];
  for (int threads : {1, 2}) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    Simulation sim(scenario_);
    const fs::path out = dir_ / ("run" + std::to_string(threads) + ".h5");
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), RunOutcome::kCompleted);
    bytes[threads - 1] = file_text(out);
  }
  EXPECT_FALSE(bytes[0].empty());
  EXPECT_TRUE(bytes[0] == bytes[1]) << "output files differ between 1 and 2 threads";
}

TEST_F(Hdf5WriterTest, SummaryReportsGrowthPerLesion) {
  RunSummary summary;
  summary.on_sample(sim_);
  const std::string before = summary.text(sim_);
  EXPECT_NE(before.find("Lesion 'primary'"), std::string::npos) << before;
  EXPECT_NE(before.find("n/a"), std::string::npos) << before;  // no time has passed
  ASSERT_EQ(run(dir_ / "run.h5"), RunOutcome::kCompleted);
  const std::string after = summary.text(sim_);
  EXPECT_NE(after.find("Lesion 'distant'"), std::string::npos) << after;
  EXPECT_NE(after.find("doubling time"), std::string::npos) << after;
  EXPECT_NE(after.find(std::to_string(sim_.lesions()[1].readouts().tumor_viable)),
            std::string::npos)
      << after;
}

// A mean-field lesion has time series like any lesion but no lattice snapshots.
TEST_F(Hdf5WriterTest, MeanFieldLesionHasTimeSeriesButNoSnapshots) {
  const Scenario sc = scenarios::parse_scenario(
      "[run]\nduration_days = 0.5\n[output]\nsample_every_h = 6.0\nsnapshot_every_h = 6.0\n"
      "[lesions.a.lattice]\nnx = 8\nny = 8\nnz = 8\n[lesions.a.tumor]\ninitial_radius_um = 40.0\n"
      "[lesions.m]\nkind = \"mean_field\"\n[lesions.m.lattice]\nnx = 8\nny = 8\nnz = 8\n"
      "[lesions.m.tumor]\ninitial_radius_um = 40.0\n",
      "mixed.toml");
  Simulation sim(sc);
  const fs::path out = dir_ / "mixed.h5";
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), RunOutcome::kCompleted);
  }
  const Id file = open_file(out);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(read<std::int64_t>(file.get(), "/timeseries/m/tumor_viable", H5T_NATIVE_INT64).back(),
            sim.lesions()[1].readouts().tumor_viable);
  EXPECT_TRUE(exists(file.get(), "/snapshots/a/cell_state"));
  EXPECT_FALSE(exists(file.get(), "/snapshots/m"));
}

// A population lesion (clinical scale) is snapshot like an agent lesion: cell-state codes and
// density fields whose integral over the voxels is the read-out of the same time.
TEST_F(Hdf5WriterTest, PopulationLesionIsSnapshotWithDensityFields) {
  const Scenario sc = scenarios::parse_scenario(
      "[run]\nduration_days = 4\nstep_h = 24.0\n[output]\nsample_every_h = 48.0\n"
      "snapshot_every_h = 48.0\n[lesions.p]\nkind = \"population\"\n[lesions.p.lattice]\n"
      "nx = 12\nny = 12\nnz = 12\nvoxel_um = 500.0\n[lesions.p.tumor]\n"
      "initial_radius_um = 2000.0\n",
      "pop.toml");
  Simulation sim(sc);
  const fs::path out = dir_ / "pop.h5";
  {
    Hdf5Writer writer(out, false);
    scenarios::Observer* observers[] = {&writer};
    ASSERT_EQ(sim.run(observers), RunOutcome::kCompleted);
  }
  const Id file = open_file(out);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(shape(file.get(), "/snapshots/p/cell_state"), (std::vector<hsize_t>{3, 12, 12, 12}));
  const std::vector<float> viable =
      read<float>(file.get(), "/snapshots/p/fields/tumor_viable_per_mm3", H5T_NATIVE_FLOAT);
  const std::vector<std::uint8_t> codes =
      read<std::uint8_t>(file.get(), "/snapshots/p/cell_state", H5T_NATIVE_UINT8);
  ASSERT_EQ(viable.size(), 3U * 1728U);
  double last = 0.0;  // the last snapshot (day 4), in cells
  for (std::size_t v = 2 * 1728; v < viable.size(); ++v) last += viable[v] * 0.125;
  EXPECT_NEAR(last / static_cast<double>(sim.lesions()[0].readouts().tumor_viable), 1.0, 1e-5);
  EXPECT_GT(std::count(codes.begin(), codes.end(),
                       static_cast<std::uint8_t>(agents::VoxelCode::kTumorCycling)),
            0);
  EXPECT_TRUE(exists(file.get(), "/snapshots/p/fields/cd8_per_mm3"));
}

}  // namespace
}  // namespace isv::output
