// Expansion of [[treatment]] entries into timed applications, and their dispatch.
#include "scenarios/treatment_schedule.hpp"

#include <algorithm>
#include <stdexcept>

#include "model/errors.hpp"
#include "model/units.hpp"

namespace isv::scenarios {

namespace {
// In units of the step: absorbs rounding when a treatment time is a multiple of the step.
constexpr double kDueTolerance = 1e-9;
}  // namespace

TreatmentSchedule::TreatmentSchedule(std::span<const TreatmentSpec> treatments)
    : treatments_(treatments) {
  for (std::size_t t = 0; t < treatments.size(); ++t) {
    const double start_h = model::units::days_to_hours(treatments[t].common.day);
    const std::vector<double> offsets = treatments[t].treatment->application_offsets_h();
    for (std::size_t a = 0; a < offsets.size(); ++a)
      applications_.push_back({start_h + offsets[a], static_cast<int>(t), static_cast<int>(a)});
  }
  std::stable_sort(applications_.begin(), applications_.end(),
                   [](const TreatmentApplication& x, const TreatmentApplication& y) {
                     if (x.time_h != y.time_h) return x.time_h < y.time_h;
                     if (x.treatment != y.treatment) return x.treatment < y.treatment;
                     return x.application < y.application;
                   });
}

void TreatmentSchedule::apply_due(
    double now_h, double step_h,
    const std::function<agents::Lesion*(const std::string&)>& lesion_of,
    std::vector<TreatmentEvent>& events) {
  while (next_ < applications_.size() &&
         applications_[next_].time_h <= now_h + kDueTolerance * step_h) {
    const TreatmentApplication& a = applications_[next_];
    const TreatmentSpec& spec = treatments_[a.treatment];
    agents::Lesion* lesion = lesion_of(spec.common.lesion);
    if (lesion == nullptr)
      throw model::ScenarioError("treatment[" + std::to_string(a.treatment) + "]: lesion '" +
                                 spec.common.lesion + "' is not an agent-based lesion");
    TreatmentEvent event;
    event.time_h = now_h;
    event.lesion = spec.common.lesion;
    event.modality = spec.common.modality;
    event.treatment = a.treatment;
    event.application = a.application;
    spec.treatment->apply(*lesion, a.application, static_cast<std::uint64_t>(next_), event);
    events.push_back(std::move(event));
    ++next_;
  }
}

void TreatmentSchedule::restore_applied(std::size_t applied) {
  if (applied > applications_.size())
    throw std::out_of_range("checkpoint: more treatments applied than the timetable holds");
  next_ = applied;
}

}  // namespace isv::scenarios
