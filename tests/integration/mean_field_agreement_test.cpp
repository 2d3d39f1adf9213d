// Acceptance: an agent lesion and a mean-field lesion with the same parameters, in a
// well-mixed regime, agree on tumour burden at day 30. Both are driven directly with the same
// LesionInputs every step (no systemic model). See docs/mean_field.md, "Agreement".
#include "tests/support/mean_field_agreement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/mean_field_lesion.hpp"

namespace isv::agents {
namespace {

constexpr int kSeeds = 3;

struct Stats {
  double mean = 0.0;
  double sd = 0.0;
};

Stats stats(const std::vector<double>& v) {
  Stats s;
  for (const double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  for (const double x : v) s.sd += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(s.sd / static_cast<double>(v.size() - 1));
  return s;
}

TEST(MeanFieldAgreement, AgentAndMeanFieldAgreeOnTumourBurdenAtDay30) {
  const test::AgreementRegime regime;  // 32^3, 30 days, pulse over the first 10
  const LesionConfig config = regime.config();
  std::vector<double> day10, day30;
  for (int seed = 0; seed < kSeeds; ++seed) {
    Lesion agent(config, 100 + static_cast<std::uint64_t>(seed), regime.step_h);
    const test::Burden b = test::run_regime(regime, agent);
    day10.push_back(b.pulse_end);
    day30.push_back(b.end);
  }
  MeanFieldLesion mean_field(config, regime.step_h);
  const test::Burden b = test::run_regime(regime, mean_field);
  const struct { double day10, day30; } mf{b.pulse_end, b.end};
  MeanFieldLesion untreated(config, regime.step_h);
  for (int step = 0; step < regime.steps(); ++step) untreated.step();

  const Stats a10 = stats(day10), a30 = stats(day30);
  std::printf("day 10: agent %.1f +- %.1f (SD, %d seeds), mean field %.1f\n", a10.mean, a10.sd,
              kSeeds, mf.day10);
  std::printf("day 30: agent %.1f +- %.1f (SD, %d seeds), mean field %.1f, untreated %.1f\n",
              a30.mean, a30.sd, kSeeds, mf.day30, untreated.viable_cells());

  // The regime must exercise killing: the T-cell pulse removes a good part of the burden.
  EXPECT_LT(a30.mean, 0.6 * untreated.viable_cells());
  EXPECT_LT(mf.day30, 0.6 * untreated.viable_cells());

  // Tolerance: the mean field predicts the expected burden, so it must lie within three
  // standard errors of the agent mean, with the agent's run-to-run spread (clone sizes, kill
  // and division draws) estimated from the seeds; Poisson noise sqrt(n) is a floor on that
  // spread should the seeds agree by chance.
  auto tolerance = [](const Stats& s) {
    const double sd = std::max(s.sd, std::sqrt(s.mean));
    return 3.0 * sd / std::sqrt(static_cast<double>(kSeeds));
  };
  EXPECT_NEAR(mf.day30, a30.mean, tolerance(a30));
  EXPECT_NEAR(mf.day10, a10.mean, tolerance(a10));
}

}  // namespace
}  // namespace isv::agents
