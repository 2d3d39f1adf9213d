// Typed parameters of one agent-based lesion: lattice, tumour cells, oxygen and perfusion.
// Defaults and sources are tabulated in docs/parameters.md; values marked "assumption" there
// have no direct published source.
#pragma once

#include "model/param_spec.hpp"

namespace isv::model {

struct LatticeParams {
  int nx = 64;
  int ny = 64;
  int nz = 64;  // 1 makes a 2-D lesion
  double voxel_um = 20.0;

  template <class V>
  void visit(V&& v) {
    v(nx, ParamInfo{"nx", Bounds::closed(1, 4096), "voxels", "lattice size along x"});
    v(ny, ParamInfo{"ny", Bounds::closed(1, 4096), "voxels", "lattice size along y"});
    v(nz, ParamInfo{"nz", Bounds::closed(1, 4096), "voxels", "lattice size along z (1 = 2-D)"});
    v(voxel_um, ParamInfo{"voxel_um", Bounds::closed(1.0, 1000.0), "um", "voxel edge length"});
  }
};

struct TumorParams {
  double initial_radius_um = 100.0;
  double doubling_time_days = 2.0;
  double doubling_time_cv = 0.2;
  double hypoxic_threshold_mmHg = 15.0;
  double anoxic_threshold_mmHg = 5.0;
  double anoxic_death_rate_per_day = 4.0;
  double apoptosis_rate_per_day = 0.0;
  double debris_clearance_days = 5.0;

  template <class V>
  void visit(V&& v) {
    v(initial_radius_um, ParamInfo{"initial_radius_um", Bounds::non_negative(), "um",
                                   "radius of the initial tumour sphere at the lattice centre"});
    v(doubling_time_days, ParamInfo{"doubling_time_days", Bounds::closed(0.05, 3650.0), "days",
                                    "mean cell-cycle length of a well-oxygenated cell"});
    v(doubling_time_cv, ParamInfo{"doubling_time_cv", Bounds::closed(0.0, 2.0), "",
                                  "coefficient of variation of the per-cell cycle length"});
    v(hypoxic_threshold_mmHg,
      ParamInfo{"hypoxic_threshold_mmHg", Bounds::non_negative(), "mmHg",
                "below this oxygen tension a cell stops cycling (hypoxic quiescence)"});
    v(anoxic_threshold_mmHg, ParamInfo{"anoxic_threshold_mmHg", Bounds::non_negative(), "mmHg",
                                       "below this oxygen tension a cell dies by necrosis"});
    v(anoxic_death_rate_per_day, ParamInfo{"anoxic_death_rate_per_day", Bounds::non_negative(),
                                           "1/day", "necrosis rate of an anoxic cell"});
    v(apoptosis_rate_per_day, ParamInfo{"apoptosis_rate_per_day", Bounds::non_negative(),
                                        "1/day", "spontaneous apoptosis rate of a viable cell"});
    v(debris_clearance_days, ParamInfo{"debris_clearance_days", Bounds::non_negative(), "days",
                                       "time necrotic debris stays in its voxel"});
  }
};

struct OxygenParams {
  double diffusion_um2_per_min = 1.0e5;
  double blood_mmHg = 38.0;
  double supply_rate_per_min = 5.0;
  double decay_rate_per_min = 0.1;
  double tumor_uptake_per_min = 10.0;
  double solver_tolerance_mmHg = 1.0e-2;
  int solver_max_cycles = 20;

  template <class V>
  void visit(V&& v) {
    v(diffusion_um2_per_min, ParamInfo{"diffusion_um2_per_min", Bounds::positive(), "um^2/min",
                                       "oxygen diffusion coefficient in tissue"});
    v(blood_mmHg, ParamInfo{"blood_mmHg", Bounds::non_negative(), "mmHg",
                            "oxygen tension that perfused voxels exchange with"});
    v(supply_rate_per_min, ParamInfo{"supply_rate_per_min", Bounds::non_negative(), "1/min",
                                     "exchange rate with blood of a fully perfused voxel"});
    v(decay_rate_per_min, ParamInfo{"decay_rate_per_min", Bounds::non_negative(), "1/min",
                                    "background consumption by normal tissue"});
    v(tumor_uptake_per_min, ParamInfo{"tumor_uptake_per_min", Bounds::non_negative(), "1/min",
                                      "uptake rate in a voxel of viable tumour tissue"});
    v(solver_tolerance_mmHg, ParamInfo{"solver_tolerance_mmHg", Bounds::positive(), "mmHg",
                                       "quasi-steady solve stops when no voxel changes more"});
    v(solver_max_cycles, ParamInfo{"solver_max_cycles", Bounds::closed(1, 1000), "",
                                   "cap on pseudo-time cycles per model step"});
  }
};

struct PerfusionParams {
  double vessel_regression_days = 4.0;
  double vessel_recovery_days = 10.0;

  template <class V>
  void visit(V&& v) {
    v(vessel_regression_days,
      ParamInfo{"vessel_regression_days", Bounds::positive(), "days",
                "e-folding time of perfusion loss in a voxel held by tumour or debris"});
    v(vessel_recovery_days, ParamInfo{"vessel_recovery_days", Bounds::positive(), "days",
                                      "e-folding time of perfusion recovery in free tissue"});
  }
};

}  // namespace isv::model
