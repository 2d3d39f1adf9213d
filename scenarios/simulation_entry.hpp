// T cells leaving the blood over one exchange step: whole cells to each lesion (Poisson draws on
// the kTCellEntry stream) and, with the body compartment on, a deterministic share to the
// patient's non-tumour tissue, where they stay (docs/systemic.md, "Body compartment").
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/systemic_model.hpp"

namespace isv::scenarios {

struct TCellEntryStep {
  std::uint64_t seed = 0;
  std::int64_t step = 0;
  double entry_per_cell_per_cm3_per_h = 0.0;
  double dt_h = 0.0;
  std::span<const double> lesion_weight_cm3;  // lesion order
  double body_weight_cm3 = 0.0;               // 0: no body compartment
};

struct TCellEntryResult {
  std::vector<std::vector<std::int32_t>> arrivals;  // [lesion][specificity], whole cells
  std::int64_t drawn_total = 0;                     // cells drawn for lesions, all specificities
  double body_cells_total = 0.0;                    // cells gone to body tissue
};

// Draws every specificity's arrivals from `systemic`'s blood pools and removes them, together
// with the body's share. Lesions are drawn in order, each capped by the whole cells left; the
// body takes its expected share of what remains after them.
TCellEntryResult draw_tcell_entry(const TCellEntryStep& in, model::SystemicModel& systemic);

}  // namespace isv::scenarios
