// Locoregional treatments of a population lesion's territory -- embolization (bland), TACE
// (embolization + an eluting drug) and TARE (Y-90: a mild flow cut + a decaying dose) -- as
// plain inputs and the per-voxel state the lesion keeps for each (population_local.cpp). The
// same keys and geometry as for the agent lesion (scenarios/treatment_embolization.cpp);
// model and assumptions: docs/clinical_scale.md, "Treatments".
#pragma once

#include <cstdint>
#include <vector>

#include "agents/local_therapy.hpp"
#include "agents/treatment_zone.hpp"

namespace isv::agents {

// What one territory treatment does (all doubles: checkpointed as raw bytes, no padding).
struct TerritoryTherapy {
  double occlusion_fraction = 0.0;          // share of the territory's flow blocked at the start
  double recanalization_half_time_h = 0.0;  // <= 0: permanent occlusion
  // TACE drug (drug_loading 0: none): a depot per territory volume that elutes first-order into
  // the tissue of the same voxel, where it decays and washes out with the voxel's flow.
  double drug_loading = 0.0;  // field units (uM)
  double release_half_time_h = 0.0;
  double drug_decay_per_h = 0.0;
  double drug_washout_per_h = 0.0;  // x the voxel's effective perfusion
  DrugKill kill;
  // TARE dose (dose_gy 0: none): continuous LQ with repair (agents/radionuclide_dose.hpp).
  double dose_gy = 0.0;
  double half_life_h = 64.1;
  double repair_half_time_h = 1.5;
  double alpha_per_gy = 0.0;
  double beta_per_gy2 = 0.0;
};

// Where it acts: the lesion as it stands (every voxel holding tumour mass, whole voxels), or a
// zone (each voxel by the share of its volume inside).
struct Territory {
  bool whole_lesion = true;
  Ellipsoid zone;
};

// The state of one applied territory treatment, per territory voxel (ascending).
struct TerritoryRecord {
  TerritoryTherapy therapy;
  double start_h = 0.0;
  std::vector<std::int32_t> voxels;
  std::vector<double> volume_share;     // share of the voxel's volume in the territory
  std::vector<double> cell_share;       // share of the voxel's viable cells in the territory
  std::vector<double> ischaemic_share;  // share of its viable cells in occluded tissue
  std::vector<double> depot;            // drug still on the beads (field units)
  std::vector<double> drug;             // drug in the territory's tissue (field units)
};

}  // namespace isv::agents
