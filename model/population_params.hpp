// Parameters of a population-voxel lesion (agents/population_lesion.hpp), the clinical-scale
// lesion kind: each voxel holds cell counts rather than one agent. Sources and the assumptions
// behind each default: docs/parameters.md, "Population lesions"; the model: docs/clinical_scale.md.
#pragma once

#include "model/param_spec.hpp"

namespace isv::model {

struct PopulationParams {
  double tumor_cells_per_mm3 = 1.0e5;        // packing density of solid tumour tissue
  double proliferation_rate_per_day = 0.1;   // per viable cell in the perfused rim
  double cell_loss_rate_per_day = 0.095;     // per viable cell (apoptosis, shedding)
  double perfused_depth_mm = 15.0;           // viable, proliferating depth below the surface
  double core_necrosis_rate_per_day = 0.02;  // per viable cell deeper than perfused_depth_mm
  double necrotic_clearance_days = 365.0;    // mean residence of necrotic mass
  // Death rate of viable cells in tissue an embolization occludes (docs/clinical_scale.md).
  double ischaemic_death_rate_per_day = 0.5;
  double ctl_kills_per_day = 2.0;            // tumour cells one CD8 effector kills per day
  double ctl_lifespan_days = 5.0;            // mean residence of an effector in the lesion
  double antigen_capture_fraction = 1.0e-4;  // share of a dead cell's antigen DCs carry to node

  template <class V>
  void visit(V&& v) {
    v(tumor_cells_per_mm3, ParamInfo{"tumor_cells_per_mm3", Bounds::closed(1.0e3, 1.0e7),
                                     "cells/mm^3", "packing density of solid tumour tissue"});
    v(proliferation_rate_per_day,
      ParamInfo{"proliferation_rate_per_day", Bounds::closed(0.0, 5.0), "1/day",
                "division rate of a viable cell in the perfused (non-core) tumour"});
    v(cell_loss_rate_per_day, ParamInfo{"cell_loss_rate_per_day", Bounds::closed(0.0, 5.0), "1/day",
                                        "loss rate of a viable cell (apoptosis)"});
    v(perfused_depth_mm,
      ParamInfo{"perfused_depth_mm", Bounds::closed(0.1, 1000.0), "mm",
                "depth below the lesion surface beyond which tissue is hypoxic (no division)"});
    v(core_necrosis_rate_per_day,
      ParamInfo{"core_necrosis_rate_per_day", Bounds::closed(0.0, 5.0), "1/day",
                "necrosis rate of a viable cell in the hypoxic core"});
    v(necrotic_clearance_days,
      ParamInfo{"necrotic_clearance_days", Bounds::closed(0.0, 36500.0), "days",
                "mean time necrotic or treated tissue stays in place (0: cleared at once)"});
    v(ischaemic_death_rate_per_day,
      ParamInfo{"ischaemic_death_rate_per_day", Bounds::closed(0.0, 100.0), "1/day",
                "death rate of viable cells whose supply an embolization occludes"});
    v(ctl_kills_per_day, ParamInfo{"ctl_kills_per_day", Bounds::closed(0.0, 100.0), "1/day",
                                   "tumour cells one unblocked CD8 effector kills per day"});
    v(ctl_lifespan_days, ParamInfo{"ctl_lifespan_days", Bounds::closed(0.01, 365.0), "days",
                                   "mean residence of an effector in the lesion"});
    v(antigen_capture_fraction,
      ParamInfo{"antigen_capture_fraction", Bounds::unit_interval(), "",
                "share of a dead cell's antigen that dendritic cells carry to the lymph node"});
  }
};

}  // namespace isv::model
