// HDF5 groups, attributes and growing datasets for the run file.
#include "output/hdf5_dataset.hpp"

#include <algorithm>
#include <utility>

namespace isv::output::h5 {
namespace {

constexpr unsigned kDeflateLevel = 4;

// Object creation without access/modification times, so that two runs of the same scenario
// give files that differ in nothing but what HDF5 itself cannot make equal.
Handle untimed_plist(hid_t plist_class, const std::string& path) {
  Handle plist = checked(H5Pcreate(plist_class), H5Pclose, path, "H5Pcreate");
  check(H5Pset_obj_track_times(plist.get(), false), path, "H5Pset_obj_track_times");
  return plist;
}

}  // namespace

bool deflate_available() {
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) return false;
  unsigned flags = 0;
  if (H5Zget_filter_info(H5Z_FILTER_DEFLATE, &flags) < 0) return false;
  return (flags & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0 &&
         (flags & H5Z_FILTER_CONFIG_DECODE_ENABLED) != 0;
}

void FileObjects::create_group(const std::string& name) const {
  if (reopened_) return;
  const Handle gcpl = untimed_plist(H5P_GROUP_CREATE, path_);
  checked(H5Gcreate2(file_, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose, path_,
          "creating group " + name);
}

Handle FileObjects::open_object(const std::string& object) const {
  return checked(H5Oopen(file_, object.c_str(), H5P_DEFAULT), H5Oclose, path_, "opening " + object);
}

void FileObjects::write_attribute(const std::string& object, const std::string& name,
                                  hid_t file_type, hid_t mem_type, hid_t space,
                                  const void* data) const {
  if (reopened_) return;
  const std::string what = "writing attribute " + name + " of " + object;
  const Handle target = open_object(object);
  const Handle attr =
      checked(H5Acreate2(target.get(), name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, path_, what);
  check(H5Awrite(attr.get(), mem_type, data), path_, what);
}

// Variable-length UTF-8: no size limit from the object header (the scenario text can be long)
// and read back as str by h5py.
void FileObjects::write_attribute(const std::string& object, const std::string& name,
                                  std::string_view value) const {
  const Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, path_, "H5Tcopy");
  check(H5Tset_size(type.get(), H5T_VARIABLE), path_, "H5Tset_size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), path_, "H5Tset_cset");
  const Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, path_, "H5Screate");
  const std::string text(value);
  const char* data = text.c_str();
  write_attribute(object, name, type.get(), type.get(), space.get(), &data);
}

void FileObjects::write_attribute(const std::string& object, const std::string& name,
                                  double value) const {
  const Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, path_, "H5Screate");
  write_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), &value);
}

void FileObjects::write_attribute(const std::string& object, const std::string& name,
                                  std::int64_t value) const {
  const Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, path_, "H5Screate");
  write_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(), &value);
}

void FileObjects::write_attribute(const std::string& object, const std::string& name,
                                  std::span<const double> values) const {
  const hsize_t n = values.size();
  const Handle space = checked(H5Screate_simple(1, &n, nullptr), H5Sclose, path_, "H5Screate");
  write_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), values.data());
}

void FileObjects::write_attribute(const std::string& object, const std::string& name,
                                  std::span<const std::int64_t> values) const {
  const hsize_t n = values.size();
  const Handle space = checked(H5Screate_simple(1, &n, nullptr), H5Sclose, path_, "H5Screate");
  write_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(), values.data());
}

GrowingDataset::GrowingDataset(const FileObjects& objects, const std::string& name, hid_t file_type,
                               hid_t mem_type, std::vector<hsize_t> record,
                               const std::vector<hsize_t>& chunk)
    : mem_type_(mem_type), record_(std::move(record)), name_(name), path_(objects.path()) {
  if (objects.reopened()) {
    open_existing(objects);
    return;
  }
  const std::string what = "creating dataset " + name;
  std::vector<hsize_t> dims{0};
  dims.insert(dims.end(), record_.begin(), record_.end());
  std::vector<hsize_t> max_dims = dims;
  max_dims[0] = H5S_UNLIMITED;
  const auto rank = static_cast<int>(dims.size());
  const Handle space =
      checked(H5Screate_simple(rank, dims.data(), max_dims.data()), H5Sclose, path_, what);
  const Handle dcpl = untimed_plist(H5P_DATASET_CREATE, path_);
  check(H5Pset_chunk(dcpl.get(), rank, chunk.data()), path_, what + " (chunking)");
  if (deflate_available()) {
    check(H5Pset_shuffle(dcpl.get()), path_, what + " (shuffle)");
    check(H5Pset_deflate(dcpl.get(), kDeflateLevel), path_, what + " (deflate)");
  }
  dataset_ = checked(H5Dcreate2(objects.file(), name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                dcpl.get(), H5P_DEFAULT),
                     H5Dclose, path_, what);
}

void GrowingDataset::open_existing(const FileObjects& objects) {
  const std::string what = "reopening dataset " + name_;
  dataset_ = checked(H5Dopen2(objects.file(), name_.c_str(), H5P_DEFAULT), H5Dclose, path_, what);
  const Handle space = checked(H5Dget_space(dataset_.get()), H5Sclose, path_, what);
  std::vector<hsize_t> dims(record_.size() + 1);
  if (H5Sget_simple_extent_ndims(space.get()) != static_cast<int>(dims.size()))
    fail(path_, what + ": it has another shape than this run writes");
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), path_, what);
  if (!std::equal(record_.begin(), record_.end(), dims.begin() + 1))
    fail(path_, what + ": it has another shape than this run writes");
  rows_ = dims[0];
}

void GrowingDataset::truncate(hsize_t rows) {
  const std::string what = "truncating " + name_;
  if (rows > rows_)
    fail(path_,
         what + " to " + std::to_string(rows) + " records: it holds only " + std::to_string(rows_));
  std::vector<hsize_t> dims{rows};
  dims.insert(dims.end(), record_.begin(), record_.end());
  check(H5Dset_extent(dataset_.get(), dims.data()), path_, what);
  rows_ = rows;
}

void GrowingDataset::read_all(void* data) const {
  if (rows_ == 0) return;
  check(H5Dread(dataset_.get(), mem_type_, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), path_,
        "reading " + name_);
}

void GrowingDataset::append(const void* data) {
  const std::string what = "appending to " + name_;
  std::vector<hsize_t> dims{rows_ + 1};
  dims.insert(dims.end(), record_.begin(), record_.end());
  check(H5Dset_extent(dataset_.get(), dims.data()), path_, what);
  std::vector<hsize_t> start(dims.size(), 0);
  start[0] = rows_;
  std::vector<hsize_t> count = dims;
  count[0] = 1;
  const auto rank = static_cast<int>(dims.size());
  const Handle file_space = checked(H5Dget_space(dataset_.get()), H5Sclose, path_, what);
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        path_, what);
  const Handle mem_space =
      checked(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, path_, what);
  check(H5Dwrite(dataset_.get(), mem_type_, mem_space.get(), file_space.get(), H5P_DEFAULT, data),
        path_, what);
  ++rows_;
}

}  // namespace isv::output::h5
