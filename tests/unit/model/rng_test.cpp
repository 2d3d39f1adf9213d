// Counter-based RNG: Philox4x32-10 known answers, reproducibility, distribution moments and
// independence of (seed, stream, step, agent) keyed sequences.
#include "model/rng.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace isv::model {
namespace {

using U4 = std::array<std::uint32_t, 4>;

// Random123 kat_vectors, "philox4x32 10" lines (Salmon et al. 2011).
TEST(Philox4x32, MatchesRandom123KnownAnswerVectors) {
  EXPECT_EQ(philox4x32({0, 0, 0, 0}, {0, 0}),
            (U4{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(
      philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}),
      (U4{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(
      philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}),
      (U4{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

TEST(Philox4x32, SameCounterAndKeyGiveSameOutput) {
  const U4 counter{12345u, 678u, 9u, 0xdeadbeefu};
  const std::array<std::uint32_t, 2> key{42u, 7u};
  EXPECT_EQ(philox4x32(counter, key), philox4x32(counter, key));
  U4 other = counter;
  other[3] ^= 1u;
  EXPECT_NE(philox4x32(counter, key), philox4x32(other, key));
  EXPECT_NE(philox4x32(counter, key), philox4x32(counter, {43u, 7u}));
}

std::vector<std::uint32_t> first_draws(std::uint64_t seed, Stream stream, std::uint64_t step,
                                       std::uint64_t id, int n) {
  CounterRng rng(seed, stream, step, id);
  std::vector<std::uint32_t> out(static_cast<std::size_t>(n));
  for (auto& x : out) x = rng.next_u32();
  return out;
}

TEST(CounterRng, SameKeyReproducesTheSequence) {
  // Several Philox blocks, so the draw counter is exercised too.
  EXPECT_EQ(first_draws(99, Stream::kTest, 5, 17, 37), first_draws(99, Stream::kTest, 5, 17, 37));
}

TEST(CounterRng, DifferentSeedStreamStepOrIdGiveDifferentSequences) {
  const auto base = first_draws(1, Stream::kCycleLength, 10, 1000, 8);
  EXPECT_NE(base, first_draws(2, Stream::kCycleLength, 10, 1000, 8));
  EXPECT_NE(base, first_draws(1ull << 32 | 1u, Stream::kCycleLength, 10, 1000, 8))
      << "the seed's high word must matter";
  EXPECT_NE(base, first_draws(1, Stream::kDivisionTarget, 10, 1000, 8));
  EXPECT_NE(base, first_draws(1, Stream::kCycleLength, 11, 1000, 8));
  EXPECT_NE(base, first_draws(1, Stream::kCycleLength, 10, 1001, 8));
  EXPECT_NE(base, first_draws(1, Stream::kCycleLength, 10, 1000ull | (1ull << 40), 8))
      << "the agent id's high word must matter";
}

TEST(CounterRng, ConsecutiveBlocksOfOneGeneratorDiffer) {
  const auto d = first_draws(3, Stream::kTest, 0, 0, 12);
  const std::vector<std::uint32_t> b0(d.begin(), d.begin() + 4), b1(d.begin() + 4, d.begin() + 8),
      b2(d.begin() + 8, d.end());
  EXPECT_NE(b0, b1);
  EXPECT_NE(b1, b2);
}

constexpr int kIds = 1000;
constexpr int kDrawsPerId = 1000;  // 1e6 draws in all

TEST(CounterRng, UniformHasMeanOneHalfAndVarianceOneTwelfth) {
  double sum = 0.0, sum2 = 0.0, lo = 1.0, hi = 0.0;
  for (int id = 0; id < kIds; ++id) {
    CounterRng rng(2024, Stream::kTest, 3, static_cast<std::uint64_t>(id));
    for (int k = 0; k < kDrawsPerId; ++k) {
      const double u = rng.uniform();
      sum += u;
      sum2 += u * u;
      lo = std::min(lo, u);
      hi = std::max(hi, u);
    }
  }
  const double n = static_cast<double>(kIds) * kDrawsPerId;
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_NEAR(mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
  // Var of the sample variance of U(0,1): (mu4 - sigma^4) / n = (1/80 - 1/144) / n.
  EXPECT_NEAR(var, 1.0 / 12.0, 5.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n));
}

TEST(CounterRng, BelowIsUniformOverItsRangeByChiSquare) {
  constexpr int kBins = 64;
  std::array<std::int64_t, kBins> counts{};
  for (int id = 0; id < kIds; ++id) {
    CounterRng rng(7, Stream::kTest, 0, static_cast<std::uint64_t>(id));
    for (int k = 0; k < kDrawsPerId; ++k) {
      const std::uint32_t b = rng.below(kBins);
      ASSERT_LT(b, static_cast<std::uint32_t>(kBins));
      ++counts[b];
    }
  }
  const double expected = static_cast<double>(kIds) * kDrawsPerId / kBins;
  double chi2 = 0.0;
  for (const std::int64_t c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // 63 degrees of freedom: the 0.1% and 99.9% quantiles are about 33.8 and 103.4.
  EXPECT_GT(chi2, 33.8);
  EXPECT_LT(chi2, 103.4);
}

TEST(CounterRng, DifferentStreamsForTheSameAgentAreUncorrelated) {
  constexpr int n = 200000;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int id = 0; id < n; ++id) {
    CounterRng a(11, Stream::kCycleLength, 42, static_cast<std::uint64_t>(id));
    CounterRng b(11, Stream::kDivisionTarget, 42, static_cast<std::uint64_t>(id));
    const double x = a.uniform(), y = b.uniform();
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double r = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
  EXPECT_LT(std::fabs(r), 5.0 / std::sqrt(static_cast<double>(n)));
}

TEST(CounterRng, NeighbouringAgentIdsAreUncorrelated) {
  // Agent ids are consecutive integers in a lesion: draws of id and id + 1 must not correlate.
  constexpr int n = 200000;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int id = 0; id < n; ++id) {
    const double x = CounterRng(5, Stream::kNecrosis, 9, 2 * id).uniform();
    const double y = CounterRng(5, Stream::kNecrosis, 9, 2 * id + 1).uniform();
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double r = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
  EXPECT_LT(std::fabs(r), 5.0 / std::sqrt(static_cast<double>(n)));
}

TEST(CounterRng, NormalHasMeanZeroAndVarianceOne) {
  double sum = 0.0, sum2 = 0.0;
  for (int id = 0; id < kIds; ++id) {
    CounterRng rng(31, Stream::kTest, 1, static_cast<std::uint64_t>(id));
    for (int k = 0; k < kDrawsPerId; ++k) {
      const double z = rng.normal();
      ASSERT_TRUE(std::isfinite(z));
      sum += z;
      sum2 += z * z;
    }
  }
  const double n = static_cast<double>(kIds) * kDrawsPerId;
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5.0 / std::sqrt(n));
  EXPECT_NEAR(var, 1.0, 5.0 * std::sqrt(2.0 / n));  // Var(s^2) = 2 sigma^4 / n
}

TEST(CounterRng, LognormalHasTheRequestedMeanAndCv) {
  for (const double cv : {0.05, 0.2, 0.5}) {
    const double mean_target = 48.0;
    double sum = 0.0, sum2 = 0.0;
    bool all_positive = true;
    constexpr int n = 400000;
    for (int id = 0; id < n; ++id) {
      CounterRng rng(77, Stream::kTest, 2, static_cast<std::uint64_t>(id));
      const double x = rng.lognormal_mean_cv(mean_target, cv);
      all_positive = all_positive && x > 0.0;
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / n;
    const double sd = std::sqrt(sum2 / n - mean * mean);
    EXPECT_TRUE(all_positive);
    EXPECT_NEAR(mean, mean_target, 5.0 * mean_target * cv / std::sqrt(n)) << "cv " << cv;
    EXPECT_NEAR(sd / mean, cv, 0.02 * cv) << "cv " << cv;
  }
  CounterRng rng(1, Stream::kTest, 0, 0);
  EXPECT_EQ(rng.lognormal_mean_cv(24.0, 0.0), 24.0) << "cv 0 must give the mean exactly";
}

}  // namespace
}  // namespace isv::model
