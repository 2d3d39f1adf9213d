// A cheap lexical pre-scan of TOML text for nesting depth, run before the text reaches toml++:
// toml++ parses table headers and dotted keys recursively, so a 100,000-level [a.a.a...]
// header overflows the stack (SIGSEGV, nothing printed). Deeper nesting than kMaxTomlDepth is
// refused with file:line instead.
#pragma once

#include <string_view>

namespace isv::scenarios {

// Most levels a key may sit below the root: table header segments + dotted key segments +
// enclosing arrays and inline tables. isvsim's own tables go 4 deep
// ([lesions.NAME.lattice] nx); sweep files a few more.
inline constexpr int kMaxTomlDepth = 64;

// Throws model::ConfigError "source:line: ..." naming the limit if any table header, dotted key
// or array/inline-table nesting in `text` is deeper than `max_depth`. Syntax errors are left to
// the TOML parser; the scan only needs to be right about depth.
void check_toml_nesting(std::string_view text, std::string_view source,
                        int max_depth = kMaxTomlDepth);

// The same for a dotted key path given on the command line (`--set a.b.c=v`).
void check_key_path_depth(std::string_view dotted_key, std::string_view source,
                          int max_depth = kMaxTomlDepth);

}  // namespace isv::scenarios
