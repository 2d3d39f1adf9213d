// How a tumour cell died; the mode sets what its debris releases (DeathReleaseParams).
#pragma once

#include <cstdint>

namespace isv::agents {

enum class DeathMode : std::uint8_t {
  kTCellKill = 0,
  kApoptosis = 1,
  kNecrosis = 2,
  kCoagulation = 3,      // heat: coagulative necrosis, antigen partly denatured (RFA, MWA)
  kFreeze = 4,           // cryoablation: intact antigen, strong DAMP
  kElectroporation = 5,  // irreversible electroporation: non-thermal, intact antigen
  kRadiation = 6,        // radiotherapy: immunogenic cell death
  // Embolization (ischemia) and chemotherapy (TACE) modes join here.
};

}  // namespace isv::agents
