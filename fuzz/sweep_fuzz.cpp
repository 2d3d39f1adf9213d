// libFuzzer target: a sweep file's text through parse_sweep (the loader behind
// `isvsim sweep plan`); docs/building.md, "Fuzzing".
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "fuzz/fuzz_contract.hpp"
#include "scenarios/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::filesystem::path source = "fuzz_sweep.toml";
  isv::fuzz::load_or_clear_error(source.string(),
                                 [&] { (void)isv::scenarios::parse_sweep(text, source); });
  return 0;
}
