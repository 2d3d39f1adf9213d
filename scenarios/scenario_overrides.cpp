// --set overrides applied to a parsed TOML tree (see scenario_overrides.hpp).
#include "scenarios/scenario_overrides.hpp"

#include <charconv>
#include <string_view>
#include <system_error>

#include "model/errors.hpp"
#include "scenarios/message_text.hpp"
#include "scenarios/toml_nesting.hpp"

namespace isv::scenarios {

namespace {

using model::ConfigError;

constexpr std::string_view kOverrideSource = "--set";

// A bare word (`--set lesions.a.kind=agents`) is taken as a TOML string.
std::string quoted(const std::string& word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// "dose[1]" in an override key: entry 1 of the array of tables [[dose]], or nullptr if `part`
// has no index. Entries are never created: the file must define them.
toml::table* indexed_entry(toml::table& table, const std::string& part, const std::string& key) {
  const auto open = part.find('[');
  if (open == std::string::npos || part.back() != ']') return nullptr;
  const std::string name = part.substr(0, open);
  const std::string digits = part.substr(open + 1, part.size() - open - 2);
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  toml::array* array = table[name].as_array();
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
    throw ConfigError(std::string(kOverrideSource) + " " + key + ": bad index in '" +
                      printable(part) + "'");
  if (array == nullptr || !array->is_array_of_tables() || index >= array->size())
    throw ConfigError(std::string(kOverrideSource) + " " + key + ": no " + printable(part) +
                      " in the scenario (" + std::to_string(array ? array->size() : 0) + " [[" +
                      printable(name) + "]] entries)");
  return (*array)[index].as_table();
}

}  // namespace

void apply_override(toml::table& root, const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(std::string(kOverrideSource) + " '" + printable(text) +
                      "': expected KEY=VALUE");
  check_key_path_depth(std::string_view(text).substr(0, eq), kOverrideSource);
  const std::string key = printable(text.substr(0, eq));  // as messages show it
  const std::string raw_key = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  check_toml_nesting("v = " + value, kOverrideSource);
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value, kOverrideSource);
  } catch (const toml::parse_error&) {
    try {
      parsed = toml::parse("v = " + quoted(value), kOverrideSource);
    } catch (const toml::parse_error& err) {
      throw ConfigError(std::string(kOverrideSource) + " " + key + ": cannot read value '" +
                        printable(value) + "': " + printable(err.description()));
    }
  }
  toml::table* table = &root;
  std::string_view rest = raw_key;
  std::string walked;
  for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
    const std::string part(rest.substr(0, dot));
    rest.remove_prefix(dot + 1);
    if (toml::table* entry = indexed_entry(*table, part, key)) {
      table = entry;
      walked += walked.empty() ? part : "." + part;
      continue;
    }
    toml::node* next = table->get(part);
    if (next == nullptr) {
      // A lesion must be defined in the file: a misspelt name must not create a new lesion.
      if (walked == "lesions")
        throw ConfigError(std::string(kOverrideSource) + " " + key + ": no lesion '" +
                          printable(part) + "' in the scenario file");
      table->insert(part, toml::table{});
      next = table->get(part);
    }
    if (!next->is_table())
      throw ConfigError(std::string(kOverrideSource) + " " + key + ": '" + printable(part) +
                        "' is not a table");
    table = next->as_table();
    walked += walked.empty() ? part : "." + part;
  }
  table->insert_or_assign(std::string(rest), std::move(*parsed.get("v")));
}

}  // namespace isv::scenarios
