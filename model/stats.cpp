// Wilson, Kaplan–Meier, Bliss/HSA and the paired bootstrap (see stats.hpp for the definitions).
#include "model/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "model/rng.hpp"

namespace isv::model {

Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z) {
  if (trials <= 0) return {0.0, 0.0, 1.0};
  if (successes < 0 || successes > trials)
    throw std::invalid_argument("wilson_interval: successes outside [0, trials]");
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
  const double half = z / (1.0 + z2 / n) * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  // Clamp rounding at the ends: at p = 0 the lower bound is exactly 0 in exact arithmetic.
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

KaplanMeier kaplan_meier(std::span<const double> time, std::span<const bool> event) {
  if (time.size() != event.size())
    throw std::invalid_argument("kaplan_meier: time and event sizes differ");
  std::vector<std::size_t> order(time.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t l, std::size_t r) { return time[l] < time[r]; });
  KaplanMeier km;
  auto at_risk = static_cast<std::int64_t>(time.size());
  double survival = 1.0;
  for (std::size_t i = 0; i < order.size();) {
    KmRow row;
    row.time = time[order[i]];
    row.at_risk = at_risk;
    for (; i < order.size() && time[order[i]] == row.time; ++i)
      (event[order[i]] ? row.events : row.censored) += 1;
    survival *= 1.0 - static_cast<double>(row.events) / static_cast<double>(row.at_risk);
    row.survival = survival;
    at_risk -= row.events + row.censored;
    if (!km.median && row.events > 0 && survival <= 0.5) km.median = row.time;
    km.table.push_back(row);
  }
  return km;
}

Synergy synergy(double effect_a, double effect_b, double effect_ab) {
  Synergy s;
  s.effect_a = effect_a;
  s.effect_b = effect_b;
  s.effect_ab = effect_ab;
  s.bliss_expected = effect_a + effect_b - effect_a * effect_b;
  s.bliss_excess = effect_ab - s.bliss_expected;
  s.hsa_excess = effect_ab - std::max(effect_a, effect_b);
  return s;
}

double sorted_quantile(std::span<const double> sorted, double q) {
  if (sorted.empty()) throw std::invalid_argument("sorted_quantile: empty sample");
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {

double mean(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

Interval percentile_interval(double estimate, std::vector<double> draws, double level) {
  std::sort(draws.begin(), draws.end());
  const double tail = 0.5 * (1.0 - level);
  return {estimate, sorted_quantile(draws, tail), sorted_quantile(draws, 1.0 - tail)};
}

}  // namespace

SynergyInterval paired_bootstrap_synergy(std::span<const double> a, std::span<const double> b,
                                         std::span<const double> ab, int resamples,
                                         std::uint64_t seed, std::uint64_t stream_step,
                                         double level) {
  if (a.empty() || a.size() != b.size() || a.size() != ab.size())
    throw std::invalid_argument("paired_bootstrap_synergy: arms need the same, non-zero count");
  if (resamples < 1) throw std::invalid_argument("paired_bootstrap_synergy: resamples < 1");
  SynergyInterval out;
  out.units = static_cast<std::int64_t>(a.size());
  out.point = synergy(mean(a), mean(b), mean(ab));
  const auto n = static_cast<std::uint32_t>(a.size());
  std::vector<double> bliss(static_cast<std::size_t>(resamples));
  std::vector<double> hsa(bliss.size());
  for (int r = 0; r < resamples; ++r) {
    CounterRng rng(seed, Stream::kBootstrap, stream_step, static_cast<std::uint64_t>(r));
    double sa = 0.0, sb = 0.0, sab = 0.0;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint32_t unit = rng.below(n);  // one unit: all three arms of one patient
      sa += a[unit];
      sb += b[unit];
      sab += ab[unit];
    }
    const Synergy s = synergy(sa / n, sb / n, sab / n);
    bliss[static_cast<std::size_t>(r)] = s.bliss_excess;
    hsa[static_cast<std::size_t>(r)] = s.hsa_excess;
  }
  out.bliss_excess = percentile_interval(out.point.bliss_excess, std::move(bliss), level);
  out.hsa_excess = percentile_interval(out.point.hsa_excess, std::move(hsa), level);
  return out;
}

}  // namespace isv::model
