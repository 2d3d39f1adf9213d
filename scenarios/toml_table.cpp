// TOML table reading and writing through parameter visit() (see toml_table.hpp).
#include "scenarios/toml_table.hpp"

#include <charconv>
#include <cmath>

#include "model/errors.hpp"
#include "scenarios/message_text.hpp"

namespace isv::scenarios {

using model::Bounds;
using model::ConfigError;
using model::ParamInfo;

std::string where(const toml::node& node, std::string_view fallback) {
  const toml::source_region& src = node.source();
  std::ostringstream s;
  s << printable(src.path ? std::string_view(*src.path) : fallback, kMessagePathChars);
  if (src.begin.line > 0) s << ':' << src.begin.line << ':' << src.begin.column;
  return s.str();
}

std::string format_number(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::isnan(v)) return "nan";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

namespace {

// Bounds read better without TOML's trailing ".0" on whole numbers.
std::string format_bound(double v) {
  std::string s = format_number(v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string type_name(const toml::node& node) {
  std::ostringstream s;
  s << node.type();
  return s.str();
}

}  // namespace

std::string describe_bounds(const Bounds& b, std::string_view unit) {
  // Built by appends: GCC 12 warns (-Wrestrict, falsely) on chained operator+ here.
  std::string s;
  const bool has_lo = std::isfinite(b.min), has_hi = std::isfinite(b.max);
  if (has_lo && has_hi) {
    s.append(b.min_open ? "(" : "[").append(format_bound(b.min)).append(", ");
    s.append(format_bound(b.max)).append(b.max_open ? ")" : "]");
  } else if (has_lo) {
    s.append(b.min_open ? "> " : ">= ").append(format_bound(b.min));
  } else if (has_hi) {
    s.append(b.max_open ? "< " : "<= ").append(format_bound(b.max));
  } else {
    s = "any number";
  }
  if (!unit.empty()) s.append(" ").append(unit);
  return s;
}

std::string locate(const toml::table& root, const std::string& dotted, std::string_view file) {
  const toml::node_view<const toml::node> node = root.at_path(dotted);
  return node ? where(*node.node(), file) : std::string(file);
}

void TableReader::operator()(double& value, const ParamInfo& info) {
  const toml::node* node = take(info.key);
  if (node == nullptr) return;
  if (auto f = node->value_exact<double>()) {
    value = *f;
  } else if (auto i = node->value_exact<std::int64_t>()) {
    value = static_cast<double>(*i);
  } else {
    fail(*node, info, "expected a number, found " + type_name(*node));
  }
  check_bounds(*node, info, value);
}

void TableReader::operator()(int& value, const ParamInfo& info) {
  std::int64_t wide = value;
  (*this)(wide, info);
  value = static_cast<int>(wide);
}

void TableReader::operator()(std::int64_t& value, const ParamInfo& info) {
  const toml::node* node = take(info.key);
  if (node == nullptr) return;
  auto i = node->value_exact<std::int64_t>();
  if (!i) fail(*node, info, "expected an integer, found " + type_name(*node));
  value = *i;
  check_bounds(*node, info, static_cast<double>(value));
}

void TableReader::operator()(std::vector<double>& values, const ParamInfo& info) {
  const toml::node* node = take(info.key);
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr)
    fail(*node, info, "expected an array of numbers, found " + type_name(*node));
  values.clear();
  for (const toml::node& item : *array) {
    double value = 0.0;
    if (auto f = item.value_exact<double>()) {
      value = *f;
    } else if (auto i = item.value_exact<std::int64_t>()) {
      value = static_cast<double>(*i);
    } else {
      fail(item, info, "expected numbers in the array, found " + type_name(item));
    }
    check_bounds(item, info, value);
    values.push_back(value);
  }
}

void TableReader::operator()(std::string& value, const ParamInfo& info) {
  const toml::node* node = take(info.key);
  if (node == nullptr) return;
  auto s = node->value_exact<std::string>();
  if (!s) fail(*node, info, "expected a string, found " + type_name(*node));
  value = *s;
}

void TableReader::finish() const {
  for (const auto& [key, node] : table_) {
    if (seen_.count(std::string(key.str())) != 0) continue;
    std::string known_keys;
    for (const std::string& k : seen_) known_keys += (known_keys.empty() ? "" : ", ") + k;
    throw ConfigError(where(node, file_) + ": unknown key '" + printable(dotted(key.str())) +
                      "' (keys allowed in [" + printable(path_) + "]: " + known_keys + ")");
  }
}

const toml::node* TableReader::take(std::string_view key) {
  seen_.insert(std::string(key));
  return table_.get(key);
}

void TableReader::fail(const toml::node& node, const ParamInfo& info,
                       const std::string& what) const {
  throw ConfigError(where(node, file_) + ": " + printable(dotted(info.key)) + ": " + what +
                    " (allowed: " + describe_bounds(info.bounds, info.unit) + ")");
}

void TableReader::check_bounds(const toml::node& node, const ParamInfo& info, double value) const {
  if (!info.bounds.contains(value))
    fail(node, info, "value " + format_number(value) + " is out of range");
}

void TableWriter::operator()(const std::vector<double>& v, const ParamInfo& i) {
  std::string text = "[";
  for (std::size_t k = 0; k < v.size(); ++k) text += (k ? ", " : "") + format_number(v[k]);
  line(i, text + "]");
}

void TableWriter::operator()(const std::string& v, const ParamInfo& i) {
  std::ostringstream s;
  s << toml::value<std::string>(v);
  line(i, s.str());
}

void TableWriter::line(const ParamInfo& i, const std::string& value) {
  std::string lhs = std::string(i.key);
  lhs.append(" = ").append(value);
  if (lhs.size() < 40) lhs.resize(40, ' ');
  out_ << lhs << " # ";
  if (!i.unit.empty()) out_ << "[" << i.unit << "] ";
  out_ << i.description << "; allowed " << describe_bounds(i.bounds, i.unit) << "\n";
}

}  // namespace isv::scenarios
