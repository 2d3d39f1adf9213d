// Everything one agent-based lesion needs to be built: its parameter tables and seed.
#pragma once

#include <cstdint>
#include <string>

#include "model/tumor_params.hpp"

namespace isv::agents {

struct LesionConfig {
  std::string name;
  model::LatticeParams lattice;
  model::TumorParams tumor;
  model::OxygenParams oxygen;
  model::PerfusionParams perfusion;
  double initial_fill_fraction = 1.0;  // share of voxels in the initial sphere holding a cell
};

}  // namespace isv::agents
