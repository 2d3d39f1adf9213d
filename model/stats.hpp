// Statistics of a sweep or virtual trial: Wilson intervals for rates, Kaplan–Meier survival with
// censoring, Bliss-independence and highest-single-agent synergy, and a seeded paired bootstrap.
// Pure functions of their inputs (the bootstrap draws from model::CounterRng), so a gathered
// summary is a pure function of the runs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace isv::model {

// Two-sided normal quantile for a 95 % interval.
inline constexpr double kZ95 = 1.959963984540054;

// A point estimate with a two-sided interval.
struct Interval {
  double estimate = 0.0;
  double lower = 0.0;
  double upper = 0.0;
};

// Wilson score interval for a binomial proportion `successes / trials` (Wilson 1927). Unlike the
// Wald interval it stays inside [0, 1] and keeps its coverage at 0 or n successes, which small
// arms of a virtual trial hit often. trials == 0 gives {0, 0, 1} (nothing is known).
Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z = kZ95);

// One row of a Kaplan–Meier table: at each distinct time with an event or a censoring.
struct KmRow {
  double time = 0.0;
  std::int64_t at_risk = 0;   // subjects with time >= this time
  std::int64_t events = 0;    // progressions at this time
  std::int64_t censored = 0;  // subjects censored at this time (still at risk at it)
  double survival = 1.0;      // S(t) just after this time
};

struct KaplanMeier {
  std::vector<KmRow> table;      // ascending time
  std::optional<double> median;  // first time with S(t) <= 0.5; empty if never reached
};

// Product-limit estimate. `event[i]` is true when subject i progressed at `time[i]`, false when
// it was censored then (run ended without progression). Ties: events count before censorings at
// the same time, the usual convention. Throws std::invalid_argument on mismatched sizes.
KaplanMeier kaplan_meier(std::span<const double> time, std::span<const bool> event);

// Synergy of a combination AB over its monotherapies A and B, on fractional effects in [0, 1]
// (a response rate, or a mean fractional shrinkage).
struct Synergy {
  double effect_a = 0.0;
  double effect_b = 0.0;
  double effect_ab = 0.0;
  double bliss_expected = 0.0;  // E_A + E_B - E_A E_B: independent action (Bliss 1939)
  double bliss_excess = 0.0;    // E_AB - bliss_expected; > 0 is synergy
  double hsa_excess = 0.0;      // E_AB - max(E_A, E_B): gain over the highest single agent
};
Synergy synergy(double effect_a, double effect_b, double effect_ab);

struct SynergyInterval {
  Synergy point;  // from the arm means
  Interval bliss_excess;
  Interval hsa_excess;
  std::int64_t units = 0;  // paired units (patients) used
};

// Synergy from per-patient effects, paired: a[i], b[i] and ab[i] belong to the same virtual
// patient (same parameters and seed). The interval is the percentile bootstrap over patients:
// each of `resamples` draws picks units with replacement and keeps each patient's three arms
// together, so the between-patient variation the arms share cancels. Resample r draws from
// CounterRng(seed, Stream::kBootstrap, stream_step, r). Quantiles interpolate linearly between
// order statistics (R's type 7). Throws std::invalid_argument on unequal or empty inputs.
SynergyInterval paired_bootstrap_synergy(std::span<const double> a, std::span<const double> b,
                                         std::span<const double> ab, int resamples,
                                         std::uint64_t seed, std::uint64_t stream_step,
                                         double level = 0.95);

// Linear-interpolation quantile (type 7) of an ascending-sorted, non-empty sample.
double sorted_quantile(std::span<const double> sorted, double q);

}  // namespace isv::model
