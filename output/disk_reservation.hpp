// Disk space reserved ahead of HDF5's writes, so that a full disk shows up as a failed
// reservation, before HDF5 writes anything, rather than as a failed HDF5 flush. HDF5 1.10
// cannot close a file after a failed flush and then crashes at exit (h5py#914; fixed in HDF5
// 1.14.1 by HDFGroup/hdf5#2291); failing early also keeps the ".part" file intact.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace isv::output {

class DiskReservation {
 public:
  // Opens `path` (an existing file) for reservations. Where the file system cannot reserve
  // space (or outside Linux) every reserve() does nothing.
  explicit DiskReservation(const std::filesystem::path& path);
  ~DiskReservation();  // returns the unused reserved blocks past the end of the file
  DiskReservation(const DiskReservation&) = delete;
  DiskReservation& operator=(const DiskReservation&) = delete;

  // Makes sure `bytes` past the current end of the file are allocated on disk, without
  // changing the file's size. Throws model::IoError naming the file and the reason (no space
  // left, quota exceeded).
  void reserve(std::uint64_t bytes);

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace isv::output
