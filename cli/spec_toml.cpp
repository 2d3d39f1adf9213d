// TOML helpers of the analysis commands (cli/spec_toml.hpp).
#include "cli/spec_toml.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "model/errors.hpp"

namespace isv::cli {

std::string spec_where(const toml::node& node, const std::filesystem::path& file) {
  const toml::source_region& src = node.source();
  std::string s = file.string();
  if (src.begin.line > 0) {
    s += ':';
    s += std::to_string(src.begin.line);
    s += ':';
    s += std::to_string(src.begin.column);
  }
  return s;
}

void spec_fail(const toml::node& node, const std::filesystem::path& file, const std::string& key,
               const std::string& what) {
  throw model::ConfigError(spec_where(node, file) + ": " + key + ": " + what);
}

toml::table spec_parse(std::string_view text, const std::filesystem::path& file) {
  try {
    return toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw model::ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                             std::to_string(e.source().begin.column) + ": " +
                             std::string(e.description()));
  }
}

void spec_known_keys(const toml::table& t, const std::set<std::string>& allowed,
                     const std::filesystem::path& file, const std::string& prefix) {
  for (const auto& [k, v] : t) {
    if (!allowed.contains(std::string(k.str()))) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      spec_fail(v, file, prefix + std::string(k.str()), "unknown key (allowed: " + list + ")");
    }
  }
}

double spec_number(const toml::table& t, const char* key, const std::filesystem::path& file,
                   const std::string& prefix) {
  const toml::node* n = t.get(key);
  if (n == nullptr) spec_fail(t, file, prefix + key, "required");
  const auto v = n->value<double>();
  if (!v || !std::isfinite(*v)) spec_fail(*n, file, prefix + key, "must be a finite number");
  return *v;
}

double spec_optional_number(const toml::table& t, const char* key, double fallback,
                            const std::filesystem::path& file, const std::string& prefix) {
  return t.get(key) == nullptr ? fallback : spec_number(t, key, file, prefix);
}

std::int64_t spec_integer(const toml::table& t, const char* key, std::int64_t fallback,
                          std::int64_t lo, std::int64_t hi, const std::filesystem::path& file,
                          const std::string& prefix) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fallback;
  const auto v = n->as_integer();
  if (v == nullptr || v->get() < lo || v->get() > hi) {
    spec_fail(*n, file, prefix + key,
              "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v->get();
}

std::string toml_float(double x) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string s(buffer, r.ptr);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace isv::cli
