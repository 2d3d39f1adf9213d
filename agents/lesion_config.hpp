// Everything one agent-based lesion needs to be built: its parameter tables and seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agents/cell_modules.hpp"
#include "model/immune_params.hpp"
#include "model/population_params.hpp"
#include "model/tumor_params.hpp"
#include "model/vegf_params.hpp"

namespace isv::agents {

struct LesionConfig {
  std::string name;
  model::LatticeParams lattice;
  model::TumorParams tumor;
  model::OxygenParams oxygen;
  model::PerfusionParams perfusion;
  model::PopulationParams population;     // population-voxel lesions only
  model::ImmuneParams immune;             // the patient's, shared by its lesions
  CellModuleParams cell_types;            // the patient's, per cell-type module
  model::VegfParams vegf;                 // the patient's [vegf] table (population lesions)
  double initial_fill_fraction = 1.0;     // share of voxels in the initial sphere holding a cell
  std::vector<double> antigen_fractions;  // per tracked antigen: share of initial cells expressing
                                          // it (empty = every cell expresses every antigen)
};

}  // namespace isv::agents
