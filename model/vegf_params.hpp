// VEGF-A blockade (bevacizumab) in tissue: the `[vegf]` table, patient-wide, and the two effects
// it scales by the blood-level occupancy of VEGF-A. Model, sources and limits:
// docs/clinical_scale.md, "Anti-VEGF"; defaults: docs/parameters.md, "VEGF-A blockade".
#pragma once

#include "model/occupancy.hpp"
#include "model/param_spec.hpp"

namespace isv::model {

struct VegfParams {
  // Vessel normalisation: T-cell entry weight of every lesion x (1 + gain x occupancy).
  double tcell_entry_gain_at_full_occupancy = 1.0;
  // Anti-angiogenic effect: division in a population lesion's perfused tumour
  // x (1 - reduction x occupancy).
  double proliferation_reduction_at_full_occupancy = 0.05;

  template <class V>
  void visit(V&& v) {
    v(tcell_entry_gain_at_full_occupancy,
      ParamInfo{"tcell_entry_gain_at_full_occupancy", Bounds::closed(0.0, 100.0), "",
                "relative rise of T-cell entry into lesions at full VEGF-A occupancy "
                "(vessel normalisation)"});
    v(proliferation_reduction_at_full_occupancy,
      ParamInfo{"proliferation_reduction_at_full_occupancy", Bounds::unit_interval(), "",
                "share of perfused-tumour division removed at full VEGF-A occupancy "
                "(population lesions)"});
  }
};

// Occupancy of VEGF-A by the antibody at its blood concentration, tissue assumed at the blood
// level as for PD-1 (docs/clinical_scale.md).
inline double vegf_occupancy(double c_nM, double kd_nM) noexcept {
  return receptor_occupancy(c_nM, kd_nM);
}

// Factor on a lesion's T-cell entry weight; exactly 1 at occupancy 0.
inline double vegf_entry_factor(const VegfParams& p, double occupancy) noexcept {
  return occupancy > 0.0 ? 1.0 + p.tcell_entry_gain_at_full_occupancy * occupancy : 1.0;
}

// Factor on the division rate in the perfused tumour; exactly 1 at occupancy 0.
inline double vegf_proliferation_factor(const VegfParams& p, double occupancy) noexcept {
  return occupancy > 0.0 ? 1.0 - p.proliferation_reduction_at_full_occupancy * occupancy : 1.0;
}

}  // namespace isv::model
