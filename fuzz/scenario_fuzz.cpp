// libFuzzer target: a scenario file's text through parse_scenario (the loader behind
// `isvsim run` and `isvsim check`), then describe_scenario and a reload of its output, which
// must load again (docs/building.md, "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_contract.hpp"
#include "scenarios/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSource = "fuzz_scenario.toml";
  isv::scenarios::Scenario scenario;
  if (!isv::fuzz::load_or_clear_error(
          kSource, [&] { scenario = isv::scenarios::parse_scenario(text, kSource); }))
    return 0;
  // What `isvsim check` prints must itself be a valid scenario.
  const std::string described = isv::scenarios::describe_scenario(scenario);
  constexpr std::string_view kDescribed = "described.toml";
  if (!isv::fuzz::load_or_clear_error(
          kDescribed, [&] { (void)isv::scenarios::parse_scenario(described, kDescribed); })) {
    std::fprintf(stderr, "fuzz: describe_scenario output does not load back\n");
    std::abort();
  }
  return 0;
}
