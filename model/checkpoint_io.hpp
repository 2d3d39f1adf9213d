// A small binary archive for checkpoints (docs/checkpoint.md): a header (magic, format
// version, isvsim version, scenario hash, step, sizes, FNV-1a checksums), a payload of typed
// values in native byte order, and an image: the bytes of the run's output file as they stood
// when the checkpoint was taken, so that a resume never depends on the output file itself. Classes
// with state write and read it through one `visit_state(self, archive)` template, so saving and
// loading cannot drift apart: `ar(a, b, c)` writes with a CheckpointWriter and reads with a
// CheckpointReader.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "model/errors.hpp"

namespace isv::model {

// A checkpoint that cannot be used: damaged, from another scenario or another isvsim version.
// The message names the file. A ConfigError, so the command line exits with code 2.
class CheckpointError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

// What identifies a checkpoint besides its payload.
struct CheckpointHeader {
  std::uint32_t format_version = 0;
  std::string isvsim_version;
  std::uint64_t scenario_hash = 0;  // FNV-1a of the effective scenario TOML
  std::int64_t step = 0;            // the simulation step the state belongs to
};

inline constexpr std::uint32_t kCheckpointFormatVersion = 4;

// Where a verified checkpoint keeps its image (the output file's bytes) and their checksum.
struct CheckpointImage {
  std::filesystem::path file;  // the checkpoint file
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint64_t checksum = 0;  // FNV-1a 64 of the image bytes
};

namespace checkpoint_detail {
template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};
// Raw bytes are only safe for plain values; bool vectors have no data().
template <class T>
inline constexpr bool kRaw = std::is_trivially_copyable_v<T> && !IsVector<T>::value;
}  // namespace checkpoint_detail

class CheckpointWriter {
 public:
  template <class... Ts>
  void operator()(const Ts&... values) {
    (put(values), ...);
  }
  // A short label checked on reading: a misplaced read fails with the label's name instead of
  // silently reading garbage.
  void section(std::string_view label) { put(std::string(label)); }
  const std::vector<unsigned char>& payload() const noexcept { return bytes_; }

 private:
  void put_bytes(const void* data, std::size_t n) {
    if (n == 0) return;
    const std::size_t at = bytes_.size();
    bytes_.resize(at + n);
    std::memcpy(bytes_.data() + at, data, n);
  }
  template <class T>
  void put(const T& v) {
    using namespace checkpoint_detail;
    if constexpr (std::is_same_v<T, std::string>) {
      put(static_cast<std::uint64_t>(v.size()));
      put_bytes(v.data(), v.size());
    } else if constexpr (IsVector<T>::value) {
      static_assert(!std::is_same_v<typename T::value_type, bool>, "use std::uint8_t flags");
      put(static_cast<std::uint64_t>(v.size()));
      if constexpr (kRaw<typename T::value_type>)
        put_bytes(v.data(), v.size() * sizeof(typename T::value_type));
      else
        for (const auto& e : v) put(e);
    } else if constexpr (kRaw<T>) {
      put_bytes(&v, sizeof v);
    } else {
      visit_state(v, *this);  // a composite: found by argument-dependent lookup
    }
  }

  std::vector<unsigned char> bytes_;
};

class CheckpointReader {
 public:
  // `source` names the file in error messages.
  CheckpointReader(std::vector<unsigned char> payload, std::string source)
      : bytes_(std::move(payload)), source_(std::move(source)) {}

  template <class... Ts>
  void operator()(Ts&... values) {
    (get(values), ...);
  }
  void section(std::string_view label);
  const std::string& source() const noexcept { return source_; }
  bool at_end() const noexcept { return pos_ == bytes_.size(); }
  // Throws CheckpointError naming the file: "checkpoint F: <what>".
  [[noreturn]] void fail(const std::string& what) const;

 private:
  void get_bytes(void* out, std::size_t n) {
    if (n == 0) return;  // an empty vector's data() may be null: memcpy must not see it
    if (n > bytes_.size() - pos_) fail("payload ends early (truncated or damaged)");
    std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
  }
  std::size_t get_count(std::size_t element_bytes) {
    std::uint64_t n = 0;
    get(n);
    if (element_bytes > 0 && n > (bytes_.size() - pos_) / element_bytes)
      fail("a stored length exceeds the payload (damaged)");
    return static_cast<std::size_t>(n);
  }
  template <class T>
  void get(T& v) {
    using namespace checkpoint_detail;
    if constexpr (std::is_same_v<T, std::string>) {
      v.resize(get_count(1));
      get_bytes(v.data(), v.size());
    } else if constexpr (IsVector<T>::value) {
      using E = typename T::value_type;
      if constexpr (kRaw<E>) {
        v.resize(get_count(sizeof(E)));
        get_bytes(v.data(), v.size() * sizeof(E));
      } else {
        v.resize(get_count(1));
        for (auto& e : v) get(e);
      }
    } else if constexpr (kRaw<T>) {
      get_bytes(&v, sizeof v);
    } else {
      visit_state(v, *this);
    }
  }

  std::vector<unsigned char> bytes_;
  std::size_t pos_ = 0;
  std::string source_;
};

// FNV-1a (64-bit) over bytes: the payload checksum.
std::uint64_t checkpoint_checksum(const std::vector<unsigned char>& bytes) noexcept;

// Writes header + payload + image to `path` atomically: into `path`.tmp (created afresh, never
// through a symbolic link), fsync, rename over `path` (a regular file or nothing), fsync of
// the directory. A crash at any moment leaves the previous checkpoint or the new one, never a
// torn file. `image_source` is copied in whole (empty path: no image). Throws IoError.
void write_checkpoint_file(const std::filesystem::path& path, const CheckpointHeader& header,
                           const std::vector<unsigned char>& payload,
                           const std::filesystem::path& image_source = {});

// Reads and verifies magic, format version, sizes and both checksums; throws CheckpointError
// (naming the file) for anything wrong: a missing, unreadable or non-regular file, bad framing,
// a checksum mismatch. Memory use is the payload's size: the image is checked by streaming.
// Version and scenario are checked by the caller, who knows what to expect.
struct CheckpointFile {
  CheckpointHeader header;
  CheckpointReader payload;
  CheckpointImage image;
};
CheckpointFile read_checkpoint_file(const std::filesystem::path& path);

// Copies a verified checkpoint's image into `dest`, created afresh (never through a link) and
// synced; throws CheckpointError if the bytes no longer match their checksum, IoError if they
// cannot be written. The caller renames `dest` into place.
void extract_checkpoint_image(const CheckpointImage& image, const std::filesystem::path& dest);

}  // namespace isv::model
