// Output files that cannot hurt the user (docs/checkpoint.md, "Safe paths"): a symbolic link
// planted at the partial file is never followed, only regular files are replaced (even with
// --force), and a resume never deletes or overwrites another run's partial output.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "model/checkpoint_io.hpp"
#include "model/errors.hpp"
#include "model/hash.hpp"
#include "output/hdf5_writer.hpp"
#include "output/part_file.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToml = R"(
[run]
duration_days = 0.25
seed = 3
step_h = 1.0

[output]
sample_every_h = 2.0
snapshot_every_h = 3.0

[lesions.primary.lattice]
nx = 8
ny = 8
nz = 8

[lesions.primary.tumor]
initial_radius_um = 40.0
)";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SafeOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("isvsim_safe_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(victim_) << "precious";
  }
  void TearDown() override {
    fs::remove_all(dir_);
    fs::remove(victim_);
  }

  void run(const fs::path& out, bool force = false) {
    const scenarios::Scenario sc = scenarios::parse_scenario(kToml, "safe.toml");
    scenarios::Simulation sim(sc);
    Hdf5Writer writer(out, force);
    scenarios::Observer* observers[] = {&writer};
    sim.run(observers);
  }

  fs::path dir_;
  fs::path victim_ =
      fs::temp_directory_path() / ("isvsim_safe_victim_" + std::to_string(::getpid()));
};

TEST_F(SafeOutputTest, SymlinkPlantedAtThePartFileIsNotFollowed) {
  fs::create_symlink(victim_, dir_ / "run.h5.part");
  run(dir_ / "run.h5");
  EXPECT_EQ(read_all(victim_), "precious");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(dir_ / "run.h5")));
}

TEST_F(SafeOutputTest, ForceReplacesOnlyRegularFiles) {
  fs::create_symlink(victim_, dir_ / "link.h5");
  EXPECT_THROW(run(dir_ / "link.h5", true), model::IoError);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.h5"));
  ASSERT_EQ(::mkfifo((dir_ / "fifo.h5").c_str(), 0600), 0);
  try {
    run(dir_ / "fifo.h5", true);
    FAIL() << "a pipe was replaced";
  } catch (const model::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("is a pipe"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir_ / "fifo.h5.part"));
  // A real device node where the system allows creating one (root in a container may not).
  if (::mknod((dir_ / "null.h5").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) {
    EXPECT_THROW(run(dir_ / "null.h5", true), model::IoError);
    EXPECT_TRUE(fs::is_character_file(dir_ / "null.h5")) << "the device node was replaced";
  }
  EXPECT_EQ(read_all(victim_), "precious");
}

TEST_F(SafeOutputTest, OutputScenarioHashIdentifiesTheRunAndToleratesDamage) {
  run(dir_ / "run.h5");
  const scenarios::Scenario sc = scenarios::parse_scenario(kToml, "safe.toml");
  EXPECT_EQ(output_scenario_hash(dir_ / "run.h5"), model::fnv1a64(sc.effective_toml));
  std::ofstream(dir_ / "junk.h5") << "not an HDF5 file";
  EXPECT_FALSE(output_scenario_hash(dir_ / "junk.h5").has_value());
  EXPECT_FALSE(output_scenario_hash(dir_ / "missing.h5").has_value());
}

TEST_F(SafeOutputTest, ImageOfAnotherRunIsRefusedAndThePartKept) {
  run(dir_ / "other.h5");  // a complete file of this scenario, used as another run's image
  const fs::path part = dir_ / "mine.h5.part";
  std::ofstream(dir_ / "image") << read_all(dir_ / "other.h5");
  model::CheckpointWriter w;
  model::write_checkpoint_file(dir_ / "c.ckpt", {model::kCheckpointFormatVersion, "1", 1, 1},
                               w.payload(), dir_ / "image");
  model::CheckpointFile ckpt = model::read_checkpoint_file(dir_ / "c.ckpt");
  fs::copy_file(dir_ / "other.h5", part);
  const std::string before = read_all(part);
  // The part file's scenario hash differs from the one the checkpoint claims: refused.
  EXPECT_THROW(install_checkpoint_image(ckpt.image, part, 12345, ckpt.payload),
               model::CheckpointError);
  EXPECT_EQ(read_all(part), before);
  // A damaged part file is kept aside, never deleted, and the image takes its place.
  std::ofstream(part, std::ios::trunc) << "damaged by a crash";
  const scenarios::Scenario sc = scenarios::parse_scenario(kToml, "safe.toml");
  install_checkpoint_image(ckpt.image, part, model::fnv1a64(sc.effective_toml), ckpt.payload);
  EXPECT_EQ(read_all(part.string() + ".unreadable"), "damaged by a crash");
  EXPECT_EQ(read_all(part), read_all(dir_ / "other.h5"));
}

}  // namespace
}  // namespace isv::output
