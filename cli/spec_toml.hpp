// Small helpers shared by the analysis command files (sensitivity, calibration): positions and
// errors naming file:line:col and key, unknown-key checks, and TOML text for generated sweeps.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

namespace isv::cli {

// "file:line:col" of a node (the file alone when the node has no position).
std::string spec_where(const toml::node& node, const std::filesystem::path& file);

// Throws model::ConfigError "file:line:col: key: what".
[[noreturn]] void spec_fail(const toml::node& node, const std::filesystem::path& file,
                            const std::string& key, const std::string& what);

// Parses TOML text; a syntax error is a model::ConfigError naming file:line:col.
toml::table spec_parse(std::string_view text, const std::filesystem::path& file);

// Every key of `t` must be in `allowed`; the error lists them.
void spec_known_keys(const toml::table& t, const std::set<std::string>& allowed,
                     const std::filesystem::path& file, const std::string& prefix);

// A required finite number `prefix + key`.
double spec_number(const toml::table& t, const char* key, const std::filesystem::path& file,
                   const std::string& prefix);

// An optional integer in [lo, hi] (the fallback when absent).
std::int64_t spec_integer(const toml::table& t, const char* key, std::int64_t fallback,
                          std::int64_t lo, std::int64_t hi, const std::filesystem::path& file,
                          const std::string& prefix);

// An optional finite number (the fallback when absent).
double spec_optional_number(const toml::table& t, const char* key, double fallback,
                            const std::filesystem::path& file, const std::string& prefix);

// A TOML float literal that reads back to exactly `x`; a TOML basic string.
std::string toml_float(double x);
std::string toml_string(const std::string& s);

}  // namespace isv::cli
