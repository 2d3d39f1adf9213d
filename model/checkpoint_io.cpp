// Checkpoint file framing: header, checksum, atomic replace (see checkpoint_io.hpp).
#include "model/checkpoint_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "model/safe_file.hpp"

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

// The sizes and checksums that frame a payload and its image.
struct Framing {
  std::uint64_t payload_size = 0;
  std::uint64_t image_size = 0;
  std::uint64_t image_checksum = 0;
};

// Everything before the checksum: magic, format, version, scenario hash, step, framing.
std::vector<unsigned char> header_bytes(const CheckpointHeader& h, const Framing& f) {
  std::vector<unsigned char> out;
  out.reserve(80 + h.isvsim_version.size());
  append(out, kMagic);
  append(out, h.format_version);
  append(out, static_cast<std::uint32_t>(h.isvsim_version.size()));
  for (const char c : h.isvsim_version) append(out, c);
  append(out, h.scenario_hash);
  append(out, h.step);
  append(out, f.payload_size);
  append(out, f.image_size);
  append(out, f.image_checksum);
  return out;
}

// The header with its checksum (over the header and the payload) appended.
std::vector<unsigned char> framed_header(const CheckpointHeader& h, const Framing& f,
                                         const std::vector<unsigned char>& payload) {
  std::vector<unsigned char> bytes = header_bytes(h, f);
  append(bytes,
         fnv1a(payload.data(), payload.size(), fnv1a(bytes.data(), bytes.size(), kFnvBasis)));
  return bytes;
}

std::string errno_text() { return std::system_category().message(errno); }

