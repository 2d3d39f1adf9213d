// Checks that involve more than one parameter (each parameter's own range is checked while
// reading). Runs before any simulation starts.
#pragma once

#include <functional>
#include <string>

#include "scenarios/scenario.hpp"

namespace isv::scenarios {

// `locate(dotted_key)` returns "file:line:col" (or the file) for messages.
// Throws model::ConfigError naming the offending key. Last, refuses a scenario whose memory
// estimate exceeds the limit (scenarios/memory_estimate.hpp): every scenario file, --set
// combination, sweep sample and checkpoint's stored scenario passes here.
void validate_scenario(const Scenario& scenario,
                       const std::function<std::string(const std::string&)>& locate);

}  // namespace isv::scenarios
