// Lesion -> vtkImageData for Catalyst.
#include "output/catalyst/catalyst_grids.hpp"

#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "agents/lesion.hpp"
#include "output/hdf5_writer.hpp"

namespace isv::output::catalyst {

vtkSmartPointer<vtkImageData> lesion_grid(const agents::Lesion& lesion) {
  const model::Lattice& lat = lesion.lattice();
  const double half = 0.5 * lat.voxel_um();
  auto grid = vtkSmartPointer<vtkImageData>::New();
  grid->SetDimensions(lat.nx(), lat.ny(), lat.nz());
  grid->SetSpacing(lat.voxel_um(), lat.voxel_um(), lat.voxel_um());
  grid->SetOrigin(half, half, half);
  const auto voxels = static_cast<vtkIdType>(lat.size());

  auto states = vtkSmartPointer<vtkUnsignedCharArray>::New();
  states->SetName("cell_state");
  states->SetNumberOfTuples(voxels);
  lesion.cell_state_codes(
      std::span<std::uint8_t>(states->GetPointer(0), static_cast<std::size_t>(voxels)));
  grid->GetPointData()->AddArray(states);

  for_each_snapshot_field(
      lesion, [&](const char* name, const char* /*unit*/, std::span<const float> values) {
        if (static_cast<vtkIdType>(values.size()) != voxels)
          throw std::logic_error(std::string("field ") + name + " of lesion " + lesion.name() +
                                 " does not match its lattice");
        auto array = vtkSmartPointer<vtkFloatArray>::New();
        array->SetName(name);
        array->SetNumberOfTuples(voxels);
        std::copy(values.begin(), values.end(), array->GetPointer(0));
        grid->GetPointData()->AddArray(array);
      });
  grid->GetPointData()->SetActiveScalars("cell_state");
  return grid;
}

}  // namespace isv::output::catalyst
