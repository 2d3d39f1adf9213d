// Safe creation and replacement of output files (see safe_file.hpp).
#include "model/safe_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include "model/errors.hpp"

namespace isv::model {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCopyBlockBytes = std::size_t{1} << 20;

std::string errno_text(int error) { return std::system_category().message(error); }

[[noreturn]] void fail(const std::string& what, const fs::path& path, const std::string& action,
                       int error) {
  throw IoError(what + " '" + path.string() + "': " + action + ": " + errno_text(error));
}

const char* kind_of(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

void require_replaceable(const fs::path& path, const std::string& what) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    fail(what, path, "cannot inspect", errno);
  }
  if (!S_ISREG(st.st_mode))
    throw IoError(what + " '" + path.string() + "' is " + kind_of(st.st_mode) +
                  "; isvsim replaces only regular files: remove it or choose another name");
}

int create_fresh_file(const fs::path& path, const std::string& what) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) require_replaceable(path, what);
    if (::unlink(path.c_str()) != 0) fail(what, path, "cannot remove the old file", errno);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail(what, path, "cannot create", errno);
  return fd;
}

void write_fully(int fd, std::span<const unsigned char> bytes, const fs::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", path, "write", errno);
    done += static_cast<std::size_t>(n);
  }
}

bool for_each_block(int in_fd, std::uint64_t offset, std::uint64_t size, const fs::path& in_path,
                    const std::function<void(std::span<const unsigned char>)>& on_block) {
  std::vector<unsigned char> block(
      static_cast<std::size_t>(std::min<std::uint64_t>(size, kCopyBlockBytes)));
  while (size > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, block.size()));
    const ssize_t n = ::pread(in_fd, block.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", in_path, "read", errno);
    if (n == 0) return false;
    on_block({block.data(), static_cast<std::size_t>(n)});
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::uint64_t>(n);
  }
  return true;
}

void copy_range(int in_fd, std::uint64_t offset, std::uint64_t size, int out_fd,
                const fs::path& in_path, const fs::path& out_path,
                const std::function<void(std::span<const unsigned char>)>& on_block) {
  const bool whole =
      for_each_block(in_fd, offset, size, in_path, [&](std::span<const unsigned char> got) {
        if (on_block) on_block(got);
        write_fully(out_fd, got, out_path);
      });
  if (!whole)
    throw IoError("cannot read '" + in_path.string() +
                  "': it ended early (truncated while being copied?)");
}

void write_text_file_atomically(const fs::path& path, std::string_view text,
                                const std::string& what) {
  fs::path tmp = path;
  tmp += ".tmp";
  FileDescriptor fd(create_fresh_file(tmp, what));
  write_fully(fd.get(),
              std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(text.data()),
                                             text.size()),
              tmp);
  sync_file(fd.get(), tmp);
  fd.close(tmp);
  rename_into_place(tmp, path, what);
}

void sync_file(int fd, const fs::path& path) {
  if (::fsync(fd) != 0) fail("cannot sync", path, "fsync", errno);
}

void sync_parent_directory(const fs::path& path) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void rename_into_place(const fs::path& from, const fs::path& to, const std::string& what) {
  require_replaceable(to, what);
  if (::rename(from.c_str(), to.c_str()) != 0) {
    const int error = errno;
    throw IoError("cannot rename '" + from.string() + "' to '" + to.string() +
                  "': " + errno_text(error));
  }
  sync_parent_directory(to);
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

void FileDescriptor::close(const fs::path& path) {
  const int fd = fd_;
  fd_ = -1;
  if (fd >= 0 && ::close(fd) != 0) fail("cannot close", path, "close", errno);
}

}  // namespace isv::model
