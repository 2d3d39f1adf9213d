// Fast variant of the agent-versus-mean-field agreement (tests/integration/
// mean_field_agreement_test.cpp, label slow): the same well-mixed regime on a 24^3 lattice over
// 12 days (T cells during the first 5, at half the rate, so the T-cell density per voxel is
// close to the full test's) with one agent seed, so that it runs in the default suite.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>

#include "agents/lesion.hpp"
#include "agents/mean_field_lesion.hpp"
#include "tests/support/mean_field_agreement.hpp"

namespace isv::agents {
namespace {

test::AgreementRegime fast_regime() {
  test::AgreementRegime r;
  r.lattice_n = 24;
  r.days = 12;
  r.pulse_days = 5;
  r.arrivals_per_h = 0.125;
  return r;
}

TEST(MeanFieldAgreementFast, AgentAndMeanFieldAgreeOnTumourBurdenAtDay12) {
  const test::AgreementRegime regime = fast_regime();
  const LesionConfig config = regime.config();
  Lesion agent(config, 100, regime.step_h);
  const test::Burden a = test::run_regime(regime, agent);
  MeanFieldLesion mean_field(config, regime.step_h);
  const test::Burden mf = test::run_regime(regime, mean_field);
  MeanFieldLesion untreated(config, regime.step_h);
  for (int step = 0; step < regime.steps(); ++step) untreated.step();
  std::printf(
      "day 5: agent %.0f, mean field %.1f; day 12: agent %.0f, mean field %.1f, "
      "untreated %.1f\n",
      a.pulse_end, mf.pulse_end, a.end, mf.end, untreated.viable_cells());

  // The regime must exercise killing: without it the comparison says little.
  EXPECT_LT(a.end, 0.7 * untreated.viable_cells());
  EXPECT_LT(mf.end, 0.7 * untreated.viable_cells());

  // Tolerance: with one seed the agent's run-to-run spread cannot be estimated here. Measured
  // over seeds 100-103 (at the time of writing) it was 2.2 % of the burden at day 5 (SD 19 of
  // 865 cells) and 5.3 % at day 12 (SD 63 of 1197), with the mean field within 2 % and 7 % of the
  // agent mean. About four of those SDs: 10 % at day 5, 20 % at day 12 — well below the 43 %
  // that T-cell killing removes, so a mean field that killed too little or too much fails.
  EXPECT_NEAR(mf.pulse_end, a.pulse_end, 0.10 * a.pulse_end);
  EXPECT_NEAR(mf.end, a.end, 0.20 * a.end);
}

}  // namespace
}  // namespace isv::agents
