// [[treatment]] entries of a scenario file: reading (with file, line and dotted-key errors),
// checking against the lesions, and writing back as effective TOML. Private to scenarios/.
#pragma once

#include <toml++/toml.h>

#include <span>
#include <sstream>
#include <string_view>
#include <vector>

#include "scenarios/scenario.hpp"
#include "scenarios/treatment.hpp"

namespace isv::scenarios {

// Reads every [[treatment]] of `root` in file order; each must name one of `lesions` (an
// agent-based one) and keep its zone on that lesion's lattice. Throws model::ConfigError.
std::vector<TreatmentSpec> read_treatments(const toml::table& root, std::string_view file,
                                           std::span<const LesionSpec> lesions);

// Appends the entries as [[treatment]] tables, every key with its effective value.
void write_treatments(std::span<const TreatmentSpec> treatments, std::ostringstream& out);

}  // namespace isv::scenarios
