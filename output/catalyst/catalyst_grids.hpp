// What the Catalyst adaptor hands to ParaView: per lesion its lattice as a vtkImageData, with the
// same arrays, geometry and units as the HDF5 snapshots and their XDMF sidecar, and its immune
// cells as point sets. Private to output/catalyst/ (includes VTK).
#pragma once

#include <vtkImageData.h>
#include <vtkPolyData.h>
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

// Every CD8 T cell as a point (with a vertex cell) at the centre of its voxel, µm, in store
// order; cells sharing a voxel share a position. Point arrays: `id` (uint64), `voxel` (i, j, k),
// `specificity` (uint8, tracked antigen), `exhaustion` (0..1), `engaged` (0/1).
vtkSmartPointer<vtkPolyData> tcell_points(const agents::Lesion& lesion);

// Every dendritic cell likewise: `id`, `voxel`, `mature` (0/1), `antigen_load` (cell-eq, one
// component per tracked antigen).
vtkSmartPointer<vtkPolyData> dc_points(const agents::Lesion& lesion);

}  // namespace isv::output::catalyst
