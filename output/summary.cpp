// End-of-run text summary.
#include "output/summary.hpp"

#include <unistd.h>

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

std::string boundary_text(double reached_h, bool has_lattice) {
  if (!has_lattice) return "none (mean-field lesion)";
  if (std::isnan(reached_h)) return "not reached";
  return format("REACHED on day %.2f: growth past the lattice is not simulated",
                model::units::hours_to_days(reached_h));
}

}  // namespace

void RunSummary::on_start(const scenarios::Simulation& sim) { warn_boundaries(sim, true); }

void RunSummary::on_step(const scenarios::Simulation& sim) { warn_boundaries(sim, false); }

// `at_start`: before the first step, where a reached boundary either predates the checkpoint
// a run resumed from or belongs to the initial tumour.
void RunSummary::warn_boundaries(const scenarios::Simulation& sim, bool at_start) {
  const std::vector<double>& reached_h = sim.boundary_reached_h();
  warned_.resize(reached_h.size(), false);
  for (std::size_t l = 0; l < reached_h.size(); ++l) {
    if (warned_[l] || std::isnan(reached_h[l])) continue;
    warned_[l] = true;
    const scenarios::PatientLesion& lesion = sim.lesions()[l];
    const model::LatticeParams& g = lesion.config().lattice;  // agent or population lesion
    // A progress line may be waiting on a terminal without its newline: start a fresh line.
    std::fprintf(log_,
                 "%sisvsim: warning: lesion '%s': tumour reached the outer voxel layer of its "
                 "%dx%dx%d lattice on day %.2f%s; it cannot grow past it, so later sizes and "
                 "responses are limited by the domain: enlarge [lesions.%s.lattice]\n",
                 isatty(fileno(log_)) != 0 ? "\n" : "", lesion.name().c_str(), g.nx, g.ny, g.nz,
                 model::units::hours_to_days(reached_h[l]),
                 at_start && sim.restored() ? " (before the checkpoint this run resumed from)" : "",
                 lesion.name().c_str());
    std::fflush(log_);
  }
}

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
    out += "  lattice boundary      " +
           boundary_text(sim.boundary_reached_h()[l],
                         lesion.kind() != scenarios::LesionKind::kMeanField) +
           "\n";
  }
  out += response_report(sc, response_.evaluate(sc));
  return out;
}

}  // namespace isv::output
