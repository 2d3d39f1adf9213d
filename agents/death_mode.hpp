// How a tumour cell died; the mode sets what its debris releases (DeathReleaseParams).
#pragma once

#include <cstdint>

namespace isv::agents {

enum class DeathMode : std::uint8_t {
  kTCellKill = 0,
  kApoptosis = 1,
  kNecrosis = 2,
  // Treatment modes (coagulative necrosis, freeze, radiation, ischemia, chemotherapy) join here.
};

}  // namespace isv::agents
