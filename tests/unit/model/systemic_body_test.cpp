// The body compartment's expected exits (model/systemic_body.hpp): with it on, lesions and body
// share the cells leaving the blood exactly in proportion to their entry weights, whatever the
// step; with it off, the pre-body linear form is kept.
#include "model/systemic_body.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace isv::model {
namespace {

constexpr double kRate = 0.174;  // library entry_per_cell_per_cm3_per_h

TEST(BodyEntryWeight, IsBodyVolumeTimesRelativeWeightAndZeroWhenOff) {
  EXPECT_DOUBLE_EQ(body_entry_weight_cm3(70.0, 1000.0, 1.6e-4), 11.2);
  EXPECT_EQ(body_entry_weight_cm3(70.0, 0.0, 1.6e-4), 0.0);
  EXPECT_THROW(body_entry_weight_cm3(70.0, -1.0, 1.6e-4), std::invalid_argument);
  EXPECT_THROW(body_entry_weight_cm3(70.0, 1000.0, std::nan("")), std::invalid_argument);
}

TEST(EffectorExits, SharesFollowEntryWeightsExactly) {
  const std::vector<double> lesions{2.0, 0.5};
  const double body = 11.2, pool = 1.0e5, dt = 1.0;
  const EffectorExits e = effector_exits(pool, kRate, lesions, body, dt);
  const double total_w = 2.0 + 0.5 + body;
  const double leaving = pool * (1.0 - std::exp(-kRate * total_w * dt));
  const double sum = e.lesion_mean_cells[0] + e.lesion_mean_cells[1] + e.body_cells;
  EXPECT_NEAR(sum, leaving, 1e-9 * leaving);
  EXPECT_NEAR(e.lesion_mean_cells[0] / sum, 2.0 / total_w, 1e-12);
  EXPECT_NEAR(e.lesion_mean_cells[1] / sum, 0.5 / total_w, 1e-12);
  EXPECT_NEAR(e.body_cells / sum, body / total_w, 1e-12);
}

// A centimetre lesion (weight ~10 cm^3) on a daily step: rate x weight x dt ~ 42, so the linear
// form asks for 42 pools; with the body on the pool empties and the lesion gets its share.
TEST(EffectorExits, LargeLesionOnLongStepTakesItsShareNotThePool) {
  const std::vector<double> lesions{10.0, 1.0};
  const double pool = 1.0e6, body = 11.2, dt = 24.0;
  const EffectorExits off = effector_exits(pool, kRate, lesions, 0.0, dt);
  EXPECT_GT(off.lesion_mean_cells[0], 40.0 * pool) << "the pre-body form over-asks";
  const EffectorExits on = effector_exits(pool, kRate, lesions, body, dt);
  EXPECT_LE(on.lesion_mean_cells[0] + on.lesion_mean_cells[1] + on.body_cells, pool);
  EXPECT_NEAR(on.lesion_mean_cells[0], pool * 10.0 / 22.2, 1e-6 * pool);
  EXPECT_NEAR(on.lesion_mean_cells[0] / on.lesion_mean_cells[1], 10.0, 1e-12);
}

TEST(EffectorExits, OffIsThePreBodyLinearFormBitForBit) {
  const std::vector<double> lesions{3.0e-4, 0.7};
  const double pool = 12345.6, dt = 1.0;
  const EffectorExits e = effector_exits(pool, kRate, lesions, 0.0, dt);
  for (std::size_t l = 0; l < lesions.size(); ++l)
    EXPECT_EQ(e.lesion_mean_cells[l], kRate * pool * lesions[l] * dt);
  EXPECT_EQ(e.body_cells, 0.0);
}

TEST(EffectorExits, ShortStepsMatchTheLinearRateWhenFewCellsLeave) {
  const std::vector<double> lesions{1.0e-3};
  const double pool = 1.0e4, body = 1.0e-3, dt = 1.0e-3;
  const EffectorExits e = effector_exits(pool, kRate, lesions, body, dt);
  EXPECT_NEAR(e.lesion_mean_cells[0], kRate * pool * 1.0e-3 * dt, 1e-6 * e.lesion_mean_cells[0]);
  EXPECT_NEAR(e.body_cells, kRate * pool * body * dt, 1e-6 * e.body_cells);
}

}  // namespace
}  // namespace isv::model
