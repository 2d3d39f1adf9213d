// Pathologist's read-outs of a population lesion (agents/section_densities.hpp,
// agents/immune_points.hpp): CD8 densities per mm^2 in core and invasive margin by the
// Abercrombie relation, 0 for absent Tregs, and a deterministic, capped immune point set.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "agents/immune_points.hpp"
#include "agents/population_lesion.hpp"
#include "agents/section_densities.hpp"

namespace isv::agents {
namespace {

LesionConfig config() {
  LesionConfig c;
  c.name = "ihc";
  c.lattice = {40, 40, 40, 500.0};
  c.tumor.initial_radius_um = 6000.0;
  c.immune.antigens.count = 2;
  c.population.perfused_depth_mm = 1000.0;  // perfused throughout: effectors spread evenly
  return c;
}

TEST(SectionDensities, AbercrombieConvertsPerMm3ToPerMm2OfAFourMicronSection) {
  // (4 um + 7 um) = 0.011 mm: 1000 cells/mm^3 show as 11 profiles per mm^2.
  EXPECT_DOUBLE_EQ(ihc::section_per_mm2(1000.0), 11.0);
}

TEST(SectionDensities, VoxelSharesFollowTheOneMillimetreMarginBand) {
  const auto deep = ihc::region_shares(5.0, 0.5);
  EXPECT_DOUBLE_EQ(deep.core, 1.0);
  EXPECT_DOUBLE_EQ(deep.margin, 0.0);
  const auto border = ihc::region_shares(0.0, 0.5);
  EXPECT_DOUBLE_EQ(border.margin, 1.0);
  EXPECT_DOUBLE_EQ(border.core, 0.0);
  const auto outside = ihc::region_shares(-2.0, 0.5);
  EXPECT_DOUBLE_EQ(outside.core + outside.margin, 0.0);
  // A 1 mm voxel centred 0.5 mm deep: half in the margin, half in the core.
  const auto straddle = ihc::region_shares(0.5, 1.0);
  EXPECT_DOUBLE_EQ(straddle.core, 0.5);
  EXPECT_DOUBLE_EQ(straddle.margin, 0.5);
}

// Effectors spread in proportion to perfused viable cells, so their density in the core is
// E / V_tumour; the margin is half host tissue (no effectors), so it reads less than the core.
TEST(SectionDensities, PopulationLesionReportsCoreAndMarginPerMm2) {
  PopulationLesion lesion(config(), 24.0);
  EXPECT_EQ(lesion.readouts().cd8_core_per_mm2, 0.0);
  LesionInputs in;
  in.arriving_tcells = {60000, 40000};
  lesion.step(in);
  const LesionReadouts r = lesion.readouts();
  const double tumour_mm3 = lesion.viable_cells() / lesion.config().population.tumor_cells_per_mm3;
  const double expected_core = ihc::section_per_mm2(lesion.effectors() / tumour_mm3);
  EXPECT_NEAR(r.cd8_core_per_mm2 / expected_core, 1.0, 0.02);
  EXPECT_GT(r.cd8_margin_per_mm2, 0.2 * r.cd8_core_per_mm2);
  EXPECT_LT(r.cd8_margin_per_mm2, 0.8 * r.cd8_core_per_mm2);
  // Tregs come with the effectors (treg_per_cd8) into the same voxels: their core density is
  // theirs over the tumour volume, and the ratio is the ratio of the totals.
  EXPECT_NEAR(r.treg_core_per_mm2 / ihc::section_per_mm2(lesion.tregs() / tumour_mm3), 1.0, 0.02);
  EXPECT_GT(r.treg_margin_per_mm2, 0.0);
  EXPECT_NEAR(r.cd8_treg_ratio / (lesion.effectors() / lesion.tregs()), 1.0, 0.02);
}

TEST(SectionDensities, WithoutTregsTheRatioReadsZero) {
  LesionConfig c = config();
  c.population.treg_per_cd8 = 0.0;
  PopulationLesion lesion(c, 24.0);
  LesionInputs in;
  in.arriving_tcells = {60000, 40000};
  lesion.step(in);
  const LesionReadouts r = lesion.readouts();
  EXPECT_GT(r.cd8_core_per_mm2, 0.0);
  EXPECT_EQ(r.treg_core_per_mm2, 0.0);
  EXPECT_EQ(r.cd8_treg_ratio, 0.0);
}

TEST(ImmunePoints, AreCappedProportionalInsideTheirVoxelsAndReproducible) {
  LesionConfig c = config();
  c.population.treg_per_cd8 = 0.0;  // CD8 points only here
  PopulationLesion lesion(c, 24.0);
  LesionInputs in;
  in.arriving_tcells = {60000, 20000};
  lesion.step(in);
  const ImmunePoints a = lesion.immune_points(1000);
  const ImmunePoints b = lesion.immune_points(1000);
  EXPECT_EQ(a.position_um, b.position_um);
  EXPECT_EQ(a.specificity, b.specificity);
  ASSERT_EQ(a.size(), 1000U);
  EXPECT_NEAR(a.cells_per_point, lesion.effectors() / 1000.0, 1e-9 * lesion.effectors());
  const auto first = std::count(a.specificity.begin(), a.specificity.end(), 0);
  EXPECT_NEAR(static_cast<double>(first) / 1000.0, 0.75, 0.01);
  // Every point lies in a voxel that holds effectors.
  const std::vector<NamedField> fields = lesion.snapshot_fields();
  ASSERT_EQ(fields[2].name, "cd8_per_mm3");
  const std::span<const float> cd8 = fields[2].values;
  const double h = lesion.lattice().voxel_um();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const int x = static_cast<int>(a.position_um[3 * i] / h);
    const int y = static_cast<int>(a.position_um[3 * i + 1] / h);
    const int z = static_cast<int>(a.position_um[3 * i + 2] / h);
    ASSERT_TRUE(lesion.lattice().contains(x, y, z));
    EXPECT_GT(cd8[lesion.lattice().index(x, y, z)], 0.0F);
    EXPECT_EQ(a.type[i], static_cast<std::uint8_t>(ImmunePointType::kCD8));
  }
  // Fewer cells than the cap: one point per cell (rounded).
  const ImmunePoints all = lesion.immune_points(10000000);
  EXPECT_EQ(all.cells_per_point, 1.0);
  EXPECT_NEAR(static_cast<double>(all.size()), lesion.effectors(), 1.0);
  EXPECT_EQ(lesion.immune_points(0).size(), 0U);
}

}  // namespace
}  // namespace isv::agents
