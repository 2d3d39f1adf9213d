// Value texts shared by the sweep code: TOML value → `--set` text, names, number formatting.
// Private to scenarios/ (includes toml++).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace isv::scenarios {

// A TOML value as text that `--set key=TEXT` reads back to the same value: integers stay
// integers, floats keep a '.' or exponent, strings are quoted, arrays are written inline.
// Empty for tables and date/time values.
std::string toml_value_text(const toml::node& node);

// Shortest text that reads back to `v` and reads as a TOML float.
std::string float_text(double v);

// 1-64 letters, digits, '_' or '-' (arm names become file and column names).
bool valid_sweep_name(std::string_view name);

// "0000000000abcdef": 16 lower-case hex digits.
std::string hex64(std::uint64_t v);

}  // namespace isv::scenarios
