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

// A sweep or arm name: 1-64 of A-Z a-z 0-9 '.' '_' '-', starting with a letter or digit. Arm
// names become column values and file names, sweep names a Slurm job name in a batch script:
// nothing in them may mean anything to a shell, a CSV reader or Slurm.
bool valid_sweep_name(std::string_view name);
inline constexpr const char* kSweepNameRule =
    "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

// `text` for an error message: in single quotes, control characters
// escaped (\n, \x1b), cut after `max_chars` bytes with the full length noted.
std::string quoted_for_message(std::string_view text, std::size_t max_chars = 80);

// "0000000000abcdef": 16 lower-case hex digits.
std::string hex64(std::uint64_t v);

}  // namespace isv::scenarios
