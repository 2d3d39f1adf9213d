// --set overrides: "dotted.key=value" applied to the parsed TOML tree before it is read, so
// that an override is checked exactly like the file's own value.
#pragma once

#include <toml++/toml.h>

#include <string>

namespace isv::scenarios {

// Applies one "dotted.key=value" override to `root`. The value is TOML ("3", "2.5", "[1, 2]")
// or a bare word taken as a string; "name[i]" selects entry i of an array of tables the file
// defines. Missing tables are created, except a lesion: a misspelt lesion name is an error.
// The key path and the value are bounded in nesting depth (scenarios/toml_nesting.hpp).
// Throws model::ConfigError starting with "--set KEY".
void apply_override(toml::table& root, const std::string& text);

}  // namespace isv::scenarios
