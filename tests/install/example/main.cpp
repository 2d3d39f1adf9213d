// Reads a scenario with the installed isvsim::scenarios library and prints what it found, then
// shows that a bad key is refused with a message naming the source: what a user's own tool
// built on isvsim's loader would do.
#include <cstdio>
#include <exception>
#include <string_view>

#include "analysis/sobol_sensitivity.hpp"
#include "model/errors.hpp"
#include "scenarios/scenario_loader.hpp"

int main() {
  constexpr std::string_view kScenario = R"(
[run]
duration_days = 3
seed = 7
step_h = 1.0

[lesions.liver]
kind = "agents"

[lesions.liver.lattice]
nx = 16
ny = 16
nz = 16
)";
  const isv::scenarios::Scenario scenario =
      isv::scenarios::parse_scenario(kScenario, "example.toml");
  std::printf("isvsim %s: %zu lesion(s), %lld steps, first lesion '%s'\n", ISV_VERSION,
              scenario.lesions.size(), static_cast<long long>(scenario.total_steps()),
              scenario.lesions.at(0).config.name.c_str());
  const auto sobol = isv::analysis::sobol_points(3, 1);
  std::printf("sobol: %g %g %g\n", sobol[0], sobol[1], sobol[2]);
  try {
    isv::scenarios::parse_scenario("[run]\nno_such_key = 1\n", "bad.toml");
  } catch (const isv::model::ConfigError& e) {
    std::printf("refused: %s\n", e.what());
    return 0;
  }
  std::printf("error: an unknown key was accepted\n");
  return 1;
}
