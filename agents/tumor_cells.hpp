// Structure-of-arrays store of tumour-cell agents. Other cell types get stores of their own
// beside this one in the Lesion; each store is plain data, changed only in commit phases.
#pragma once

#include <cstdint>
#include <vector>

namespace isv::agents {

enum class TumorPhase : std::uint8_t {
  kCycling = 0,    // progressing through the cell cycle
  kQuiescent = 1,  // cycle complete but no free neighbour voxel (contact inhibition)
  kHypoxic = 2,    // oxygen below the hypoxic threshold: cycle paused
};

struct TumorCells {
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<float> cycle_length_h;  // drawn per cell at birth
  std::vector<float> cycle_age_h;     // time spent cycling since birth
  std::vector<TumorPhase> phase;
  std::vector<std::uint64_t> antigen_mask;  // bit k set: expresses tracked antigen k
  std::vector<float> pdl1;                  // PD-L1 expression, multiples of baseline

  std::size_t size() const noexcept { return id.size(); }

  void reserve(std::size_t n) {
    id.reserve(n);
    voxel.reserve(n);
    cycle_length_h.reserve(n);
    cycle_age_h.reserve(n);
    phase.reserve(n);
    antigen_mask.reserve(n);
    pdl1.reserve(n);
  }

  // Only called from serial commit phases.
  void append(std::uint64_t new_id, std::int32_t at_voxel, float length_h, float age_h,
              std::uint64_t mask, float pdl1_level) {
    id.push_back(new_id);
    voxel.push_back(at_voxel);
    cycle_length_h.push_back(length_h);
    cycle_age_h.push_back(age_h);
    phase.push_back(TumorPhase::kCycling);
    antigen_mask.push_back(mask);
    pdl1.push_back(pdl1_level);
  }

  // Keeps the cells at the ascending indices `keep`, in that order; `spare` is scratch of the
  // same type whose buffers are swapped in, so no allocation happens once capacity has grown.
  void keep_only(const std::vector<std::int32_t>& keep, TumorCells& spare);
};

}  // namespace isv::agents
