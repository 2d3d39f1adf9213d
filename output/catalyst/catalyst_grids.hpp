// What the Catalyst adaptor hands to ParaView: one vtkImageData per lesion, with the same arrays,
// geometry and units as the HDF5 snapshots and their XDMF sidecar. Private to output/catalyst/
// (includes VTK).
#pragma once

#include <vtkImageData.h>
#include <vtkSmartPointer.h>

namespace isv::agents {
class Lesion;
}

namespace isv::output::catalyst {

// The lesion's lattice as a uniform grid whose points are voxel centres (µm, the lattice corner
// at the origin): point arrays `cell_state` (uint8 codes, agents/voxel_code.hpp) and every
// snapshot field (float32, hdf5_writer.hpp). The arrays are copies, so the script cannot change
// the model.
vtkSmartPointer<vtkImageData> lesion_grid(const agents::Lesion& lesion);

}  // namespace isv::output::catalyst
