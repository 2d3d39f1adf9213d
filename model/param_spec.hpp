// Describes one scenario parameter (key, bounds, unit, meaning) so that a single `visit`
// per parameter struct drives reading, validation, printing and documentation alike.
#pragma once

#include <limits>
#include <string_view>

namespace isv::model {

// Closed or open numeric interval a value must lie in.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  static constexpr Bounds positive() {
    return {0.0, std::numeric_limits<double>::infinity(), true};
  }
  static constexpr Bounds non_negative() { return {0.0, std::numeric_limits<double>::infinity()}; }
  static constexpr Bounds at_least(double lo) {
    return {lo, std::numeric_limits<double>::infinity()};
  }
  static constexpr Bounds closed(double lo, double hi) { return {lo, hi}; }
  static constexpr Bounds unit_interval() { return {0.0, 1.0}; }
  static constexpr Bounds any() { return {}; }

  bool contains(double v) const {
    if (v != v) return false;  // NaN
    if (min_open ? !(v > min) : !(v >= min)) return false;
    if (max_open ? !(v < max) : !(v <= max)) return false;
    return true;
  }
};

// What a visitor is told about a parameter besides its value.
struct ParamInfo {
  std::string_view key;  // TOML key within its table
  Bounds bounds;
  std::string_view unit;         // "" for dimensionless
  std::string_view description;  // one line; sources live in docs/parameters.md
};

}  // namespace isv::model
