// Synergy table of a sweep (see sweep_synergy.hpp).
#include "output/sweep_synergy.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "model/stats.hpp"

namespace isv::output {
namespace {

struct Sample {
  const RunReadout* run;
  const UntreatedEndpoints* untreated;
};

// A measure's effect of one sample in [0, 1], or nothing if the sample is not evaluable on it.
using Effect = std::optional<double> (*)(const Sample&);

struct Measure {
  const char* name;
  Effect effect;
};

std::optional<double> flag(int value) {
  if (value < 0) return std::nullopt;
  return value > 0 ? 1.0 : 0.0;
}

// The first three keep the bootstrap streams they had before the untreated-lesion measures
// (3 k + m for synergy k); those use streams from kUntreatedStreamBase on.
constexpr std::array<Measure, 6> kMeasures{{
    {"response_rate",
     [](const Sample& s) -> std::optional<double> { return s.run->responder ? 1.0 : 0.0; }},
    {"mrecist_response_rate",
     [](const Sample& s) -> std::optional<double> { return s.run->mrecist_responder ? 1.0 : 0.0; }},
    {"mean_shrinkage", [](const Sample& s) -> std::optional<double> { return s.run->shrinkage; }},
    {"abscopal_response_rate", [](const Sample& s) { return flag(s.untreated->abscopal); }},
    {"abscopal_viable_response_rate",
     [](const Sample& s) { return flag(s.untreated->abscopal_viable); }},
    {"untreated_mean_shrinkage",
     [](const Sample& s) -> std::optional<double> {
       if (!s.untreated->evaluable) return std::nullopt;
       return s.untreated->shrinkage;
     }},
}};
constexpr std::uint64_t kPatientMeasures = 3;
constexpr std::uint64_t kUntreatedStreamBase = std::uint64_t{1} << 32;

std::uint64_t stream_step(std::size_t synergy, std::size_t measure) {
  if (measure < kPatientMeasures) return kPatientMeasures * synergy + measure;
  const std::uint64_t extra = kMeasures.size() - kPatientMeasures;
  return kUntreatedStreamBase + extra * synergy + (measure - kPatientMeasures);
}

}  // namespace

TextTable synergy_table(const scenarios::Manifest& m, const scenarios::SweepSpec& spec,
                        const std::vector<std::optional<RunReadout>>& runs,
                        const std::vector<UntreatedEndpoints>& untreated) {
  TextTable t;
  for (const char* c : {"combination", "mono_a", "mono_b", "measure", "units", "effect_a",
                        "effect_b", "effect_ab", "bliss_expected", "bliss_excess", "bliss_ci_low",
                        "bliss_ci_high", "hsa_excess", "hsa_ci_low", "hsa_ci_high"})
    t.add_column(c, std::string(c) != "combination" && std::string(c) != "mono_a" &&
                        std::string(c) != "mono_b" && std::string(c) != "measure");
  // Paired units: (point, patient, replicate) -> per-arm sample.
  using Unit = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  std::map<Unit, std::map<std::string, Sample>> units;
  for (std::size_t i = 0; i < m.rows.size(); ++i)
    if (runs[i])
      units[{m.rows[i].point, m.rows[i].patient, m.rows[i].replicate}][m.rows[i].arm] =
          Sample{&*runs[i], &untreated[i]};
  for (std::size_t k = 0; k < spec.synergy.size(); ++k) {
    const scenarios::SynergySpec& syn = spec.synergy[k];
    for (std::size_t measure = 0; measure < kMeasures.size(); ++measure) {
      const Effect effect = kMeasures[measure].effect;
      std::vector<double> a, b, ab;
      for (const auto& [unit, arms] : units) {
        const auto fa = arms.find(syn.mono_a), fb = arms.find(syn.mono_b),
                   fab = arms.find(syn.combination);
        if (fa == arms.end() || fb == arms.end() || fab == arms.end()) continue;
        const std::optional<double> ea = effect(fa->second), eb = effect(fb->second),
                                    eab = effect(fab->second);
        if (!ea || !eb || !eab) continue;
        a.push_back(*ea);
        b.push_back(*eb);
        ab.push_back(*eab);
      }
      std::vector<std::string> row{syn.combination, syn.mono_a, syn.mono_b, kMeasures[measure].name,
                                   std::to_string(a.size())};
      if (!a.empty()) {
        const model::SynergyInterval s = model::paired_bootstrap_synergy(
            a, b, ab, spec.bootstrap_resamples, spec.seed, stream_step(k, measure));
        for (double v :
             {s.point.effect_a, s.point.effect_b, s.point.effect_ab, s.point.bliss_expected,
              s.point.bliss_excess, s.bliss_excess.lower, s.bliss_excess.upper, s.point.hsa_excess,
              s.hsa_excess.lower, s.hsa_excess.upper})
          row.push_back(number_cell(v));
      }
      row.resize(t.names.size());
      t.rows.push_back(row);
    }
  }
  return t;
}

}  // namespace isv::output
