// printf-style formatting into a std::string (std::format needs GCC 13).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace isv::output {

template <class... Args>
std::string format(const char* pattern, Args... args) {
  const int n = std::snprintf(nullptr, 0, pattern, args...);
  std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  std::snprintf(out.data(), out.size() + 1, pattern, args...);
  return out;
}

}  // namespace isv::output
