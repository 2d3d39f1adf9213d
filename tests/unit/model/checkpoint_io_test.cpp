// The checkpoint archive: typed values round-trip exactly, and a damaged file or payload is
// refused with a message naming the file instead of being read as garbage.
#include "model/checkpoint_io.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace isv::model {
namespace {

namespace fs = std::filesystem;

struct Plain {
  std::int32_t a = 0;
  double b = 0.0;
};

struct Composite {
  std::string name;
  std::vector<float> values;
};

template <class S, class Ar>
requires std::same_as<std::remove_const_t<S>, Composite>
void visit_state(S& c, Ar& ar) { ar(c.name, c.values); }

TEST(CheckpointIo, ValuesRoundTripBitForBit) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> reals{0.1, -0.0, nan, 1e-308};
  const std::vector<std::vector<std::int64_t>> nested{{1, 2}, {}, {3}};
  const std::array<std::int64_t, 3> fixed{7, 8, 9};
  const std::vector<Composite> composites{{"a", {1.5f}}, {"", {}}};
  CheckpointWriter w;
  w.section("test");
  w(std::uint8_t{200}, Plain{-4, 2.5}, reals, nested, fixed, std::string("text"), composites);

  CheckpointReader r(w.payload(), "memory");
  std::uint8_t u8 = 0;
  Plain plain;
  std::vector<double> reals_back;
  std::vector<std::vector<std::int64_t>> nested_back;
  std::array<std::int64_t, 3> fixed_back{};
  std::string text;
  std::vector<Composite> composites_back;
  r.section("test");
  r(u8, plain, reals_back, nested_back, fixed_back, text, composites_back);
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(u8, 200);
  EXPECT_EQ(plain.a, -4);
  EXPECT_EQ(plain.b, 2.5);
  ASSERT_EQ(reals_back.size(), reals.size());
  EXPECT_EQ(std::memcmp(reals_back.data(), reals.data(), sizeof(double) * reals.size()), 0);
  EXPECT_EQ(nested_back, nested);
  EXPECT_EQ(fixed_back, fixed);
  EXPECT_EQ(text, "text");
  ASSERT_EQ(composites_back.size(), 2u);
  EXPECT_EQ(composites_back[0].name, "a");
  EXPECT_EQ(composites_back[0].values, std::vector<float>{1.5f});
}

TEST(CheckpointIo, WrongSectionNamesBothLabels) {
  CheckpointWriter w;
  w.section("lesion");
  CheckpointReader r(w.payload(), "run.ckpt");
  try {
    r.section("systemic");
    FAIL() << "no error";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("'systemic'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'lesion'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("run.ckpt"), std::string::npos) << e.what();
  }
}

TEST(CheckpointIo, HugeStoredLengthIsRefusedBeforeAllocating) {
  CheckpointWriter w;
  w(std::uint64_t{1} << 60);  // read back as the length of a vector
  CheckpointReader r(w.payload(), "run.ckpt");
  std::vector<double> v;
  EXPECT_THROW(r(v), CheckpointError);
  CheckpointReader short_read(w.payload(), "run.ckpt");
  std::array<std::uint64_t, 2> two{};
  EXPECT_THROW(short_read(two), CheckpointError);
}

TEST(CheckpointIo, FileRoundTripAndEveryFlippedByteIsRefused) {
  const fs::path path =
      fs::temp_directory_path() / ("isvsim_ckpt_io_" + std::to_string(::getpid()) + ".ckpt");
  CheckpointWriter w;
  w(std::vector<std::int32_t>{1, 2, 3}, std::string("payload"));
  const CheckpointHeader header{kCheckpointFormatVersion, "1.2.3", 0xabcdefULL, 42};
  write_checkpoint_file(path, header, w.payload());
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
  {
    CheckpointFile f = read_checkpoint_file(path);
    EXPECT_EQ(f.header.isvsim_version, "1.2.3");
    EXPECT_EQ(f.header.scenario_hash, 0xabcdefULL);
    EXPECT_EQ(f.header.step, 42);
    std::vector<std::int32_t> v;
    std::string s;
    f.payload(v, s);
    EXPECT_EQ(s, "payload");
  }
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x01);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    EXPECT_THROW(read_checkpoint_file(path), CheckpointError) << "flipped byte " << i;
  }
  fs::remove(path);
  EXPECT_THROW(read_checkpoint_file(path), CheckpointError);  // missing: named, exit 2
}

// A scratch directory removed at the end of a test.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("isvsim_ckpt_dir_" + std::to_string(::getpid()));
  ScratchDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CheckpointIo, ImageRoundTripsAndEveryFlippedImageByteIsRefused) {
  const ScratchDir dir;
  const fs::path output = dir.path / "out.h5.part", path = dir.path / "out.h5.ckpt";
  std::string image(300, '\0');
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<char>(i * 7);
  std::ofstream(output, std::ios::binary) << image;
  CheckpointWriter w;
  w(std::string("state"));
  write_checkpoint_file(path, {kCheckpointFormatVersion, "1.2.3", 5, 6}, w.payload(), output);
  const CheckpointFile f = read_checkpoint_file(path);
  EXPECT_EQ(f.image.size, image.size());
  extract_checkpoint_image(f.image, dir.path / "copy");
  EXPECT_EQ(read_all(dir.path / "copy"), image);

  const std::string bytes = read_all(path);
  for (std::size_t i = bytes.size() - image.size(); i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x10);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    EXPECT_THROW(read_checkpoint_file(path), CheckpointError) << "flipped image byte " << i;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 1);
  EXPECT_THROW(read_checkpoint_file(path), CheckpointError) << "one byte short";
}

TEST(CheckpointIo, DirectoryOrDeviceIsRefusedNamingIt) {
  const ScratchDir dir;
  try {
    read_checkpoint_file(dir.path);
    FAIL() << "a directory was read as a checkpoint";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path.string() + "': is a directory"),
              std::string::npos)
        << e.what();
  }
  if (fs::exists("/dev/zero")) {
    // Never read: /dev/zero would otherwise fill memory.
    EXPECT_THROW(read_checkpoint_file("/dev/zero"), CheckpointError);
  }
}

TEST(CheckpointIo, SymlinkPlantedAtTheTemporaryFileIsNotFollowed) {
  const ScratchDir dir;
  const fs::path victim = dir.path / "victim", path = dir.path / "run.h5.ckpt";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, path.string() + ".tmp");
  CheckpointWriter w;
  w(std::string("state"));
  write_checkpoint_file(path, {kCheckpointFormatVersion, "1", 1, 1}, w.payload());
  EXPECT_EQ(read_all(victim), "precious");
  EXPECT_NO_THROW(read_checkpoint_file(path));
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST(CheckpointIo, CheckpointPathThatIsNotARegularFileIsNotReplaced) {
  const ScratchDir dir;
  const fs::path victim = dir.path / "victim", path = dir.path / "run.h5.ckpt";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, path);
  CheckpointWriter w;
  EXPECT_THROW(write_checkpoint_file(path, {kCheckpointFormatVersion, "1", 1, 1}, w.payload()),
               IoError);
  EXPECT_TRUE(fs::is_symlink(path));
  EXPECT_EQ(read_all(victim), "precious");
}

}  // namespace
}  // namespace isv::model
