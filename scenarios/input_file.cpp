// Size-limited reading of input files (see input_file.hpp).
#include "scenarios/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "model/errors.hpp"
#include "scenarios/message_text.hpp"

namespace isv::scenarios {

namespace {

// Closes the descriptor on every path out of read_input_file.
class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string mib(std::uintmax_t bytes) {
  const double m = static_cast<double>(bytes) / (1024.0 * 1024.0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", m);
  return buf;
}

}  // namespace

std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::uintmax_t max_bytes) {
  const std::string shown = printable(path.string(), kMessagePathChars);
  const std::string head = std::string(what) + " '" + shown + "'";
  // A named pipe blocks here until its writer opens it, as a user who names one expects.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) throw model::ConfigError("cannot open " + head + ": " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw model::ConfigError("cannot read " + head + ": " + errno_text(errno));
  const bool regular = S_ISREG(st.st_mode), pipe = S_ISFIFO(st.st_mode);
  if (!regular && !pipe)
    throw model::ConfigError(head + " is " + kind_of(st.st_mode) + ", not a " + std::string(what));
  const std::string limit = mib(max_bytes) + " (" + std::to_string(max_bytes) + " bytes)";
  if (regular && static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    throw model::ConfigError(head + " is " + mib(size) + " (" + std::to_string(size) +
                             " bytes); the limit for a " + std::string(what) + " is " + limit);
  }

  // Read at most max_bytes + 1: a file that grew, or a pipe that streams on, stops there.
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buf, sizeof buf);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw model::ConfigError("cannot read " + head + ": " + errno_text(errno));
    }
    if (got == 0) break;
    text.append(buf, static_cast<std::size_t>(got));
    if (text.size() > max_bytes)
      throw model::ConfigError(head + " holds more than " + limit + ", the limit for a " +
                               std::string(what));
  }
  return text;
}

}  // namespace isv::scenarios
