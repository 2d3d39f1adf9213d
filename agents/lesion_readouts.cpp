// Read-outs of a lesion: counts, volume, RECIST-style diameters and the voxel code map.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

#include "agents/lesion.hpp"
#include "model/units.hpp"

namespace isv::agents {
namespace {

// Feret (caliper) diameters are taken in this many in-plane directions; the longest diameter
// is then underestimated by at most a factor cos(pi / (2 * kFeretDirections)) = 0.9952.
constexpr int kFeretDirections = 16;

struct SliceExtent {
  std::array<double, kFeretDirections> lo;
  std::array<double, kFeretDirections> hi;
  bool any = false;
  SliceExtent() {
    lo.fill(std::numeric_limits<double>::infinity());
    hi.fill(-std::numeric_limits<double>::infinity());
  }
  void add(double x, double y, const std::array<double, kFeretDirections>& cs,
           const std::array<double, kFeretDirections>& sn) {
    any = true;
    for (int k = 0; k < kFeretDirections; ++k) {
      const double p = x * cs[k] + y * sn[k];
      lo[k] = std::min(lo[k], p);
      hi[k] = std::max(hi[k], p);
    }
  }
  // Longest caliper width, counting whole voxels (centre-to-centre span plus one voxel).
  double longest(double voxel_um) const {
    if (!any) return 0.0;
    double best = 0.0;
    for (int k = 0; k < kFeretDirections; ++k) best = std::max(best, hi[k] - lo[k]);
    return best + voxel_um;
  }
};

}  // namespace

std::vector<NamedField> Lesion::snapshot_fields() const {
  std::vector<NamedField> out{
      {"oxygen", "mmHg", s_.oxygen_mmHg},          {"perfusion", "1", s_.perfusion},
      {"damp", "cell-eq/voxel", s_.fields.damp()}, {"chemokine", "units", s_.fields.chemokine()},
      {"ifng", "ng/mL", s_.fields.ifng()},
  };
  for (int k = 0; k < s_.fields.antigen_count(); ++k) {
    char name[32];
    std::snprintf(name, sizeof name, "antigen_%02d", k);
    out.push_back({name, "cell-eq/voxel", s_.fields.antigen(k)});
  }
  out.push_back({"antibody_pd1", "nM", s_.fields.antibody_nM(TissueTarget::kPD1)});
  out.push_back({"antibody_pdl1", "nM", s_.fields.antibody_nM(TissueTarget::kPDL1)});
  return out;
}

void Lesion::cell_state_codes(std::span<std::uint8_t> out) const {
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, s_.lattice.size(), 1 << 14),
                    [&](const tbb::blocked_range<std::int64_t>& r) {  // "lesion.codes"
                      for (std::int64_t v = r.begin(); v != r.end(); ++v) {
                        VoxelCode code = VoxelCode::kTissue;
                        if (const std::int32_t c = s_.tumor_at[v]; c >= 0) {
                          switch (s_.tumor.phase[c]) {
                            case TumorPhase::kCycling:
                              code = VoxelCode::kTumorCycling;
                              break;
                            case TumorPhase::kQuiescent:
                              code = VoxelCode::kTumorQuiescent;
                              break;
                            case TumorPhase::kHypoxic:
                              code = VoxelCode::kTumorHypoxic;
                              break;
                          }
                        } else if (s_.debris_clear_h[v] >= 0.0f) {
                          code = VoxelCode::kDebris;
                        }
                        out[v] = static_cast<std::uint8_t>(code);
                      }
                    });
}

const LesionReadouts& Lesion::readouts() const {
  if (!readouts_cache_) readouts_cache_ = compute_readouts();
  return *readouts_cache_;
}

LesionReadouts Lesion::compute_readouts() const {
  LesionReadouts out;
  out.tumor_viable = static_cast<std::int64_t>(s_.tumor.size());
  for (const TumorPhase phase : s_.tumor.phase) {
    out.tumor_cycling += phase == TumorPhase::kCycling;
    out.tumor_quiescent += phase == TumorPhase::kQuiescent;
    out.tumor_hypoxic += phase == TumorPhase::kHypoxic;
  }
  out.tumor_deaths_total = s_.deaths_total;
  double pdl1_sum = 0.0;  // fixed order: deterministic
  for (const float level : s_.tumor.pdl1) pdl1_sum += level;
  out.pdl1_mean = s_.tumor.size() > 0 ? pdl1_sum / static_cast<double>(s_.tumor.size()) : 0.0;
  out.tcells = static_cast<std::int64_t>(s_.tcells.size());
  for (std::size_t i = 0; i < s_.tcells.size(); ++i) {
    out.tcells_exhausted += s_.tcells.exhaustion[i] >= 1.0f;
    out.tcells_engaged += s_.tcells.engaged[i] != 0;
  }
  out.tcells_arrived_total = s_.tcells_arrived_total;
  out.tcell_kills_total = s_.tcell_kills_total;
  for (const std::uint8_t m : s_.dcs.mature) (m != 0 ? out.dcs_mature : out.dcs_immature) += 1;
  const TregModule::State& tregs = agents::cell_type<TregModule>(s_);
  out.tregs = static_cast<std::int64_t>(tregs.cells.size());
  out.tregs_depleted_total = tregs.depleted_total;
  out.antigen_released_total = s_.antigen_released_total;

  const int nx = s_.lattice.nx(), ny = s_.lattice.ny(), nz = s_.lattice.nz();
  const double h = s_.lattice.voxel_um();
  std::array<double, kFeretDirections> cs, sn;
  for (int k = 0; k < kFeretDirections; ++k) {
    cs[k] = std::cos(std::numbers::pi * k / kFeretDirections);
    sn[k] = std::sin(std::numbers::pi * k / kFeretDirections);
  }
  struct SliceResult {
    double lesion_um = 0.0;
    double viable_um = 0.0;
    std::int64_t debris = 0;
    double oxygen_sum = 0.0;
  };
  std::vector<SliceResult> slices(static_cast<std::size_t>(nz));
  tbb::parallel_for(0, nz, [&](int z) {  // "lesion.readouts"
    SliceExtent lesion, viable;
    SliceResult& s = slices[z];
    for (int y = 0; y < ny; ++y) {
      for (int x = 0; x < nx; ++x) {
        const std::int32_t v = s_.lattice.index(x, y, z);
        s.oxygen_sum += s_.oxygen_mmHg[v];
        const bool has_cell = s_.tumor_at[v] >= 0;
        const bool has_debris = s_.debris_clear_h[v] >= 0.0f;
        if (has_debris) ++s.debris;
        if (has_cell) viable.add(x * h, y * h, cs, sn);
        if (has_cell || has_debris) lesion.add(x * h, y * h, cs, sn);
      }
    }
    s.lesion_um = lesion.longest(h);
    s.viable_um = viable.longest(h);
  });
  double oxygen_sum = 0.0;  // summed in slice order: deterministic
  for (const SliceResult& s : slices) {
    out.tumor_dead += s.debris;
    out.longest_diameter_mm =
        std::max(out.longest_diameter_mm, s.lesion_um / model::units::kUmPerMm);
    out.viable_diameter_mm = std::max(out.viable_diameter_mm, s.viable_um / model::units::kUmPerMm);
    oxygen_sum += s.oxygen_sum;
  }
  out.oxygen_mean_mmHg = oxygen_sum / static_cast<double>(s_.lattice.size());
  out.volume_mm3 =
      static_cast<double>(out.tumor_viable + out.tumor_dead) * h * h * h / model::units::kUm3PerMm3;
  return out;
}

}  // namespace isv::agents
