// The key reader of sweep files (sweep_spec.cpp, sweep_population.cpp): typed look-ups of one
// TOML table whose errors name file:line:column and the dotted key, and a check that no key
// was left unread. Internal to the sweep parser.
#pragma once

#include <toml++/toml.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"

namespace isv::scenarios::sweep_detail {

using model::ConfigError;

inline std::string where(const toml::node& node, const std::string& file) {
  const toml::source_region& src = node.source();
  std::ostringstream s;
  s << file;
  if (src.begin.line > 0) s << ':' << src.begin.line << ':' << src.begin.column;
  return s.str();
}

// Reads the keys of one sweep table; any key it was not asked for is an error.
class Reader {
 public:
  Reader(const toml::table& table, std::string path, std::string file)
      : table_(table), path_(std::move(path)), file_(std::move(file)) {}

  const toml::node* get(std::string_view key) {
    seen_.insert(std::string(key));
    return table_.get(key);
  }
  [[noreturn]] void fail(const toml::node& node, std::string_view key, const std::string& what) {
    throw ConfigError(where(node, file_) + ": " + dotted(key) + ": " + what);
  }
  [[noreturn]] void fail_missing(std::string_view key) {
    throw ConfigError(where(table_, file_) + ": " + dotted(key) + " is required");
  }
  std::string dotted(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  std::string source_of(const toml::node& node) const { return where(node, file_); }

  std::string text(std::string_view key, bool required, std::string fallback = {}) {
    const toml::node* node = get(key);
    if (node == nullptr) {
      if (required) fail_missing(key);
      return fallback;
    }
    auto s = node->value_exact<std::string>();
    if (!s) fail(*node, key, "expected a string");
    return *s;
  }
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t lo,
                       std::int64_t hi) {
    const toml::node* node = get(key);
    if (node == nullptr) return fallback;
    auto i = node->value_exact<std::int64_t>();
    if (!i) fail(*node, key, "expected an integer");
    if (*i < lo || *i > hi)
      fail(*node, key,
           "value " + std::to_string(*i) + " is out of range [" + std::to_string(lo) + ", " +
               std::to_string(hi) + "]");
    return *i;
  }
  // A number, or nullopt if absent.
  std::optional<double> number(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (auto f = node->value_exact<double>()) {
      if (!std::isfinite(*f)) fail(*node, key, "must be finite");
      return *f;
    }
    if (auto i = node->value_exact<std::int64_t>()) return static_cast<double>(*i);
    fail(*node, key, "expected a number");
  }
  const toml::table* table(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) fail(*node, key, "expected a table");
    return node->as_table();
  }
  const toml::array* array(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_array()) fail(*node, key, "expected an array");
    return node->as_array();
  }
  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    if (const toml::array* a = array(key)) {
      for (const toml::node& item : *a) {
        auto s = item.value_exact<std::string>();
        if (!s) fail(item, key, "expected an array of strings");
        out.push_back(*s);
      }
    }
    return out;
  }
  void finish() const {
    for (const auto& [key, node] : table_) {
      if (seen_.count(std::string(key.str())) != 0) continue;
      std::string known;
      for (const std::string& k : seen_) known += (known.empty() ? "" : ", ") + k;
      throw ConfigError(where(node, file_) + ": unknown key '" + dotted(key.str()) +
                        "' (allowed here: " + known + ")");
    }
  }

 private:
  const toml::table& table_;
  std::string path_;
  std::string file_;
  std::set<std::string> seen_;
};

}  // namespace isv::scenarios::sweep_detail
