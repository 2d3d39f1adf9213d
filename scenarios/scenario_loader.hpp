// Reads a scenario file (TOML) into a frozen Scenario, applying --set overrides.
// Unknown keys, wrong types and out-of-range values throw model::ConfigError whose message
// names the file, line, column and dotted key, and states the allowed range with its unit.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "scenarios/scenario.hpp"

namespace isv::scenarios {

// `overrides` are "dotted.key=value" strings; value is TOML ("3", "2.5", "\"text\"") or a bare
// word taken as a string.
Scenario load_scenario(const std::filesystem::path& file,
                       std::span<const std::string> overrides = {});

// The same from text; `source_name` is used in error messages.
Scenario parse_scenario(std::string_view toml_text, std::string_view source_name,
                        std::span<const std::string> overrides = {});

// Every parameter as commented TOML: value, unit and meaning. Loading it back gives the same
// scenario.
std::string describe_scenario(const Scenario& scenario);

}  // namespace isv::scenarios
