// TOML value texts for sweep overrides (see sweep_values.hpp).
#include "scenarios/sweep_values.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace isv::scenarios {

std::string float_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string toml_value_text(const toml::node& node) {
  if (auto i = node.value_exact<std::int64_t>()) return std::to_string(*i);
  if (auto f = node.value_exact<double>()) return float_text(*f);
  if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
  if (auto s = node.value_exact<std::string>()) {
    std::ostringstream out;
    out << toml::value<std::string>(*s);
    return out.str();
  }
  if (const toml::array* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t k = 0; k < a->size(); ++k) {
      const std::string item = toml_value_text((*a)[k]);
      if (item.empty()) return {};
      out += (k ? ", " : "") + item;
    }
    return out + "]";
  }
  return {};
}

namespace {
bool ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
}  // namespace

bool valid_sweep_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !ascii_alnum(name.front())) return false;
  for (char c : name)
    if (!(ascii_alnum(c) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

std::string quoted_for_message(std::string_view text, std::size_t max_chars) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "'";
  if (text.size() > max_chars) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace isv::scenarios
