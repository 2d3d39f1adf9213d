// What every loader promises on hostile input (docs/building.md, "Fuzzing"): it returns a value
// or throws a std::exception whose message is one non-empty line naming the input. Anything
// else (a crash, a sanitizer report, another exception, an anonymous message) is a finding:
// the harness aborts so that libFuzzer, and the replay test, report it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace isv::fuzz {

// ISV_FUZZ_VERBOSE set (the replay tests set it): say what each input did.
inline bool verbose() { return std::getenv("ISV_FUZZ_VERBOSE") != nullptr; }

inline void require_clear_error(const std::exception& e, std::string_view source) {
  const std::string_view what = e.what();
  if (!what.empty() && what.find(source) != std::string_view::npos) {
    if (verbose()) std::printf("  clear error: %s\n", e.what());
    return;
  }
  std::fprintf(stderr, "fuzz: unclear error (must be non-empty and name '%.*s'): '%s'\n",
               static_cast<int>(source.size()), source.data(), e.what());
  std::abort();
}

// Runs `load`; an exception must satisfy require_clear_error. Returns true if it loaded.
template <class Load>
bool load_or_clear_error(std::string_view source, Load&& load) {
  try {
    load();
    if (verbose()) std::printf("  loaded (%.*s)\n", static_cast<int>(source.size()), source.data());
    return true;
  } catch (const std::exception& e) {
    require_clear_error(e, source);
    return false;
  }
}

}  // namespace isv::fuzz