// Reads exactly `n` bytes at `offset`; false if the file ends first.
bool read_at(int fd, void* out, std::size_t n, std::uint64_t offset) {
  auto* p = static_cast<unsigned char*>(out);
  while (n > 0) {
    const ssize_t got = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

// FNV-1a of `size` bytes of `fd` from `offset`, read in blocks (no copy is written).
std::uint64_t checksum_range(int fd, std::uint64_t offset, std::uint64_t size,
                             const fs::path& path) {
  std::uint64_t h = kFnvBasis;
  if (!for_each_block(fd, offset, size, path, [&](std::span<const unsigned char> block) {
        h = fnv1a(block.data(), block.size(), h);
      }))
    throw CheckpointError("checkpoint '" + path.string() + "': image ends early (truncated)");
  return h;
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
                           const std::vector<unsigned char>& payload,
                           const fs::path& image_source) {
  const fs::path tmp = path.string() + ".tmp";
  FileDescriptor image;
  Framing framing{payload.size(), 0, kFnvBasis};
  if (!image_source.empty()) {
    image = FileDescriptor(::open(image_source.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (image.get() < 0 || ::fstat(image.get(), &st) != 0)
      throw IoError("cannot read '" + image_source.string() + "' for checkpoint '" + path.string() +
                    "': " + errno_text());
    framing.image_size = static_cast<std::uint64_t>(st.st_size);
  }
  FileDescriptor out(create_fresh_file(tmp, "checkpoint"));
  try {
    // The checksums are known only after the image is copied: the header is written twice.
    write_fully(out.get(), framed_header(header, framing, payload), tmp);
    write_fully(out.get(), payload, tmp);
    std::uint64_t image_sum = kFnvBasis;
    if (framing.image_size > 0)
      copy_range(image.get(), 0, framing.image_size, out.get(), image_source, tmp,
                 [&](std::span<const unsigned char> block) {
                   image_sum = fnv1a(block.data(), block.size(), image_sum);
                 });
    framing.image_checksum = image_sum;
    const std::vector<unsigned char> head = framed_header(header, framing, payload);
    if (::lseek(out.get(), 0, SEEK_SET) != 0)
      throw IoError("cannot write checkpoint '" + tmp.string() + "': " + errno_text());
    write_fully(out.get(), head, tmp);
    sync_file(out.get(), tmp);
    out.close(tmp);
    rename_into_place(tmp, path, "checkpoint");
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

CheckpointFile read_checkpoint_file(const fs::path& path) {
  const std::string name = path.string();
  auto refuse = [&](const std::string& what) -> void {
    throw CheckpointError("checkpoint '" + name + "': " + what);
  };
  auto damaged = [&](const std::string& what) { refuse(what + " (damaged or not a checkpoint)"); };
  const FileDescriptor in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (in.get() < 0 || ::fstat(in.get(), &st) != 0) refuse("cannot read it: " + errno_text());
  if (S_ISDIR(st.st_mode)) refuse("is a directory, not a checkpoint file");
  if (!S_ISREG(st.st_mode)) refuse("is not a regular file (a device or pipe?)");
  const auto file_size = static_cast<std::uint64_t>(st.st_size);

  char magic[sizeof kMagic];
  CheckpointHeader h;
  std::uint32_t version_bytes = 0;
  if (!read_at(in.get(), magic, sizeof magic, 0) || std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    damaged("bad magic");
  std::uint64_t at = sizeof magic;
  auto next = [&](auto& value) {
    if (!read_at(in.get(), &value, sizeof value, at)) damaged("header ends early");
    at += sizeof value;
  };
  next(h.format_version);
  if (h.format_version != kCheckpointFormatVersion)
    refuse("format version " + std::to_string(h.format_version) + ", this isvsim reads " +
           std::to_string(kCheckpointFormatVersion) +
           "; finish the run with the isvsim that wrote it");
  next(version_bytes);
  if (version_bytes > kMaxVersionBytes) damaged("bad version field");
  h.isvsim_version.resize(version_bytes);
  for (char& c : h.isvsim_version) next(c);
  Framing f;
  std::uint64_t stored_sum = 0;
  next(h.scenario_hash);
  next(h.step);
  next(f.payload_size);
  next(f.image_size);
  next(f.image_checksum);
  next(stored_sum);
  if (f.payload_size > file_size - at || f.image_size != file_size - at - f.payload_size)
    damaged("file holds " + std::to_string(file_size) + " bytes, header says " +
            std::to_string(at) + " + " + std::to_string(f.payload_size) + " + " +
            std::to_string(f.image_size) + " (truncated?)");
  std::vector<unsigned char> payload(static_cast<std::size_t>(f.payload_size));
  if (!read_at(in.get(), payload.data(), payload.size(), at)) damaged("payload ends early");
  const std::vector<unsigned char> head = header_bytes(h, f);
  if (fnv1a(payload.data(), payload.size(), fnv1a(head.data(), head.size(), kFnvBasis)) !=
      stored_sum)
    damaged("checksum mismatch");
  const CheckpointImage image{path, at + f.payload_size, f.image_size, f.image_checksum};
  if (checksum_range(in.get(), image.offset, image.size, path) != image.checksum)
    damaged("checksum mismatch in the output image");
  return {std::move(h), CheckpointReader(std::move(payload), name), image};
}

void extract_checkpoint_image(const CheckpointImage& image, const fs::path& dest) {
  const FileDescriptor in(::open(image.file.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0)
    throw CheckpointError("checkpoint '" + image.file.string() +
                          "': cannot read it: " + errno_text());
  FileDescriptor out(create_fresh_file(dest, "output file"));
  try {
    std::uint64_t sum = kFnvBasis;
    copy_range(in.get(), image.offset, image.size, out.get(), image.file, dest,
               [&](std::span<const unsigned char> block) {
                 sum = fnv1a(block.data(), block.size(), sum);
               });
    if (sum != image.checksum)
      throw CheckpointError("checkpoint '" + image.file.string() +
                            "': output image changed since it was verified (damaged)");
    sync_file(out.get(), dest);
    out.close(dest);
  } catch (...) {
    ::unlink(dest.c_str());
    throw;
  }
}

}  // namespace isv::model
