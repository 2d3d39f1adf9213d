// A scenario read from TOML text with one agent lesion, the lesion built from its config as a
// run builds it, and the scenario's [[treatment]] entries applied to it directly through the
// modality implementations (scenarios/treatment_*.cpp), with no model step in between, so that
// what a treatment did can be counted cell by cell. Used by the radiobiology and ablation cases.
#pragma once

#include <cstdint>
#include <string>

#include "agents/lesion.hpp"
#include "scenarios/scenario_loader.hpp"

namespace isv::validation {

struct TreatedLesion {
  explicit TreatedLesion(const std::string& toml)
      : scenario(scenarios::parse_scenario(toml, "validation case")),
        lesion(scenario.lesions.at(0).config, static_cast<std::uint64_t>(scenario.run.seed),
               scenario.run.step_h) {}

  // Applies application `application` of [[treatment]] entry `entry`; `event` keys the draws.
  agents::ZoneTally apply(int entry, int application, std::uint64_t event) {
    scenarios::TreatmentEvent out;
    scenario.treatments.at(static_cast<std::size_t>(entry))
        .treatment->apply(lesion, application, event, out);
    return out.tally;
  }

  scenarios::Scenario scenario;
  agents::Lesion lesion;
};

// The [run] and single-lesion part of a case scenario: an n^3 lattice of 20 um voxels with a
// tumour ball of `radius_um` at its centre.
inline std::string lesion_toml(int n, double radius_um) {
  const std::string ns = std::to_string(n);
  return "[run]\nduration_days = 1\nseed = 2024\n[lesions.liver.lattice]\nnx = " + ns +
         "\nny = " + ns + "\nnz = " + ns +
         "\n[lesions.liver.tumor]\ninitial_radius_um = " + std::to_string(radius_um) + "\n";
}

}  // namespace isv::validation
