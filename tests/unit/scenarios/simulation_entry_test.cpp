// T cells leaving the blood (scenarios/simulation_entry.hpp): with the body compartment on, two
// lesions and the body receive the cells in proportion to their entry weights (Poisson counts
// within 5 standard deviations of the exact expectation), a 10x lesion receives ~10x the cells
// instead of the whole pool, and the blood loses exactly what went out.
#include "scenarios/simulation_entry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model/systemic_body.hpp"

namespace isv::scenarios {
namespace {

constexpr double kRate = 0.174;  // library entry_per_cell_per_cm3_per_h

model::SystemicModel blood_with(int antigens, double cells) {
  model::SystemicModel m({}, {}, model::LymphNodeParams{}, antigens, 70.0);
  for (int k = 0; k < antigens; ++k) m.return_blood_effectors(k, cells - m.blood_effectors(k));
  return m;
}

// Sums over `steps` independent steps (the pool refilled to `pool` before each) of the cells
// reaching each lesion, and the body's total.
struct Totals {
  std::vector<double> lesion;
  double body = 0.0;
};

Totals run_steps(std::vector<double> weights, double body_cm3, double pool, double dt_h,
                 int steps) {
  Totals t;
  t.lesion.assign(weights.size(), 0.0);
  for (int s = 0; s < steps; ++s) {
    model::SystemicModel m = blood_with(1, pool);
    TCellEntryStep in{17, s, kRate, dt_h, weights, body_cm3};
    const TCellEntryResult r = draw_tcell_entry(in, m);
    double drawn = 0.0;
    for (std::size_t l = 0; l < weights.size(); ++l) {
      t.lesion[l] += r.arrivals[l][0];
      drawn += r.arrivals[l][0];
    }
    EXPECT_EQ(r.drawn_total, static_cast<std::int64_t>(drawn));
    EXPECT_NEAR(m.blood_effectors(0), pool - drawn - r.body_cells_total, 1e-9 * pool)
        << "the blood must lose exactly the cells that left";
    t.body += r.body_cells_total;
  }
  return t;
}

TEST(TCellEntry, TwoLesionsAndTheBodyShareByEntryWeight) {
  const std::vector<double> w{0.05, 0.5};
  const double body = 0.5, pool = 1.0e5, dt = 1.0;
  const int steps = 40;
  const Totals t = run_steps(w, body, pool, dt, steps);
  const model::EffectorExits e = model::effector_exits(pool, kRate, w, body, dt);
  for (std::size_t l = 0; l < w.size(); ++l) {
    const double mean = steps * e.lesion_mean_cells[l];
    EXPECT_NEAR(t.lesion[l], mean, 5.0 * std::sqrt(mean)) << "lesion " << l;
  }
  EXPECT_NEAR(t.body, steps * e.body_cells, 1e-9 * steps * pool);  // deterministic
  // The shares against the weights themselves: lesion / body = w_l / W_body.
  EXPECT_NEAR(t.lesion[0] / t.body, 0.1, 0.1 * 5.0 / std::sqrt(t.lesion[0]));
  EXPECT_NEAR(t.lesion[1] / t.body, 1.0, 5.0 / std::sqrt(t.lesion[1]));
}

// Daily steps and centimetre lesions (weights 10 and 1 cm^3, the body 11.2 cm^3): without the
// body the first lesion empties the pool and the second gets nothing; with it, each gets its
// share and the larger ~10x the smaller.
TEST(TCellEntry, TenfoldLesionGetsTenfoldCellsNotThePool) {
  const std::vector<double> w{10.0, 1.0};
  const double pool = 1.0e6, dt = 24.0;
  const Totals off = run_steps(w, 0.0, pool, dt, 1);
  EXPECT_EQ(off.lesion[0], pool);
  EXPECT_EQ(off.lesion[1], 0.0);

  const Totals on = run_steps(w, 11.2, pool, dt, 5);
  const double expected_big = 5 * pool * 10.0 / 22.2;
  EXPECT_NEAR(on.lesion[0], expected_big, 5.0 * std::sqrt(expected_big));
  const double ratio = on.lesion[0] / on.lesion[1];
  EXPECT_NEAR(ratio, 10.0, 10.0 * 5.0 * std::sqrt(1.0 / on.lesion[0] + 1.0 / on.lesion[1]));
  // The pool empties (exp(-0.174 x 22.2 x 24) ~ 0), so the body gets what the lesions' draws
  // leave of it: its share, less any Poisson excess of the lesions.
  const double expected_body = 5 * pool * 11.2 / 22.2;
  EXPECT_LE(on.body, expected_body * (1.0 + 1e-12));
  EXPECT_NEAR(on.body, expected_body, 5.0 * std::sqrt(on.lesion[0] + on.lesion[1]));
}

// Same inputs, same draws; every specificity has its own stream.
TEST(TCellEntry, DrawsAreReproducibleAndIndependentPerSpecificity) {
  const std::vector<double> w{0.01, 0.02};
  auto draw = [&](int antigens) {
    model::SystemicModel m = blood_with(antigens, 1.0e6);
    return draw_tcell_entry(TCellEntryStep{5, 3, kRate, 1.0, w, 0.2}, m).arrivals;
  };
  const auto a = draw(2), b = draw(2);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a[0][0] != a[0][1] || a[1][0] != a[1][1]) << "specificities must not share a stream";
  EXPECT_EQ(draw(1)[1][0], a[1][0]) << "adding a specificity must not shift another's draws";
}

}  // namespace
}  // namespace isv::scenarios
