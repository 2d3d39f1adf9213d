// Reading and writing parameter structs from and to TOML tables through their visit(): the
// TableReader checks types, bounds and unknown keys and names file, line and dotted key in every
// error; the TableWriter prints commented TOML. Private to scenarios/ (includes toml++).
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "model/param_spec.hpp"

namespace isv::scenarios {

// "file:line:col" of a node (the file alone when the node has no position).
std::string where(const toml::node& node, std::string_view fallback);
// A number as TOML writes it ("2.0", "1e-05", "inf").
std::string format_number(double v);
// "[0, 1] mm", "> 0 1/h", "any number".
std::string describe_bounds(const model::Bounds& b, std::string_view unit);
// "file:line:col" of a dotted key (toml++ path syntax, "treatment[2].radius_mm"), or just the
// file if the key took its default.
std::string locate(const toml::table& root, const std::string& dotted, std::string_view file);

// Reads the keys of one TOML table into a parameter struct through its visit().
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::string_view file)
      : table_(table), path_(std::move(path)), file_(file) {}

  void operator()(double& value, const model::ParamInfo& info);
  void operator()(int& value, const model::ParamInfo& info);
  void operator()(std::int64_t& value, const model::ParamInfo& info);
  void operator()(std::vector<double>& values, const model::ParamInfo& info);
  void operator()(std::string& value, const model::ParamInfo& info);

  // Marks a sub-table key as known (it is read by its own TableReader).
  void known(std::string_view key) { seen_.insert(std::string(key)); }

  // Every key not read is an error that lists the keys this table accepts.
  void finish() const;

  std::string dotted(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const toml::table& table() const noexcept { return table_; }
  std::string_view file() const noexcept { return file_; }

 private:
  const toml::node* take(std::string_view key);
  [[noreturn]] void fail(const toml::node& node, const model::ParamInfo& info,
                         const std::string& what) const;
  void check_bounds(const toml::node& node, const model::ParamInfo& info, double value) const;

  const toml::table& table_;
  std::string path_;
  std::string_view file_;
  std::set<std::string> seen_;
};

// Writes a parameter struct as commented TOML lines through its visit().
class TableWriter {
 public:
  explicit TableWriter(std::ostringstream& out) : out_(out) {}
  void operator()(const double& v, const model::ParamInfo& i) { line(i, format_number(v)); }
  void operator()(const int& v, const model::ParamInfo& i) { line(i, std::to_string(v)); }
  void operator()(const std::int64_t& v, const model::ParamInfo& i) { line(i, std::to_string(v)); }
  void operator()(const std::vector<double>& v, const model::ParamInfo& i);
  void operator()(const std::string& v, const model::ParamInfo& i);

 private:
  void line(const model::ParamInfo& i, const std::string& value);
  std::ostringstream& out_;
};

}  // namespace isv::scenarios
