// What one applied treatment did: written to /events in the output and passed to observers.
#pragma once

#include <string>

#include "agents/treatment_zone.hpp"

namespace isv::scenarios {

struct TreatmentEvent {
  double time_h = 0.0;      // simulated time at which it was applied (start of a step)
  std::string lesion;       // target lesion name
  std::string modality;     // "rfa", "cryo", "sbrt", "biopsy", ...
  int treatment = 0;        // index of its [[treatment]] entry, in file order
  int application = 0;      // 0-based application of that entry (radiotherapy fraction)
  double dose_gy = 0.0;     // radiotherapy dose of this application; 0 for other modalities
  agents::ZoneTally tally;  // what was in the zone before, and what was killed
};

}  // namespace isv::scenarios
