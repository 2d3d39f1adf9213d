// What the Catalyst adaptor hands to ParaView (output/catalyst/catalyst_grids.hpp): the lattice
// grid equals the snapshot data, and every T cell and dendritic cell is a point at its voxel
// centre with its attributes. Built with ISV_WITH_CATALYST=ON only.
#include "output/catalyst/catalyst_grids.hpp"

#include <gtest/gtest.h>
#include <vtkDataArray.h>
#include <vtkFloatArray.h>
#include <vtkIntArray.h>
#include <vtkPointData.h>
#include <vtkTypeUInt64Array.h>
#include <vtkUnsignedCharArray.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "output/hdf5_writer.hpp"
#include "scenarios/scenario_loader.hpp"

namespace isv::output::catalyst {
namespace {

// Unequal sides, so that an x/z mix-up shows.
constexpr const char* kToml = R"(
[run]
duration_days = 1.0
step_h = 1.0
[lesions.primary.lattice]
nx = 14
ny = 12
nz = 10
voxel_um = 25.0
[lesions.primary.tumor]
initial_radius_um = 80.0
)";

class CatalystGridsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // T cells arrive from blood through the lesion's inputs; a few steps let them spread.
    agents::LesionInputs inputs;
    inputs.arriving_tcells = {40};
    for (int s = 0; s < 3; ++s) lesion_.step(inputs);
  }

  scenarios::Scenario scenario_ = scenarios::parse_scenario(kToml, "test.toml");
  agents::Lesion lesion_{scenario_.lesions.front().config,
                         static_cast<std::uint64_t>(scenario_.run.seed), scenario_.run.step_h};
};

TEST_F(CatalystGridsTest, TheLatticeIsPointDataAtVoxelCentresEqualToTheSnapshot) {
  const vtkSmartPointer<vtkImageData> grid = lesion_grid(lesion_);
  int dims[3];
  grid->GetDimensions(dims);
  EXPECT_EQ((std::array<int, 3>{dims[0], dims[1], dims[2]}), (std::array<int, 3>{14, 12, 10}));
  EXPECT_DOUBLE_EQ(grid->GetSpacing()[2], 25.0);
  EXPECT_DOUBLE_EQ(grid->GetOrigin()[0], 12.5);

  std::vector<std::uint8_t> codes(static_cast<std::size_t>(lesion_.lattice().size()));
  lesion_.cell_state_codes(codes);
  auto* states = vtkUnsignedCharArray::SafeDownCast(grid->GetPointData()->GetArray("cell_state"));
  ASSERT_NE(states, nullptr);
  EXPECT_TRUE(std::equal(codes.begin(), codes.end(), states->GetPointer(0)));

  int fields = 0;
  for_each_snapshot_field(lesion_, [&](const char* name, const char*, std::span<const float> v) {
    auto* array = vtkFloatArray::SafeDownCast(grid->GetPointData()->GetArray(name));
    ASSERT_NE(array, nullptr) << name;
    EXPECT_TRUE(std::equal(v.begin(), v.end(), array->GetPointer(0))) << name;
    ++fields;
  });
  EXPECT_EQ(grid->GetPointData()->GetNumberOfArrays(), 1 + fields);
}

TEST_F(CatalystGridsTest, EveryTCellIsAPointAtItsVoxelCentre) {
  const agents::TCells& cells = lesion_.tcells();
  ASSERT_GT(cells.size(), 0U) << "the fixture should have placed T cells";
  const vtkSmartPointer<vtkPolyData> points = tcell_points(lesion_);
  ASSERT_EQ(points->GetNumberOfPoints(), static_cast<vtkIdType>(cells.size()));
  EXPECT_EQ(points->GetNumberOfVerts(), points->GetNumberOfPoints());
  auto* ids = vtkTypeUInt64Array::SafeDownCast(points->GetPointData()->GetArray("id"));
  auto* ijk = vtkIntArray::SafeDownCast(points->GetPointData()->GetArray("voxel"));
  auto* exhaustion = vtkFloatArray::SafeDownCast(points->GetPointData()->GetArray("exhaustion"));
  ASSERT_NE(ids, nullptr);
  ASSERT_NE(ijk, nullptr);
  ASSERT_NE(exhaustion, nullptr);
  ASSERT_NE(points->GetPointData()->GetArray("specificity"), nullptr);
  ASSERT_NE(points->GetPointData()->GetArray("engaged"), nullptr);
  const model::Lattice& lat = lesion_.lattice();
  for (vtkIdType p = 0; p < points->GetNumberOfPoints(); ++p) {
    const auto i = static_cast<std::size_t>(p);
    const std::array<double, 3> centre = lat.centre_um(cells.voxel[i]);
    double xyz[3];
    points->GetPoint(p, xyz);
    EXPECT_EQ((std::array<double, 3>{xyz[0], xyz[1], xyz[2]}), centre) << "T cell " << i;
    EXPECT_EQ(ids->GetValue(p), cells.id[i]);
    EXPECT_EQ(lat.index(ijk->GetTypedComponent(p, 0), ijk->GetTypedComponent(p, 1),
                        ijk->GetTypedComponent(p, 2)),
              cells.voxel[i]);
    EXPECT_EQ(exhaustion->GetValue(p), cells.exhaustion[i]);
  }
}

TEST_F(CatalystGridsTest, EveryDendriticCellIsAPointWithItsAntigenLoad) {
  const agents::DendriticCells& cells = lesion_.dcs();
  const vtkSmartPointer<vtkPolyData> points = dc_points(lesion_);
  ASSERT_EQ(points->GetNumberOfPoints(), static_cast<vtkIdType>(cells.size()));
  vtkDataArray* load = points->GetPointData()->GetArray("antigen_load");
  ASSERT_NE(load, nullptr);
  EXPECT_EQ(load->GetNumberOfComponents(), cells.antigen_count);
  ASSERT_NE(points->GetPointData()->GetArray("mature"), nullptr);
}

}  // namespace
}  // namespace isv::output::catalyst
