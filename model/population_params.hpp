// Parameters of a population-voxel lesion (agents/population_lesion.hpp), the clinical-scale
// lesion kind: each voxel holds cell counts rather than one agent. Sources and the assumptions
// behind each default: docs/clinical_scale.md, "Parameters"; the model: the same file.
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
  double ctl_lifespan_days = 5.0;            // mean residence of an effector in the lesion
  double antigen_capture_fraction = 1.0e-4;  // share of a dead cell's antigen DCs carry to node
  // Local immune kinetics per voxel (agents/population_immune_kinetics.hpp): densities per mm^3.
  double ctl_kills_per_day = 2.0;                    // kills per effector with targets abundant
  double ctl_kill_half_density_per_mm3 = 2.0e4;      // E + T density of half-saturated killing
  double ctl_expansion_rate_per_day = 1.14;          // antigen-driven division of effectors
  double ctl_expansion_half_target_per_mm3 = 1.0e4;  // target density of half-maximal expansion
  double ctl_exhaustion_mm3_per_cell_day = 1.0e-6;   // inactivation per tumour cell met
  double treg_per_cd8 = 0.3;                         // Tregs recruited per CD8 effector gained
  double treg_lifespan_days = 5.0;                   // mean residence of a Treg
  double treg_suppression_half_ratio = 0.5;          // Treg:CD8 ratio halving CD8 function
  double treg_ctla4_depletion_rate_per_day = 0.5;    // at full anti-CTLA-4 occupancy
  double mdsc_per_tumor_cell = 0.01;                 // steady MDSC:tumour-cell ratio
  double mdsc_lifespan_days = 2.0;                   // mean residence of an MDSC
  double mdsc_suppression_half_per_mm3 = 2.0e3;      // MDSC density halving CD8 function
  double tgfb_at_capacity_ng_per_ml = 2.0;           // TGF-beta of fully packed tumour tissue
  double tgfb_suppression_half_ng_per_ml = 2.0;      // TGF-beta halving CD8 function
  double antigen_negative_initial_share = 1.0e-4;    // cells expressing no tracked antigen
  double antigen_loss_per_division = 1.0e-6;         // chance a division loses antigen

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
    v(ctl_lifespan_days, ParamInfo{"ctl_lifespan_days", Bounds::closed(0.01, 365.0), "days",
                                   "mean residence of an effector in the lesion"});
    v(antigen_capture_fraction,
      ParamInfo{"antigen_capture_fraction", Bounds::unit_interval(), "",
                "share of a dead cell's antigen that dendritic cells carry to the lymph node"});
    visit_immune(v);
  }

 private:
  template <class V>
  void visit_immune(V&& v) {
    const Bounds nn = Bounds::non_negative();
    v(ctl_kills_per_day, ParamInfo{"ctl_kills_per_day", Bounds::closed(0.0, 100.0), "1/day",
                                   "tumour cells one unblocked effector kills per day, targets "
                                   "abundant"});
    v(ctl_kill_half_density_per_mm3,
      ParamInfo{"ctl_kill_half_density_per_mm3", Bounds::positive(), "cells/mm^3",
                "effector + target density at which killing is half-saturated"});
    v(ctl_expansion_rate_per_day,
      ParamInfo{"ctl_expansion_rate_per_day", Bounds::closed(0.0, 10.0), "1/day",
                "maximal antigen-driven division rate of an effector in the tumour"});
    v(ctl_expansion_half_target_per_mm3,
      ParamInfo{"ctl_expansion_half_target_per_mm3", Bounds::positive(), "cells/mm^3",
                "target-cell density at which effector expansion is half-maximal"});
    v(ctl_exhaustion_mm3_per_cell_day,
      ParamInfo{"ctl_exhaustion_mm3_per_cell_day", nn, "mm^3/(cell day)",
                "effector inactivation rate per unit tumour-cell density"});
    v(treg_per_cd8, ParamInfo{"treg_per_cd8", Bounds::closed(0.0, 100.0), "cells/cell",
                              "Tregs recruited per CD8 effector gained (arrival or division)"});
    v(treg_lifespan_days, ParamInfo{"treg_lifespan_days", Bounds::closed(0.01, 365.0), "days",
                                    "mean residence of a Treg in the lesion"});
    v(treg_suppression_half_ratio,
      ParamInfo{"treg_suppression_half_ratio", Bounds::positive(), "cells/cell",
                "local Treg:CD8 ratio at which CD8 killing and expansion are halved"});
    v(treg_ctla4_depletion_rate_per_day,
      ParamInfo{"treg_ctla4_depletion_rate_per_day", nn, "1/day",
                "Fc-mediated Treg depletion rate at full anti-CTLA-4 occupancy"});
    v(mdsc_per_tumor_cell, ParamInfo{"mdsc_per_tumor_cell", Bounds::closed(0.0, 10.0), "cells/cell",
                                     "steady myeloid-derived suppressor cells per tumour cell"});
    v(mdsc_lifespan_days, ParamInfo{"mdsc_lifespan_days", Bounds::closed(0.01, 365.0), "days",
                                    "mean residence of an MDSC in the lesion"});
    v(mdsc_suppression_half_per_mm3,
      ParamInfo{"mdsc_suppression_half_per_mm3", Bounds::positive(), "cells/mm^3",
                "MDSC density at which CD8 killing and expansion are halved"});
    v(tgfb_at_capacity_ng_per_ml,
      ParamInfo{"tgfb_at_capacity_ng_per_ml", nn, "ng/mL",
                "quasi-steady TGF-beta of tumour tissue at packing density (scales with it)"});
    v(tgfb_suppression_half_ng_per_ml,
      ParamInfo{"tgfb_suppression_half_ng_per_ml", Bounds::positive(), "ng/mL",
                "TGF-beta at which CD8 killing and expansion are halved"});
    v(antigen_negative_initial_share,
      ParamInfo{"antigen_negative_initial_share", Bounds::unit_interval(), "",
                "initial share of tumour cells expressing none of the tracked antigens"});
    v(antigen_loss_per_division,
      ParamInfo{"antigen_loss_per_division", Bounds::unit_interval(), "",
                "probability that a division of an antigen-positive cell loses the antigen"});
  }
};

}  // namespace isv::model
