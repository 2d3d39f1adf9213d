// VEGF-A blockade on population lesions (model/vegf_params.hpp): without drug nothing changes
// (bit for bit), and the entry factor rises and growth falls monotonically with occupancy.
#include <gtest/gtest.h>

#include <cmath>

#include "agents/population_lesion.hpp"
#include "model/checkpoint_io.hpp"
#include "model/vegf_params.hpp"

namespace isv::agents {
namespace {

LesionConfig config() {
  LesionConfig c;
  c.name = "p";
  c.lattice = {24, 24, 24, 500.0};
  c.tumor.initial_radius_um = 3000.0;
  c.immune.antigens.count = 1;
  return c;
}

// Blood level giving occupancy `o` for a Kd of 1 nM.
LesionInputs with_occupancy(double o) {
  LesionInputs in;
  in.drugs.vegf_kd_nM = 1.0;
  in.drugs.vegf_blood_nM = o / (1.0 - o);
  return in;
}

TEST(VegfBlockade, FactorsAreOneWithoutDrugAndMonotoneInOccupancy) {
  const model::VegfParams p;
  EXPECT_EQ(model::vegf_entry_factor(p, 0.0), 1.0);
  EXPECT_EQ(model::vegf_proliferation_factor(p, 0.0), 1.0);
  EXPECT_EQ(model::vegf_occupancy(0.0, 0.058), 0.0);
  EXPECT_DOUBLE_EQ(model::vegf_occupancy(0.058, 0.058), 0.5);
  double entry = 1.0, growth = 1.0;
  for (const double o : {0.1, 0.5, 0.9, 1.0}) {
    EXPECT_GT(model::vegf_entry_factor(p, o), entry) << o;
    EXPECT_LT(model::vegf_proliferation_factor(p, o), growth) << o;
    entry = model::vegf_entry_factor(p, o);
    growth = model::vegf_proliferation_factor(p, o);
  }
  EXPECT_DOUBLE_EQ(entry, 1.0 + p.tcell_entry_gain_at_full_occupancy);
  EXPECT_DOUBLE_EQ(growth, 1.0 - p.proliferation_reduction_at_full_occupancy);
}

// The default tables with no anti-VEGF in blood leave the lesion's state identical to a
// lesion stepped with no drug input at all, bit for bit.
TEST(VegfBlockade, NoDrugLeavesThePopulationLesionBitIdentical) {
  PopulationLesion plain(config(), 24.0);
  PopulationLesion zero(config(), 24.0);
  LesionInputs in;
  in.drugs.vegf_kd_nM = 0.058;  // a Kd but no drug
  for (int day = 0; day < 30; ++day) {
    plain.step();
    zero.step(in);
  }
  model::CheckpointWriter a, b;
  plain.save(a);
  zero.save(b);
  EXPECT_EQ(a.payload(), b.payload());
}

// Viable cells after 60 days fall as occupancy rises; at full occupancy the division rate of
// the perfused tumour is reduced by exactly the configured share (perfused everywhere here, so
// the growth is exponential at b (1 - r o) - l).
TEST(VegfBlockade, GrowthFallsWithOccupancyByTheConfiguredShare) {
  LesionConfig c = config();
  c.population.perfused_depth_mm = 1000.0;
  double previous = INFINITY;
  for (const double o : {0.0, 0.5, 0.999}) {
    PopulationLesion lesion(c, 24.0);
    const double v0 = lesion.viable_cells();
    const LesionInputs in = with_occupancy(o);
    for (int day = 0; day < 60; ++day) lesion.step(in);
    const double cells = lesion.viable_cells();
    EXPECT_LT(cells, previous) << "occupancy " << o;
    previous = cells;
    const double b =
        c.population.proliferation_rate_per_day * model::vegf_proliferation_factor(c.vegf, o);
    const double net = b - c.population.cell_loss_rate_per_day;
    EXPECT_NEAR(cells / (v0 * std::exp(net * 60.0)), 1.0, 1e-9) << "occupancy " << o;
  }
}

}  // namespace
}  // namespace isv::agents
