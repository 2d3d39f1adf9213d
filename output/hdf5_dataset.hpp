// HDF5 building blocks of the output file: groups, typed attributes and datasets that grow by
// one record along their first (time) axis. Private to output/ (includes hdf5.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "output/hdf5_handle.hpp"

namespace isv::output::h5 {

// Every object is addressed by its absolute name from the file ("/timeseries/lung"); `file_path`
// is only used in error messages. A `reopened` file (a run resumed from a checkpoint) already
// holds its groups, attributes and datasets: creating a group or writing an attribute does
// nothing, and a GrowingDataset opens the existing dataset.
class FileObjects {
 public:
  FileObjects(hid_t file, std::string file_path, bool reopened = false)
      : file_(file), path_(std::move(file_path)), reopened_(reopened) {}

  hid_t file() const noexcept { return file_; }
  bool reopened() const noexcept { return reopened_; }
  const std::string& path() const noexcept { return path_; }

  void create_group(const std::string& name) const;
  // Attributes on the object `object` ("/" for the root).
  void write_attribute(const std::string& object, const std::string& name,
                       std::string_view value) const;
  void write_attribute(const std::string& object, const std::string& name, double value) const;
  void write_attribute(const std::string& object, const std::string& name,
                       std::int64_t value) const;
  void write_attribute(const std::string& object, const std::string& name,
                       std::span<const double> values) const;
  void write_attribute(const std::string& object, const std::string& name,
                       std::span<const std::int64_t> values) const;

 private:
  Handle open_object(const std::string& object) const;
  void write_attribute(const std::string& object, const std::string& name, hid_t file_type,
                       hid_t mem_type, hid_t space, const void* data) const;

  hid_t file_;
  std::string path_;
  bool reopened_ = false;
};

// A dataset of shape {rows, record...}, unlimited along rows, chunked as `chunk` (rank 1 +
// record rank), with shuffle + deflate when the filter is available. Created empty.
class GrowingDataset {
 public:
  GrowingDataset(const FileObjects& objects, const std::string& name, hid_t file_type,
                 hid_t mem_type, std::vector<hsize_t> record, const std::vector<hsize_t>& chunk);

  const std::string& name() const noexcept { return name_; }
  hsize_t rows() const noexcept { return rows_; }
  // Appends one record; `data` holds product(record) values of the memory type.
  void append(const void* data);
  // Drops the records from `rows` on (a resumed run rewrites what followed its checkpoint).
  // Throws model::IoError if the dataset holds fewer.
  void truncate(hsize_t rows);
  // Reads every record into `data` (rows() x product(record) values of the memory type).
  void read_all(void* data) const;

 private:
  void open_existing(const FileObjects& objects);

  Handle dataset_;
  hid_t mem_type_;
  std::vector<hsize_t> record_;
  hsize_t rows_ = 0;
  std::string name_;
  std::string path_;
};

// True when HDF5 was built with zlib (deflate can both encode and decode).
bool deflate_available();

}  // namespace isv::output::h5
