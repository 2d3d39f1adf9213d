// Progress line.
#include "cli/progress.hpp"

#include <unistd.h>

#include <cmath>

#include "model/units.hpp"
#include "scenarios/simulation.hpp"

namespace isv::cli {
namespace {
constexpr auto kRedrawInterval = std::chrono::milliseconds(250);
}

ProgressLine::ProgressLine(std::FILE* stream)
    : stream_(stream), terminal_(::isatty(::fileno(stream)) != 0) {}

void ProgressLine::on_start(const scenarios::Simulation& /*sim*/) {
  start_ = last_print_ = std::chrono::steady_clock::now();
}

void ProgressLine::on_step(const scenarios::Simulation& sim) {
  const auto now = std::chrono::steady_clock::now();
  const long day = static_cast<long>(std::floor(model::units::hours_to_days(sim.time_h())));
  if (terminal_ ? now - last_print_ < kRedrawInterval : day == last_day_printed_) return;
  last_print_ = now;
  last_day_printed_ = day;
  last_step_printed_ = sim.step();
  print(sim, false);
}

void ProgressLine::on_finish(const scenarios::Simulation& sim, scenarios::RunOutcome /*outcome*/) {
  // On a terminal the last redraw must end its line; in a log the last day is already there.
  if (terminal_ || last_step_printed_ != sim.step()) print(sim, true);
}

void ProgressLine::print(const scenarios::Simulation& sim, bool final_line) {
  long long cells = 0;
  for (const scenarios::PatientLesion& lesion : sim.lesions())
    cells += static_cast<long long>(lesion.readouts().tumor_viable);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double sim_days = model::units::hours_to_days(sim.time_h());
  const double total_days = model::units::hours_to_days(static_cast<double>(sim.total_steps()) *
                                                        sim.scenario().run.step_h);
  const double days_per_s = elapsed_s > 0.0 ? sim_days / elapsed_s : 0.0;
  std::fprintf(stream_, "%sday %7.2f / %.2f  (%3.0f%%)  tumour cells %10lld  %6.2f sim-days/s%s",
               terminal_ ? "\r" : "", sim_days, total_days,
               total_days > 0 ? 100.0 * sim_days / total_days : 100.0, cells, days_per_s,
               terminal_ && !final_line ? "" : "\n");
  std::fflush(stream_);
}

}  // namespace isv::cli
