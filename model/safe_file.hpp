// Files that isvsim creates or replaces, made safe against what a shared directory can hold:
// a planted symbolic link is never followed, and only regular files are ever replaced
// (docs/checkpoint.md, "Safe paths"). Every function throws model::IoError naming the path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace isv::model {

// Throws unless `path` is absent or a regular file: a symbolic link, directory, device or
// pipe in its place is refused (`what` names the file's role in the message).
void require_replaceable(const std::filesystem::path& path, const std::string& what);

// Creates `path` afresh for writing and returns its descriptor: a regular file or a symbolic
// link already there is unlinked (the link, never its target), anything else is refused; the
// file is then created with O_CREAT | O_EXCL | O_NOFOLLOW, so that a link planted in between
// makes the call fail instead of being followed.
int create_fresh_file(const std::filesystem::path& path, const std::string& what);

// Writes all of `bytes` at the descriptor's position (retries short writes and EINTR).
void write_fully(int fd, std::span<const unsigned char> bytes, const std::filesystem::path& path);

// Reads `size` bytes of `in_fd` from `offset` in blocks of up to 1 MiB, passing each to
// `on_block`; returns false if the file ends first. Throws IoError if a read fails.
bool for_each_block(int in_fd, std::uint64_t offset, std::uint64_t size,
                    const std::filesystem::path& in_path,
                    const std::function<void(std::span<const unsigned char>)>& on_block);

// Copies `size` bytes from `in_fd` at `offset` to the position of `out_fd` in blocks, passing
// each block to `on_block` (e.g. to checksum it). Fails if the input ends early.
void copy_range(int in_fd, std::uint64_t offset, std::uint64_t size, int out_fd,
                const std::filesystem::path& in_path, const std::filesystem::path& out_path,
                const std::function<void(std::span<const unsigned char>)>& on_block);

// fsync of the descriptor; closes nothing.
void sync_file(int fd, const std::filesystem::path& path);

// Renames `from` over `to` (a regular file or nothing, checked first) and syncs the directory,
// so that the rename survives a power loss.
void rename_into_place(const std::filesystem::path& from, const std::filesystem::path& to,
                       const std::string& what);

// Writes `text` to PATH.tmp (created fresh), syncs it and renames it over `path`: a reader sees
// the old file or the whole new one, never a torn one. `what` names the file in errors.
void write_text_file_atomically(const std::filesystem::path& path, std::string_view text,
                                const std::string& what);

// fsync of the directory holding `path` (best effort: some file systems refuse it).
void sync_parent_directory(const std::filesystem::path& path);

// Closes a descriptor at scope exit.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) noexcept : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  int get() const noexcept { return fd_; }
  // Closes now; throws if the close reports a write error.
  void close(const std::filesystem::path& path);

 private:
  int fd_;
};

}  // namespace isv::model
