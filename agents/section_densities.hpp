// Immune-cell densities as a pathologist reports them from an immunohistochemistry (IHC)
// section: cells per mm^2 in the tumour core (CT) and the invasive margin (IM). Pure functions of
// per-voxel counts and depths, independent of the lesion kind. Docs: docs/clinical_scale.md,
// "Read-outs".
#pragma once

#include <algorithm>

#include "model/units.hpp"

namespace isv::agents::ihc {

// Galon et al. 2006, Science 313:1960: the invasive margin is a band 1 mm wide centred on the
// border between tumour and host tissue; the core is the tumour beyond it.
inline constexpr double kInvasiveMarginWidthMm = 1.0;
// Routine formalin-fixed paraffin sections for IHC are cut at 3-5 um.
inline constexpr double kSectionThicknessUm = 4.0;
// A small (resting) lymphocyte is about 7 um across (e.g. Janeway's Immunobiology, ch. 1).
inline constexpr double kLymphocyteDiameterUm = 7.0;

// Profiles per mm^2 of a section of thickness t from a density per mm^3 of cells of diameter D:
// N_A = N_V (t + D) (Abercrombie 1946, Anat Rec 94:239; a cell is cut if its centre lies within
// D/2 of either face of the section).
constexpr double section_per_mm2(double per_mm3) noexcept {
  return per_mm3 * (kSectionThicknessUm + kLymphocyteDiameterUm) / model::units::kUmPerMm;
}

// Shares of a voxel of edge h (mm) whose centre lies depth_mm below the tumour border
// (negative: outside the tumour) that fall in the core and in the margin band, counting the
// voxel as a slab of thickness h across the border (exact for a border parallel to a face).
struct RegionShares {
  double core = 0.0;
  double margin = 0.0;
};
inline RegionShares region_shares(double depth_mm, double voxel_mm) noexcept {
  const double half_band = 0.5 * kInvasiveMarginWidthMm;
  const double lo = depth_mm - 0.5 * voxel_mm, hi = depth_mm + 0.5 * voxel_mm;
  auto overlap = [&](double a, double b) {
    return std::max(0.0, std::min(hi, b) - std::max(lo, a));
  };
  return {overlap(half_band, hi) / voxel_mm, overlap(-half_band, half_band) / voxel_mm};
}

// Cells and tissue volume of one lesion in each region, and the two densities per mm^2.
struct RegionTally {
  double core_cells = 0.0;
  double core_mm3 = 0.0;
  double margin_cells = 0.0;
  double margin_mm3 = 0.0;

  // 0 where the region is empty (a lesion thinner than the margin has no core).
  double core_per_mm2() const noexcept {
    return core_mm3 > 0.0 ? section_per_mm2(core_cells / core_mm3) : 0.0;
  }
  double margin_per_mm2() const noexcept {
    return margin_mm3 > 0.0 ? section_per_mm2(margin_cells / margin_mm3) : 0.0;
  }
};

}  // namespace isv::agents::ihc
