// Disk space reservation with fallocate(FALLOC_FL_KEEP_SIZE) on Linux.
#include "output/disk_reservation.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "model/errors.hpp"

namespace isv::output {

DiskReservation::DiskReservation(const std::filesystem::path& path) : path_(path.string()) {
#if defined(__linux__) && defined(FALLOC_FL_KEEP_SIZE)
  fd_ = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
#endif
}

DiskReservation::~DiskReservation() {
  if (fd_ < 0) return;
  // Truncating to the current size frees blocks allocated past the end (ext4, xfs, tmpfs).
  struct stat st {};
  if (::fstat(fd_, &st) == 0) {
    [[maybe_unused]] const int ignored = ::ftruncate(fd_, st.st_size);
  }
  ::close(fd_);
}

void DiskReservation::reserve(std::uint64_t bytes) {
  if (fd_ < 0 || bytes == 0) return;
#if defined(__linux__) && defined(FALLOC_FL_KEEP_SIZE)
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return;
  if (::fallocate(fd_, FALLOC_FL_KEEP_SIZE, st.st_size, static_cast<off_t>(bytes)) == 0) return;
  const int error = errno;
  if (error == EOPNOTSUPP || error == ENOSYS || error == ENODEV || error == EINVAL) {
    ::close(fd_);  // this file system cannot reserve; HDF5 itself will report a full disk
    fd_ = -1;
    return;
  }
  throw model::IoError("writing '" + path_ + "' failed: " + std::system_category().message(error) +
                       " (while reserving " + std::to_string(bytes >> 10) +
                       " KiB for the next record)");
#endif
}

}  // namespace isv::output
