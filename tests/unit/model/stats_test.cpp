// Sweep statistics against hand-worked examples (the arithmetic is in the comments).
#include "model/stats.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

namespace isv::model {
namespace {

// 8 responders of 10, z = 1.96: z^2 = 3.8416, z^2/n = 0.38416,
// centre = (0.8 + 0.19208) / 1.38416 = 0.716738,
// half = 1.96 / 1.38416 * sqrt(0.8*0.2/10 + 3.8416/400) = 1.416000 * 0.160016 = 0.226581
// -> [0.490157, 0.943319] (the textbook Wilson interval for 8/10: 0.49 to 0.94).
TEST(WilsonInterval, EightOfTenMatchesHandWorkedBounds) {
  const Interval ci = wilson_interval(8, 10, 1.96);
  EXPECT_DOUBLE_EQ(ci.estimate, 0.8);
  EXPECT_NEAR(ci.lower, 0.490157, 1e-6);
  EXPECT_NEAR(ci.upper, 0.943319, 1e-6);
  // The default z (1.959964) moves the bounds only in the 5th digit.
  EXPECT_NEAR(wilson_interval(8, 10).lower, 0.490157, 1e-5);
}

// 0 of 10: centre = 0.19208 / 1.38416 = 0.138770 = half, so [0, 0.277540]; never negative.
TEST(WilsonInterval, ZeroSuccessesStaysInsideUnitInterval) {
  const Interval ci = wilson_interval(0, 10, 1.96);
  EXPECT_EQ(ci.lower, 0.0);
  EXPECT_NEAR(ci.upper, 0.277540, 1e-6);
  const Interval all = wilson_interval(10, 10, 1.96);
  EXPECT_NEAR(all.lower, 1.0 - 0.277540, 1e-6);
  EXPECT_NEAR(all.upper, 1.0, 1e-15);
  EXPECT_LE(all.upper, 1.0);
}

TEST(WilsonInterval, EmptyArmIsTheWholeRangeAndBadCountsThrow) {
  const Interval ci = wilson_interval(0, 0);
  EXPECT_EQ(ci.lower, 0.0);
  EXPECT_EQ(ci.upper, 1.0);
  EXPECT_THROW(wilson_interval(11, 10), std::invalid_argument);
}

// Six patients, days to progression (E = progressed, C = censored, run ended):
//   1E 2E 2C 3E 4C 5E
// t=1: 6 at risk, 1 event        S = 5/6             = 0.833333
// t=2: 5 at risk, 1 event, 1 C   S = 5/6 * 4/5       = 0.666667
// t=3: 3 at risk, 1 event        S = 0.666667 * 2/3  = 0.444444  <- first S <= 0.5: median 3
// t=4: 2 at risk, 1 C            S unchanged         = 0.444444
// t=5: 1 at risk, 1 event        S = 0
TEST(KaplanMeier, CensoredExampleGivesHandWorkedTableAndMedian) {
  const std::vector<double> time{5, 2, 1, 4, 3, 2};  // unsorted on purpose
  const std::array<bool, 6> event{true, true, true, false, true, false};
  const KaplanMeier km = kaplan_meier(time, event);
  ASSERT_EQ(km.table.size(), 5u);
  const std::array<double, 5> t{1, 2, 3, 4, 5};
  const std::array<std::int64_t, 5> at_risk{6, 5, 3, 2, 1};
  const std::array<std::int64_t, 5> events{1, 1, 1, 0, 1};
  const std::array<std::int64_t, 5> censored{0, 1, 0, 1, 0};
  const std::array<double, 5> s{5.0 / 6, 4.0 / 6, 4.0 / 9, 4.0 / 9, 0.0};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(km.table[i].time, t[i]) << i;
    EXPECT_EQ(km.table[i].at_risk, at_risk[i]) << i;
    EXPECT_EQ(km.table[i].events, events[i]) << i;
    EXPECT_EQ(km.table[i].censored, censored[i]) << i;
    EXPECT_NEAR(km.table[i].survival, s[i], 1e-12) << i;
  }
  ASSERT_TRUE(km.median.has_value());
  EXPECT_EQ(*km.median, 3.0);
}

// Four patients, one progression at day 10: S = 3/4 stays above 0.5 -> no median.
TEST(KaplanMeier, MedianIsAbsentWhenHalfNeverProgress) {
  const std::vector<double> time{10, 30, 30, 30};
  const std::array<bool, 4> event{true, false, false, false};
  const KaplanMeier km = kaplan_meier(time, event);
  EXPECT_FALSE(km.median.has_value());
  EXPECT_NEAR(km.table.back().survival, 0.75, 1e-12);
}

// E_A = 0.3, E_B = 0.4: Bliss expects 0.3 + 0.4 - 0.12 = 0.58; observed 0.7 -> excess 0.12.
// HSA: 0.7 - max(0.3, 0.4) = 0.3.
TEST(Synergy, BlissAndHsaMatchHandWorkedExample) {
  const Synergy s = synergy(0.3, 0.4, 0.7);
  EXPECT_NEAR(s.bliss_expected, 0.58, 1e-12);
  EXPECT_NEAR(s.bliss_excess, 0.12, 1e-12);
  EXPECT_NEAR(s.hsa_excess, 0.3, 1e-12);
  // Exactly independent action: no excess.
  EXPECT_NEAR(synergy(0.5, 0.5, 0.75).bliss_excess, 0.0, 1e-12);
}

// {1, 2, 3, 4}: q = 0.25 -> position 0.75 -> 1 + 0.75 * (2 - 1) = 1.75.
TEST(SortedQuantile, InterpolatesBetweenOrderStatistics) {
  const std::vector<double> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(sorted_quantile(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(sorted_quantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(v, 1.0), 4.0);
}

// Patients differ wildly, but in every patient B beats A and AB = B + 0.1. Any resample of
// whole patients keeps mean(B) > mean(A) and mean(AB) = mean(B) + 0.1, so the paired HSA
// excess is exactly 0.1 in every resample: the interval has zero width. Resampling the arms
// independently would not keep this.
TEST(PairedBootstrap, PairingCancelsBetweenPatientVariation) {
  const std::vector<double> a{0.0, 0.1, 0.5, 0.05, 0.3};
  const std::vector<double> b{0.1, 0.8, 0.6, 0.2, 0.35};
  std::vector<double> ab;
  for (double x : b) ab.push_back(x + 0.1);
  const SynergyInterval s = paired_bootstrap_synergy(a, b, ab, 500, 7, 0);
  EXPECT_EQ(s.units, 5);
  EXPECT_NEAR(s.point.hsa_excess, 0.1, 1e-12);
  EXPECT_NEAR(s.hsa_excess.lower, 0.1, 1e-12);
  EXPECT_NEAR(s.hsa_excess.upper, 0.1, 1e-12);
  EXPECT_LT(s.bliss_excess.lower, s.bliss_excess.upper);  // Bliss does vary between resamples
}

TEST(PairedBootstrap, SameSeedSameIntervalOtherSeedOther) {
  const std::vector<double> a{0, 1, 0, 0, 1, 0, 1, 0};
  const std::vector<double> b{1, 0, 0, 1, 0, 0, 1, 0};
  const std::vector<double> ab{1, 1, 0, 1, 1, 1, 1, 0};
  const SynergyInterval x = paired_bootstrap_synergy(a, b, ab, 200, 11, 3);
  const SynergyInterval y = paired_bootstrap_synergy(a, b, ab, 200, 11, 3);
  const SynergyInterval z = paired_bootstrap_synergy(a, b, ab, 200, 12, 3);
  EXPECT_EQ(x.bliss_excess.lower, y.bliss_excess.lower);
  EXPECT_EQ(x.bliss_excess.upper, y.bliss_excess.upper);
  EXPECT_TRUE(x.bliss_excess.lower != z.bliss_excess.lower ||
              x.bliss_excess.upper != z.bliss_excess.upper ||
              x.hsa_excess.lower != z.hsa_excess.lower);
  // Point: E_A = 3/8, E_B = 3/8, E_AB = 6/8; Bliss 3/8 + 3/8 - 9/64 = 39/64; excess 9/64.
  EXPECT_NEAR(x.point.bliss_excess, 9.0 / 64.0, 1e-12);
  EXPECT_THROW(paired_bootstrap_synergy(a, b, std::vector<double>{1.0}, 10, 1, 0),
               std::invalid_argument);
}

}  // namespace
}  // namespace isv::model
