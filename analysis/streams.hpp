// Random stream ids of the analysis layer. model::Stream is the registry of the simulation's
// streams (1-37 and up); analysis/ keys its draws in its own block, 0x0100-0x010F, far from it,
// so that a sensitivity design, an ABC-SMC run or a virtual population never shares a Philox
// counter with a simulation that it drives.
#pragma once

#include <cstdint>

#include "model/rng.hpp"

namespace isv::analysis {

inline constexpr model::Stream kStreamSobolBootstrap = static_cast<model::Stream>(0x0100);
inline constexpr model::Stream kStreamMorrisTrajectory = static_cast<model::Stream>(0x0101);
inline constexpr model::Stream kStreamAbcProposal = static_cast<model::Stream>(0x0102);
inline constexpr model::Stream kStreamPopulationCandidate = static_cast<model::Stream>(0x0103);
inline constexpr model::Stream kStreamPopulationSelection = static_cast<model::Stream>(0x0104);
// Per-patient immunogenicity deviates of the response population (validation/response_trial.*).
inline constexpr model::Stream kStreamImmunogenicity = static_cast<model::Stream>(0x0105);

}  // namespace isv::analysis
