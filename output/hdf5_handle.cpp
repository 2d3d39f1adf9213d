// HDF5 error handling for the output layer: error-stack text and IoError conversion.
#include "output/hdf5_handle.hpp"

#include "model/errors.hpp"

namespace isv::output::h5 {
namespace {

// Keeps the first entry of an upward walk: the innermost call, where the error began.
herr_t keep_innermost(unsigned n, const H5E_error2_t* err, void* data) {
  if (n == 0 && err != nullptr && err->desc != nullptr)
    *static_cast<std::string*>(data) = err->desc;
  return 0;
}

// HDF5's low-level messages carry the errno text as "error message = '...'" inside a long line
// of addresses and sizes; that text is what a user needs.
std::string essential(const std::string& message) {
  const std::string key = "error message = '";
  if (const auto at = message.find(key); at != std::string::npos) {
    const auto begin = at + key.size();
    const auto end = message.find('\'', begin);
    if (end != std::string::npos) return message.substr(begin, end - begin);
  }
  return message.substr(0, message.find('\n'));
}

}  // namespace

std::string take_error_message() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  return essential(message);
}

void fail(const std::string& path, const std::string& op) {
  const std::string detail = take_error_message();
  throw model::IoError(op + " failed for '" + path + "'" +
                       (detail.empty() ? std::string() : ": " + detail));
}

Handle checked(hid_t id, Handle::Closer close, const std::string& path, const std::string& op) {
  if (id < 0) fail(path, op);
  return Handle(id, close);
}

void check(herr_t status, const std::string& path, const std::string& op) {
  if (status < 0) fail(path, op);
}

}  // namespace isv::output::h5
