// Untreated-lesion endpoints of a sweep (see sweep_untreated.hpp).
#include "output/sweep_untreated.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "model/rng.hpp"
#include "output/response_recorder.hpp"
#include "scenarios/scenario_loader.hpp"

namespace isv::output {

std::vector<TreatedLesions> treated_per_sample(const scenarios::Manifest& m,
                                               const std::vector<std::optional<RunReadout>>& runs,
                                               const scenarios::SweepDir& dir) {
  std::vector<TreatedLesions> treated(m.rows.size());
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    bool known = runs[i].has_value();
    if (known)
      for (const LesionReadout& l : runs[i]->lesions) known = known && l.treated >= 0;
    if (known) {
      for (const LesionReadout& l : runs[i]->lesions) treated[i].emplace_back(l.name, l.treated);
      continue;
    }
    const scenarios::Scenario sc = scenarios::load_scenario(dir.scenario(m.rows[i].index));
    const std::vector<bool> flags = treated_lesions(sc);
    for (std::size_t l = 0; l < sc.lesions.size(); ++l)
      treated[i].emplace_back(sc.lesions[l].config.name, flags[l]);
  }
  return treated;
}

std::vector<std::string> untouched_lesions(std::span<const TreatedLesions> samples) {
  std::map<std::string, bool> touched;  // name order
  for (const TreatedLesions& sample : samples)
    for (const auto& [name, treated] : sample) touched[name] = touched[name] || treated;
  std::vector<std::string> out;
  for (const auto& [name, treated] : touched)
    if (!treated) out.push_back(name);
  return out;
}

UntreatedEndpoints untreated_endpoints(const RunReadout& run,
                                       std::span<const std::string> untouched) {
  UntreatedEndpoints e;
  double baseline = 0.0, final_mm = 0.0;
  for (const LesionReadout& l : run.lesions) {
    if (std::find(untouched.begin(), untouched.end(), l.name) == untouched.end()) continue;
    if (l.baseline_ld_mm > 0.0) {
      baseline += l.baseline_ld_mm;
      final_mm += l.final_ld_mm;
    }
    if (l.abscopal >= 0) e.abscopal = std::max(e.abscopal, l.abscopal);
    if (l.abscopal_viable >= 0) e.abscopal_viable = std::max(e.abscopal_viable, l.abscopal_viable);
  }
  e.evaluable = baseline > 0.0;
  if (e.evaluable) {
    e.change_pct = 100.0 * (final_mm / baseline - 1.0);
    e.shrinkage = std::clamp(1.0 - final_mm / baseline, 0.0, 1.0);
  }
  return e;
}

model::Interval bootstrap_mean(std::span<const double> values, int resamples, std::uint64_t seed,
                               std::uint64_t stream_step, double level) {
  const auto n = static_cast<std::uint32_t>(values.size());
  model::Interval out;
  out.estimate = std::accumulate(values.begin(), values.end(), 0.0) / n;
  std::vector<double> means(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    model::CounterRng rng(seed, model::Stream::kBootstrap, stream_step,
                          static_cast<std::uint64_t>(r));
    double sum = 0.0;
    for (std::uint32_t k = 0; k < n; ++k) sum += values[rng.below(n)];
    means[static_cast<std::size_t>(r)] = sum / n;
  }
  std::sort(means.begin(), means.end());
  out.lower = model::sorted_quantile(means, (1.0 - level) / 2.0);
  out.upper = model::sorted_quantile(means, (1.0 + level) / 2.0);
  return out;
}

UntreatedArm untreated_arm(std::span<const UntreatedEndpoints> runs, int resamples,
                           std::uint64_t seed, std::uint64_t stream_step) {
  UntreatedArm a;
  std::vector<double> change, shrinkage;
  for (const UntreatedEndpoints& e : runs) {
    a.abscopal_evaluable += e.abscopal >= 0;
    a.abscopal += e.abscopal > 0;
    a.abscopal_viable_evaluable += e.abscopal_viable >= 0;
    a.abscopal_viable += e.abscopal_viable > 0;
    if (!e.evaluable) continue;
    ++a.evaluable;
    change.push_back(e.change_pct);
    shrinkage.push_back(e.shrinkage);
  }
  a.abscopal_rate = model::wilson_interval(a.abscopal, a.abscopal_evaluable);
  a.abscopal_viable_rate = model::wilson_interval(a.abscopal_viable, a.abscopal_viable_evaluable);
  if (change.size() >= 2) {
    a.change_pct = bootstrap_mean(change, resamples, seed, 2 * stream_step);
    a.shrinkage = bootstrap_mean(shrinkage, resamples, seed, 2 * stream_step + 1);
  } else if (change.size() == 1) {
    a.change_pct.estimate = change[0];
    a.shrinkage.estimate = shrinkage[0];
  }
  return a;
}

}  // namespace isv::output
