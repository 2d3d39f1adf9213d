// Lesion -> VTK data objects for Catalyst.
#include "output/catalyst/catalyst_grids.hpp"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkIntArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkTypeUInt64Array.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "output/hdf5_writer.hpp"

namespace isv::output::catalyst {
namespace {

template <class Array, class Value>
void add_array(vtkPolyData& points, const char* name, std::span<const Value> values,
               int components = 1) {
  auto array = vtkSmartPointer<Array>::New();
  array->SetName(name);
  array->SetNumberOfComponents(components);
  array->SetNumberOfTuples(static_cast<vtkIdType>(values.size()) / components);
  std::copy(values.begin(), values.end(), array->GetPointer(0));
  points.GetPointData()->AddArray(array);
}

// Points at the centres of `voxels`, one vertex cell each, with the `id` and `voxel` arrays.
vtkSmartPointer<vtkPolyData> points_at(const model::Lattice& lat,
                                       std::span<const std::int32_t> voxels,
                                       std::span<const std::uint64_t> ids) {
  const auto n = static_cast<vtkIdType>(voxels.size());
  auto coordinates = vtkSmartPointer<vtkPoints>::New();
  coordinates->SetDataTypeToDouble();
  coordinates->SetNumberOfPoints(n);
  auto vertices = vtkSmartPointer<vtkCellArray>::New();
  std::vector<int> ijk(3 * voxels.size());
  for (vtkIdType p = 0; p < n; ++p) {
    const std::int32_t voxel = voxels[static_cast<std::size_t>(p)];
    const std::array<double, 3> centre = lat.centre_um(voxel);
    coordinates->SetPoint(p, centre.data());
    vertices->InsertNextCell(1, &p);
    const model::Voxel3 v = lat.voxel(voxel);
    std::copy_n(std::array<int, 3>{v.x, v.y, v.z}.begin(), 3,
                ijk.begin() + 3 * static_cast<std::ptrdiff_t>(p));
  }
  auto points = vtkSmartPointer<vtkPolyData>::New();
  points->SetPoints(coordinates);
  points->SetVerts(vertices);
  add_array<vtkTypeUInt64Array>(*points, "id", ids);
  add_array<vtkIntArray>(*points, "voxel", std::span<const int>(ijk), 3);
  return points;
}

}  // namespace

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

vtkSmartPointer<vtkPolyData> tcell_points(const agents::Lesion& lesion) {
  const agents::TCells& cells = lesion.tcells();
  auto points = points_at(lesion.lattice(), cells.voxel, cells.id);
  add_array<vtkUnsignedCharArray>(*points, "specificity",
                                  std::span<const std::uint8_t>(cells.specificity));
  add_array<vtkFloatArray>(*points, "exhaustion", std::span<const float>(cells.exhaustion));
  add_array<vtkUnsignedCharArray>(*points, "engaged", std::span<const std::uint8_t>(cells.engaged));
  return points;
}

vtkSmartPointer<vtkPolyData> dc_points(const agents::Lesion& lesion) {
  const agents::DendriticCells& cells = lesion.dcs();
  auto points = points_at(lesion.lattice(), cells.voxel, cells.id);
  add_array<vtkUnsignedCharArray>(*points, "mature", std::span<const std::uint8_t>(cells.mature));
  add_array<vtkFloatArray>(*points, "antigen_load", std::span<const float>(cells.load),
                           std::max(cells.antigen_count, 1));
  return points;
}

}  // namespace isv::output::catalyst
