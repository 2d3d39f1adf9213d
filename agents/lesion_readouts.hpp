// Whole-lesion read-outs (definitions in docs/model.md), declared once: kReadoutQuantities
// lists every scalar read-out with its name and unit, in the order of the struct. The HDF5
// time series (output/hdf5_writer.cpp), the checkpoint of the output observers
// (visit_readouts), the tests and the mean-field comparison take the list from here; a member
// missing from it fails the build (the layout check below).
#pragma once

#include <array>
#include <cstdint>
#include <variant>
#include <vector>

namespace isv::agents {

struct LesionReadouts {
  std::int64_t tumor_viable = 0;
  std::int64_t tumor_cycling = 0;
  std::int64_t tumor_quiescent = 0;
  std::int64_t tumor_hypoxic = 0;
  std::int64_t tumor_dead = 0;          // debris voxels still in place
  std::int64_t tumor_deaths_total = 0;  // cumulative deaths since the start
  double volume_mm3 = 0.0;              // viable + debris
  double longest_diameter_mm = 0.0;     // RECIST-style, viable + debris, axial planes
  double viable_diameter_mm = 0.0;      // same over viable cells only (mRECIST-style)
  double oxygen_mean_mmHg = 0.0;
  std::int64_t tcells = 0;
  std::int64_t tcells_exhausted = 0;
  std::int64_t tcells_engaged = 0;
  std::int64_t tcells_arrived_total = 0;  // cumulative entries from blood (whole cells)
  std::int64_t tcell_kills_total = 0;
  std::int64_t dcs_immature = 0;
  std::int64_t dcs_mature = 0;
  double pdl1_mean = 0.0;  // mean over viable tumour cells, multiples of baseline
  std::int64_t tregs = 0;  // regulatory T cells (agents/treg_module.hpp); 0 in mean-field lesions
  std::int64_t tregs_depleted_total = 0;  // cumulative depletions by anti-CTLA-4
  // Population lesions only (0 in the other kinds): viable cells expressing none of the tracked
  // antigens (escape variants) and myeloid-derived suppressor cells.
  std::int64_t tumor_antigen_negative = 0;
  std::int64_t mdsc = 0;
  // As an IHC section shows them (population lesions; 0 in the other kinds): cells per mm^2 in
  // the tumour core and the 1 mm invasive margin (agents/section_densities.hpp), and the CD8 to
  // Treg cell ratio over both (0 without Tregs).
  double cd8_core_per_mm2 = 0.0;
  double cd8_margin_per_mm2 = 0.0;
  double treg_core_per_mm2 = 0.0;
  double treg_margin_per_mm2 = 0.0;
  double cd8_treg_ratio = 0.0;
  std::vector<double> antigen_released_total;  // per tracked antigen, cell-eq since the start

  // Exact equality of every member (doubles by value).
  bool operator==(const LesionReadouts&) const = default;
};

// One scalar read-out: /timeseries/<lesion>/<name> in the HDF5 file.
struct ReadoutQuantity {
  const char* name;
  const char* unit;
  std::variant<std::int64_t LesionReadouts::*, double LesionReadouts::*> member;

  // The value as a double (counts are exact below 2^53).
  double value(const LesionReadouts& r) const {
    return std::visit([&](auto m) { return static_cast<double>(r.*m); }, member);
  }
};

// Every scalar read-out, in declaration order. A new read-out is a member above plus one line
// here (and its computation in Lesion::readouts and MeanFieldLesion::readouts).
inline constexpr auto kReadoutQuantities = std::to_array<ReadoutQuantity>({
    {"tumor_viable", "cells", &LesionReadouts::tumor_viable},
    {"tumor_cycling", "cells", &LesionReadouts::tumor_cycling},
    {"tumor_quiescent", "cells", &LesionReadouts::tumor_quiescent},
    {"tumor_hypoxic", "cells", &LesionReadouts::tumor_hypoxic},
    {"tumor_dead", "cells", &LesionReadouts::tumor_dead},
    {"tumor_deaths_total", "cells", &LesionReadouts::tumor_deaths_total},
    {"volume_mm3", "mm^3", &LesionReadouts::volume_mm3},
    {"longest_diameter_mm", "mm", &LesionReadouts::longest_diameter_mm},
    {"viable_diameter_mm", "mm", &LesionReadouts::viable_diameter_mm},
    {"oxygen_mean_mmHg", "mmHg", &LesionReadouts::oxygen_mean_mmHg},
    {"tcells", "cells", &LesionReadouts::tcells},
    {"tcells_exhausted", "cells", &LesionReadouts::tcells_exhausted},
    {"tcells_engaged", "cells", &LesionReadouts::tcells_engaged},
    {"tcells_arrived_total", "cells", &LesionReadouts::tcells_arrived_total},
    {"tcell_kills_total", "cells", &LesionReadouts::tcell_kills_total},
    {"dcs_immature", "cells", &LesionReadouts::dcs_immature},
    {"dcs_mature", "cells", &LesionReadouts::dcs_mature},
    {"pdl1_mean", "x baseline", &LesionReadouts::pdl1_mean},
    {"tregs", "cells", &LesionReadouts::tregs},
    {"tregs_depleted_total", "cells", &LesionReadouts::tregs_depleted_total},
    {"tumor_antigen_negative", "cells", &LesionReadouts::tumor_antigen_negative},
    {"mdsc", "cells", &LesionReadouts::mdsc},
    {"cd8_core_per_mm2", "cells/mm^2", &LesionReadouts::cd8_core_per_mm2},
    {"cd8_margin_per_mm2", "cells/mm^2", &LesionReadouts::cd8_margin_per_mm2},
    {"treg_core_per_mm2", "cells/mm^2", &LesionReadouts::treg_core_per_mm2},
    {"treg_margin_per_mm2", "cells/mm^2", &LesionReadouts::treg_margin_per_mm2},
    {"cd8_treg_ratio", "1", &LesionReadouts::cd8_treg_ratio},
});

namespace readout_detail {
// Size of a struct holding the listed scalars in order, then the per-antigen vector.
constexpr std::size_t declared_size() {
  std::size_t offset = 0;
  for (const ReadoutQuantity& q : kReadoutQuantities) {
    const std::size_t size = q.member.index() == 0 ? sizeof(std::int64_t) : sizeof(double);
    offset = (offset + size - 1) / size * size + size;
  }
  using V = std::vector<double>;
  offset = (offset + alignof(V) - 1) / alignof(V) * alignof(V) + sizeof(V);
  return (offset + alignof(V) - 1) / alignof(V) * alignof(V);
}
}  // namespace readout_detail
static_assert(readout_detail::declared_size() == sizeof(LesionReadouts),
              "kReadoutQuantities must list every scalar member of LesionReadouts");

// The checkpoint visitor of a LesionReadouts: every listed scalar in order, then the
// per-antigen totals. `r` may be const (saving) or not (loading).
template <class R, class Ar>
void visit_readouts(R& r, Ar& ar) {
  for (const ReadoutQuantity& q : kReadoutQuantities)
    std::visit([&](auto m) { ar(r.*m); }, q.member);
  ar(r.antigen_released_total);
}

}  // namespace isv::agents
