// Checkpoint file framing: header, checksum, atomic replace (see checkpoint_io.hpp).
#include "model/checkpoint_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <system_error>

namespace isv::model {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'I', 'S', 'V', 'C', 'K', 'P', 'T', '\n'};
constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
constexpr std::size_t kMaxVersionBytes = 256;

std::uint64_t fnv1a(const unsigned char* p, std::size_t n, std::uint64_t h) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= kFnvPrime;
  }
  return h;
}

template <class T>
void append(std::vector<unsigned char>& out, const T& v) {
  const std::size_t at = out.size();
  out.resize(at + sizeof v);
  std::memcpy(out.data() + at, &v, sizeof v);
}

// Everything before the checksum: magic, format, version, scenario hash, step, payload size.
std::vector<unsigned char> header_bytes(const CheckpointHeader& h, std::uint64_t payload_size) {
  std::vector<unsigned char> out;
  out.reserve(64 + h.isvsim_version.size());
  append(out, kMagic);
  append(out, h.format_version);
  append(out, static_cast<std::uint32_t>(h.isvsim_version.size()));
  for (const char c : h.isvsim_version) append(out, c);
  append(out, h.scenario_hash);
  append(out, h.step);
  append(out, payload_size);
  return out;
}

std::string errno_text() { return std::system_category().message(errno); }

void write_all(int fd, const std::vector<unsigned char>& bytes, const fs::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError("cannot write checkpoint '" + path.string() + "': " + errno_text());
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

void CheckpointReader::section(std::string_view label) {
  std::string found;
  get(found);
  if (found != label)
    fail("expected section '" + std::string(label) + "', found '" + found.substr(0, 40) +
         "' (damaged, or written by a different layout)");
}

void CheckpointReader::fail(const std::string& what) const {
  throw CheckpointError("checkpoint '" + source_ + "': " + what);
}

std::uint64_t checkpoint_checksum(const std::vector<unsigned char>& bytes) noexcept {
  return fnv1a(bytes.data(), bytes.size(), kFnvBasis);
}

void write_checkpoint_file(const fs::path& path, const CheckpointHeader& header,
                           const std::vector<unsigned char>& payload) {
  std::vector<unsigned char> bytes = header_bytes(header, payload.size());
  const std::uint64_t sum =
      fnv1a(payload.data(), payload.size(), fnv1a(bytes.data(), bytes.size(), kFnvBasis));
  append(bytes, sum);
  bytes.insert(bytes.end(), payload.begin(), payload.end());

  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("cannot create checkpoint '" + tmp.string() + "': " + errno_text());
  try {
    write_all(fd, bytes, tmp);
    if (::fsync(fd) != 0)
      throw IoError("cannot sync checkpoint '" + tmp.string() + "': " + errno_text());
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = errno_text();
    ::unlink(tmp.c_str());
    throw IoError("cannot rename '" + tmp.string() + "' to '" + path.string() + "': " + reason);
  }
  // The rename itself is durable only once the directory is synced.
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

CheckpointFile read_checkpoint_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckpointError("cannot read checkpoint '" + path.string() + "': " + errno_text());
  const std::vector<unsigned char> all((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
  CheckpointReader head(all, path.string());
  auto damaged = [&](const std::string& what) {
    head.fail(what + " (damaged or not a checkpoint)");
  };
  if (all.size() < sizeof kMagic || std::memcmp(all.data(), kMagic, sizeof kMagic) != 0)
    damaged("bad magic");
  char magic[sizeof kMagic];
  CheckpointHeader h;
  std::uint32_t version_bytes = 0;
  head(magic, h.format_version, version_bytes);
  if (version_bytes > kMaxVersionBytes) damaged("bad version field");
  h.isvsim_version.resize(version_bytes);
  for (char& c : h.isvsim_version) head(c);
  std::uint64_t payload_size = 0, stored_sum = 0;
  head(h.scenario_hash, h.step, payload_size);
  const std::size_t header_size = header_bytes(h, payload_size).size();
  head(stored_sum);
  const std::size_t payload_at = header_size + sizeof stored_sum;
  if (all.size() - payload_at != payload_size)
    damaged("payload holds " + std::to_string(all.size() - payload_at) + " bytes, header says " +
            std::to_string(payload_size) + " (truncated?)");
  const std::uint64_t sum =
      fnv1a(all.data() + payload_at, payload_size, fnv1a(all.data(), header_size, kFnvBasis));
  if (sum != stored_sum) damaged("checksum mismatch");
  if (h.format_version != kCheckpointFormatVersion)
    head.fail("format version " + std::to_string(h.format_version) + ", this isvsim reads " +
              std::to_string(kCheckpointFormatVersion));
  std::vector<unsigned char> payload(all.begin() + static_cast<std::ptrdiff_t>(payload_at),
                                     all.end());
  return {std::move(h), CheckpointReader(std::move(payload), path.string())};
}

}  // namespace isv::model
