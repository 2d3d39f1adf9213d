// Counter-based random numbers (Philox4x32-10): every draw is a pure function of
// (seed, stream, step, agent id, draw index), so results never depend on thread scheduling.
#pragma once

#include <array>
#include <cstdint>

namespace isv::model {

// Every random stream in isvsim has one id here; streams never share counters.
enum class Stream : std::uint16_t {
  kInitialCycleLength = 1,
  kInitialCycleAge = 2,
  kCycleLength = 3,
  kDivisionTarget = 4,
  kNecrosis = 5,
  kInitialPlacement = 6,
  kInitialAntigens = 7,
  kAntigenLoss = 8,
  kApoptosis = 9,
  kTCellEntry = 10,      // patient-level: Poisson draws of arrivals per lesion and specificity
  kTCellPlacement = 11,  // entry voxel of an arriving T cell
  kTCellLifespan = 12,
  kTCellMove = 13,
  kTCellKill = 14,
  kDcRecruitment = 15,
  kDcFate = 16,
  // Local treatments (17-24): keyed by the treatment application's ordinal in place of the step.
  kTreatmentTumor = 17,  // rim kill of a tumour cell (ablation, cryo, IRE)
  kTreatmentTCell = 18,  // rim kill of a T cell
  kTreatmentDc = 19,     // rim kill of a dendritic cell
  kRadiationTumor = 20,  // LQ survival draw of a tumour cell in a radiation field
  kRadiationTCell = 21,  // LQ survival draw of a T cell in a radiation field
  // Locoregional therapies (embolization, TACE, TARE, injection): 25-32 are reserved for them.
  kLocalTherapyKill = 25,  // chemotherapy / radionuclide death of a tumour cell in a step
  // Sweeps and trials (scenarios/sweep_*, model/stats): 33-36 are reserved for them.
  kSweepDraw = 33,        // per-patient / random-sample parameter draws
  kSweepLhsOrder = 34,    // Latin-hypercube stratum permutations
  kBootstrap = 35,        // paired bootstrap resampling of patients
  kSweepPopulation = 36,  // weighted resampling of a population file's patients
  // T-cell moves beyond the 64th of a step (agents/tcell_behaviour.hpp), keyed by the step
  // and by (move index << 48 | cell id).
  kTCellMoveLate = 37,
  // Cell-type modules (agents/cell_modules.hpp): 64-127 are reserved for them; each module
  // declares its block (kFirstStream, kStreams) and the module list checks that blocks are
  // disjoint and inside this range, so a new cell type never shifts an existing id.
  kCellModuleFirst = 64,
  kCellModuleLast = 127,
  // The analysis layer (analysis/streams.hpp: sensitivity designs, ABC-SMC, virtual
  // populations) keys its draws in 0x0100-0x010F; no simulation stream may use that block.
  kAnalysisFirst = 0x0100,
  kAnalysisLast = 0x010F,
  kTest = 0xFFFF,  // reserved for unit tests
};

// Philox4x32 with 10 rounds (Salmon et al., SC'11, "Parallel random numbers: as easy as 1, 2, 3").
std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                        std::array<std::uint32_t, 2> key) noexcept;

// A short-lived generator for one (stream, step, agent) triple. Cheap to construct; holds a
// draw counter so one agent may take several numbers in one step.
class CounterRng {
 public:
  CounterRng(std::uint64_t seed, Stream stream, std::uint64_t step, std::uint64_t agent_id) noexcept
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        stream_(static_cast<std::uint16_t>(stream)),
        step_(static_cast<std::uint32_t>(step)),
        agent_id_(agent_id) {}

  // 32 uniformly distributed bits.
  std::uint32_t next_u32() noexcept {
    if (used_ == 4) refill();
    return block_[used_++];
  }
  // Uniform double in [0, 1) with 53 random bits.
  double uniform() noexcept {
    const std::uint64_t hi = next_u32() >> 5;  // 27 bits
    const std::uint64_t lo = next_u32() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
  }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^32, negligible here).
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }
  // Standard normal deviate (Box–Muller, one of the pair used).
  double normal() noexcept;
  // Log-normal deviate with the given arithmetic mean and coefficient of variation.
  double lognormal_mean_cv(double mean, double cv) noexcept;
  // Poisson deviate: exact inversion below a mean of 30, else the normal approximation with
  // continuity correction (relative error of the moments below 1 % there).
  std::int64_t poisson(double mean) noexcept;

 private:
  void refill() noexcept;

  std::array<std::uint32_t, 2> key_;
  std::uint16_t stream_;
  std::uint32_t step_;
  std::uint64_t agent_id_;
  std::uint16_t draw_block_ = 0;
  std::array<std::uint32_t, 4> block_{};
  int used_ = 4;
};

}  // namespace isv::model
