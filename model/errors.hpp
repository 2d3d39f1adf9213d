// Typed exceptions thrown at the edges of isvsim (input files, I/O, scenario consistency).
#pragma once

#include <stdexcept>
#include <string>

namespace isv::model {

// A scenario or sweep file (or a --set override) is malformed or out of range.
// The message already names file, line and dotted key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file cannot be read, written or renamed.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The scenario is well-formed but inconsistent (e.g. a tumour larger than its lattice).
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace isv::model
