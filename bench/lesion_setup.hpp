// Lesion set-ups shared by the benchmarks: a sphere of about one million tumour cells.
#pragma once

#include <cstdint>

#include "agents/lesion.hpp"
#include "agents/lesion_config.hpp"

namespace isv::bench {

inline constexpr double kVoxelUm = 20.0;
// 4/3 π 62³ ≈ 1.0e6 voxels of 20 µm: a sphere of radius 62 voxels holds about a million cells.
inline constexpr double kMillionCellRadiusUm = 62.0 * kVoxelUm;
inline constexpr double kStepH = 1.0;  // the scenario default model step
inline constexpr std::uint64_t kSeed = 20240611;

// A cubic lattice of `side` voxels around a fully packed sphere of ~1e6 cells, default biology.
inline agents::LesionConfig million_cell_lesion(int side) {
  agents::LesionConfig config;
  config.name = "bench";
  config.lattice.nx = side;
  config.lattice.ny = side;
  config.lattice.nz = side;
  config.lattice.voxel_um = kVoxelUm;
  config.tumor.initial_radius_um = kMillionCellRadiusUm;
  return config;
}

// Runs one named phase of the lesion's plan. Unlike Lesion::step() this does not advance the
// step counter, so the counter-based random draws repeat their keys from step to step (the
// work done is the same; only which cells divide or die is less random).
inline void run_phase(agents::Lesion& lesion, const agents::Lesion::Phase& phase, double dt_h) {
  lesion.run_phase(phase, dt_h);
}

}  // namespace isv::bench
