// Immune cells of a count-based lesion as a point set that ParaView shows over the lattice: a
// deterministic subsample of at most a given number of points, each placed inside its voxel by
// a hash of (voxel, population, index) -- no random stream is drawn, so writing points never
// changes a run. Written by the HDF5 writer (/snapshots/<lesion>/immune_points, docs/output.md).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/lattice.hpp"

namespace isv::agents {

enum class ImmunePointType : std::uint8_t { kCD8 = 1, kTreg = 2 };
inline constexpr std::uint8_t kNoSpecificity = 255;  // the specificity of a point that has none

struct ImmunePoints {
  std::vector<float> position_um;         // x, y, z per point; the lattice corner is the origin
  std::vector<std::uint8_t> type;         // ImmunePointType
  std::vector<std::uint8_t> specificity;  // tracked antigen of a CD8 cell, else kNoSpecificity
  double cells_per_point = 1.0;           // cells each point stands for (>= 1)
  std::size_t size() const noexcept { return type.size(); }
};

// One kind of immune cell: its count per voxel (lattice order, fractional).
struct PointPopulation {
  ImmunePointType type = ImmunePointType::kCD8;
  std::uint8_t specificity = kNoSpecificity;
  std::span<const double> cells;
};

// Every population's cells in `voxels` (visited in the order given) as points: with more than
// max_points cells in all, each point stands for the same number of cells (cells_per_point),
// so point densities and the mix of types follow the cells. Counts per voxel are rounded by a
// running sum (systematic sampling), so the total is round(cells / cells_per_point) and never
// above max_points.
ImmunePoints sample_immune_points(const model::Lattice& lattice,
                                  std::span<const std::int32_t> voxels,
                                  std::span<const PointPopulation> populations,
                                  std::int64_t max_points);

}  // namespace isv::agents
