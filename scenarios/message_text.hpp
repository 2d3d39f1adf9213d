// User text quoted in error messages: control characters escaped (a raw newline in a name must
// not split the one-line error) and long values cut, so a 50 MB value cannot flood the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace isv::scenarios {

// Longest user value echoed whole in a message; longer ones are cut with their size appended.
inline constexpr std::size_t kMessageValueChars = 80;
// Paths are often long and legitimately so; they are cut later.
inline constexpr std::size_t kMessagePathChars = 400;

// `text` with \n, \t, \r, \\ and other control or non-ASCII-control bytes escaped (\n, \t, \r,
// \xNN), cut to about `max_chars` characters with "... (N bytes)" appended when longer.
// Printable ASCII and UTF-8 multi-byte sequences are kept as they are.
std::string printable(std::string_view text, std::size_t max_chars = kMessageValueChars);

}  // namespace isv::scenarios
