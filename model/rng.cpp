// Philox4x32-10 implementation and the derived distributions.
#include "model/rng.hpp"

#include <cmath>
#include <numbers>

namespace isv::model {
namespace {

// Round multipliers and Weyl key increments of Philox4x32 (Salmon et al. 2011, Table 2).
constexpr std::uint32_t kMul0 = 0xD2511F53u;
constexpr std::uint32_t kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;
constexpr int kRounds = 10;

inline void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}

}  // namespace

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c,
                                        std::array<std::uint32_t, 2> k) noexcept {
  for (int round = 0; round < kRounds; ++round) {
    std::uint32_t hi0, lo0, hi1, lo1;
    mulhilo(kMul0, c[0], hi0, lo0);
    mulhilo(kMul1, c[2], hi1, lo1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    k[0] += kWeyl0;
    k[1] += kWeyl1;
  }
  return c;
}

void CounterRng::refill() noexcept {
  // Counter layout: word 0 = stream (16 bits) | draw block (16 bits), word 1 = step,
  // words 2-3 = agent id. Distinct (stream, step, agent, block) never share a counter.
  const std::array<std::uint32_t, 4> counter{
      static_cast<std::uint32_t>(stream_) | (static_cast<std::uint32_t>(draw_block_) << 16), step_,
      static_cast<std::uint32_t>(agent_id_), static_cast<std::uint32_t>(agent_id_ >> 32)};
  block_ = philox4x32(counter, key_);
  ++draw_block_;
  used_ = 0;
}

double CounterRng::normal() noexcept {
  double u1 = uniform();
  if (u1 <= 0.0) u1 = 0x1.0p-53;  // log(0) guard; probability 2^-53
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double CounterRng::lognormal_mean_cv(double mean, double cv) noexcept {
  if (cv <= 0.0) return mean;
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  return std::exp(mu + std::sqrt(sigma2) * normal());
}

std::int64_t CounterRng::poisson(double mean) noexcept {
  if (!(mean > 0.0)) return 0;
  constexpr double kInversionLimit = 30.0;
  if (mean < kInversionLimit) {
    const double u = uniform();
    double p = std::exp(-mean);
    double cumulative = p;
    std::int64_t k = 0;
    while (u > cumulative && k < 1000) {
      ++k;
      p *= mean / static_cast<double>(k);
      cumulative += p;
    }
    return k;
  }
  const double x = std::floor(mean + std::sqrt(mean) * normal() + 0.5);
  return x > 0.0 ? static_cast<std::int64_t>(x) : 0;
}

}  // namespace isv::model
