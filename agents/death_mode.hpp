// How a tumour cell died; the mode sets what its debris releases (DeathReleaseParams).
#pragma once

#include <cstddef>
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
  kChemotherapy = 7,     // locally delivered cytotoxic drug (TACE, injection)
  // Embolic ischemia has no mode of its own: cells in an embolized territory die through the
  // oxygen model (kNecrosis) once the oxygen has fallen (docs/treatments.md).
};

inline constexpr std::size_t kDeathModeCount = 8;

}  // namespace isv::agents
