// Reading HDF5 files back in tests (the output tests check what the writer wrote). Shared by
// tests/unit/output/*; include as "tests/support/hdf5_read.hpp" and link hdf5::hdf5.
#pragma once

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace isv::test::h5 {

// Owner of an HDF5 id; closes it with the matching H5?close.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

inline Id open_read(const std::filesystem::path& path) {
  return {H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
}

// True if the link exists and leads to an object.
inline bool exists(hid_t file, const std::string& name) {
  return H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0 &&
         H5Oexists_by_name(file, name.c_str(), H5P_DEFAULT) > 0;
}

inline std::vector<hsize_t> shape(hid_t file, const std::string& name) {
  const Id ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  const Id space(H5Dget_space(ds.get()), H5Sclose);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

// Every value of a dataset, flattened in storage order, as `mem_type` (e.g. H5T_NATIVE_DOUBLE).
template <class T>
std::vector<T> read(hid_t file, const std::string& name, hid_t mem_type) {
  std::size_t n = 1;
  for (const hsize_t d : shape(file, name)) n *= d;
  std::vector<T> out(n);
  const Id ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  EXPECT_GE(H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0) << name;
  return out;
}

// A dataset of fixed-length strings.
inline std::vector<std::string> read_fixed_strings(hid_t file, const std::string& name) {
  const Id ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  const Id space(H5Dget_space(ds.get()), H5Sclose);
  const Id type(H5Dget_type(ds.get()), H5Tclose);
  const std::size_t width = H5Tget_size(type.get());
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  std::vector<char> raw(n * width + 1, '\0');
  EXPECT_GE(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), 0) << name;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    const char* s = raw.data() + i * width;
    std::size_t len = 0;
    while (len < width && s[len] != '\0') ++len;
    out.emplace_back(s, len);
  }
  return out;
}

// A variable-length string attribute, or "<missing>" / "<not a variable-length string>".
inline std::string string_attr(hid_t file, const std::string& object, const std::string& name) {
  const Id attr(H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  if (attr.get() < 0) return "<missing>";
  const Id type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tis_variable_str(type.get()) <= 0) return "<not a variable-length string>";
  char* text = nullptr;
  H5Aread(attr.get(), type.get(), &text);
  std::string out = text != nullptr ? text : "";
  H5free_memory(text);
  return out;
}

// A numeric attribute's values (empty if missing).
template <class T>
std::vector<T> numeric_attr(hid_t file, const std::string& object, const std::string& name,
                            hid_t mem_type) {
  const Id attr(H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  if (attr.get() < 0) return {};
  const Id space(H5Aget_space(attr.get()), H5Sclose);
  std::vector<T> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  H5Aread(attr.get(), mem_type, out.data());
  return out;
}

}  // namespace isv::test::h5
