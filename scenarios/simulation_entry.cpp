// T-cell exits from the blood per exchange step (see simulation_entry.hpp).
#include "scenarios/simulation_entry.hpp"

#include <algorithm>
#include <cmath>

#include "model/immune_params.hpp"
#include "model/rng.hpp"
#include "model/systemic_body.hpp"

namespace isv::scenarios {

TCellEntryResult draw_tcell_entry(const TCellEntryStep& in, model::SystemicModel& systemic) {
  const int antigens = systemic.antigen_count();
  const std::size_t lesions = in.lesion_weight_cm3.size();
  TCellEntryResult out;
  out.arrivals.assign(lesions, std::vector<std::int32_t>(static_cast<std::size_t>(antigens), 0));
  for (int k = 0; k < antigens; ++k) {
    const double pool = systemic.blood_effectors(k);
    const model::EffectorExits exits = model::effector_exits(
        pool, in.entry_per_cell_per_cm3_per_h, in.lesion_weight_cm3, in.body_weight_cm3, in.dt_h);
    auto budget = static_cast<std::int64_t>(std::floor(pool));
    std::int64_t drawn = 0;
    for (std::size_t l = 0; l < lesions; ++l) {
      model::CounterRng rng(in.seed, model::Stream::kTCellEntry,
                            static_cast<std::uint64_t>(in.step),
                            l * model::kMaxAntigens + static_cast<std::uint64_t>(k));
      const std::int64_t n =
          std::min<std::int64_t>(rng.poisson(exits.lesion_mean_cells[l]), budget);
      out.arrivals[l][static_cast<std::size_t>(k)] = static_cast<std::int32_t>(n);
      budget -= n;
      drawn += n;
    }
    if (drawn > 0) systemic.remove_blood_effectors(k, static_cast<double>(drawn));
    out.drawn_total += drawn;
    if (exits.body_cells > 0.0) {
      const double to_body = std::min(exits.body_cells, systemic.blood_effectors(k));
      systemic.remove_blood_effectors(k, to_body);
      out.body_cells_total += to_body;
    }
  }
  return out;
}

}  // namespace isv::scenarios
