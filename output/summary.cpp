// End-of-run text summary.
#include "output/summary.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>

#include "model/units.hpp"
#include "output/response_report.hpp"
#include "output/text_format.hpp"

namespace isv::output {
namespace {

std::string doubling_time(std::int64_t n0, std::int64_t n_end, double days) {
  if (n0 <= 0 || n_end <= n0 || !(days > 0.0)) return "n/a (no growth)";
  const double ratio = static_cast<double>(n_end) / static_cast<double>(n0);
  return format("%.2f days", std::numbers::ln2 * days / std::log(ratio));
}

}  // namespace

void RunSummary::on_sample(const scenarios::Simulation& sim) {
  response_.sample(sim);
  if (!first_.empty()) return;
  first_time_h_ = sim.time_h();
  for (const scenarios::PatientLesion& lesion : sim.lesions()) first_.push_back(lesion.readouts());
}

std::string RunSummary::text(const scenarios::Simulation& sim) const {
  const scenarios::Scenario& sc = sim.scenario();
  const double days = model::units::hours_to_days(sim.time_h() - first_time_h_);
  std::string out =
      format("Run summary: %.2f days simulated (%lld of %lld steps), seed %lld\n",
             model::units::hours_to_days(sim.time_h()), static_cast<long long>(sim.step()),
             static_cast<long long>(sim.total_steps()), static_cast<long long>(sc.run.seed));
  for (std::size_t l = 0; l < sim.lesions().size(); ++l) {
    const scenarios::PatientLesion& lesion = sim.lesions()[l];
    const agents::LesionReadouts end = lesion.readouts();
    const agents::LesionReadouts start = l < first_.size() ? first_[l] : end;
    out += format("Lesion '%s'\n", lesion.name().c_str());
    out +=
        format("  viable tumour cells   %lld -> %lld\n", static_cast<long long>(start.tumor_viable),
               static_cast<long long>(end.tumor_viable));
    out += format("  dead cells            %lld in place, %lld deaths in total\n",
                  static_cast<long long>(end.tumor_dead),
                  static_cast<long long>(end.tumor_deaths_total));
    out += format("  volume                %.4g -> %.4g mm^3\n", start.volume_mm3, end.volume_mm3);
    out += format("  longest diameter      %.3g -> %.3g mm\n", start.longest_diameter_mm,
                  end.longest_diameter_mm);
    out += "  volume doubling time  " + doubling_time(start.tumor_viable, end.tumor_viable, days) +
           "\n";
  }
  out += response_report(sc, response_.evaluate(sc));
  return out;
}

}  // namespace isv::output
