// RAII ownership of one HDF5 identifier (file, group, dataset, dataspace, type, property list
// or attribute) and the checks that turn failed HDF5 calls into model::IoError.
// Private to output/: included by .cpp files only, so hdf5.h never leaks into public headers.
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>

namespace isv::output::h5 {

// Owns an hid_t and closes it with the close function matching its kind.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() noexcept = default;
  Handle(hid_t id, Closer close) noexcept : id_(id), close_(close) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      close_ = other.close_;
    }
    return *this;
  }
  ~Handle() { reset(); }

  hid_t get() const noexcept { return id_; }
  explicit operator bool() const noexcept { return id_ >= 0; }

  // Closes now, ignoring failure (destructor and error paths).
  void reset() noexcept {
    if (id_ >= 0 && close_ != nullptr) close_(id_);
    id_ = H5I_INVALID_HID;
  }
  // Closes now and reports whether the close succeeded (a file close flushes, so it can fail).
  bool close() noexcept {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    return id < 0 || close_ == nullptr || close_(id) >= 0;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

// The innermost message on HDF5's error stack (where the failure started, e.g. the errno text
// of a failed write), then clears the stack. Empty if the stack is empty.
std::string take_error_message();

// Throws model::IoError "<op> failed for '<path>': <HDF5 detail>".
[[noreturn]] void fail(const std::string& path, const std::string& op);

// Wraps a newly returned identifier, throwing if the call failed.
Handle checked(hid_t id, Handle::Closer close, const std::string& path, const std::string& op);

// Throws if an HDF5 call returning herr_t failed.
void check(herr_t status, const std::string& path, const std::string& op);

}  // namespace isv::output::h5
