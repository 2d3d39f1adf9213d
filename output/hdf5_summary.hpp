// Writes the /summary group of the run file: per-lesion diameter read-outs and the patient's
// RECIST 1.1 / mRECIST response (layout at the top of hdf5_summary.cpp and in
// docs/readouts.md). Private to output/ (the HDF5 building blocks include hdf5.h).
#pragma once

#include <span>

#include "model/response.hpp"
#include "output/hdf5_dataset.hpp"
#include "scenarios/scenario.hpp"

namespace isv::output {

// Creates /summary and everything under it; throws model::IoError if HDF5 fails.
// `boundary_reached_h`: per lesion, when its tumour first reached its lattice's outer voxel
// layer (NaN: never; scenarios::Simulation::boundary_reached_h).
void write_summary(const h5::FileObjects& objects, const scenarios::Scenario& sc,
                   const model::PatientResponse& response,
                   std::span<const double> boundary_reached_h);

}  // namespace isv::output
