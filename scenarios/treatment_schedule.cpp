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

void TreatmentSchedule::apply_due(double now_h, double step_h,
                                  const std::function<TreatedLesion(const std::string&)>& lesion_of,
                                  std::vector<TreatmentEvent>& events) {
  while (next_ < applications_.size() &&
         applications_[next_].time_h <= now_h + kDueTolerance * step_h) {
    const TreatmentApplication& a = applications_[next_];
    const TreatmentSpec& spec = treatments_[a.treatment];
    const TreatedLesion lesion = lesion_of(spec.common.lesion);
    if (lesion.agent == nullptr &&
        (lesion.population == nullptr ||
         !spec.treatment->acts_on_population(lesion.population->lattice())))
      throw model::ScenarioError("treatment[" + std::to_string(a.treatment) + "]: lesion '" +
                                 spec.common.lesion + "' cannot receive modality '" +
                                 spec.common.modality + "'");
    TreatmentEvent event;
    event.time_h = now_h;
    event.lesion = spec.common.lesion;
    event.modality = spec.common.modality;
    event.treatment = a.treatment;
    event.application = a.application;
    if (lesion.agent != nullptr)
      spec.treatment->apply(*lesion.agent, a.application, static_cast<std::uint64_t>(next_), event);
    else
      spec.treatment->apply_population(*lesion.population, a.application, event);
    events.push_back(std::move(event));
    ++next_;
  }
}

void apply_zone_action(const ZoneAction& action, agents::Lesion& lesion, std::uint64_t event,
                       TreatmentEvent& out) {
  if (const auto* kill = std::get_if<agents::ZoneKill>(&action)) {
    out.tally = lesion.apply_zone_kill(*kill, event);
    return;
  }
  const auto& fraction = std::get<agents::RadiationFraction>(action);
  out.dose_gy = fraction.dose_gy;
  out.tally = lesion.apply_radiation(fraction, event);
}

void apply_zone_action(const ZoneAction& action, agents::PopulationLesion& lesion,
                       TreatmentEvent& out) {
  if (const auto* kill = std::get_if<agents::ZoneKill>(&action)) {
    out.tally = lesion.apply_zone_kill(*kill);
    return;
  }
  const auto& fraction = std::get<agents::RadiationFraction>(action);
  out.dose_gy = fraction.dose_gy;
  out.tally = lesion.apply_radiation(fraction);
}

void Treatment::apply_population(agents::PopulationLesion& lesion, int application,
                                 TreatmentEvent& event_out) const {
  const std::optional<ZoneAction> zone = zone_action(lesion.lattice(), application);
  if (!zone)
    throw model::ScenarioError("modality '" + event_out.modality +
                               "' does not act on population lesions");
  apply_zone_action(*zone, lesion, event_out);
}

void TreatmentSchedule::restore_applied(std::size_t applied) {
  if (applied > applications_.size())
    throw std::out_of_range("checkpoint: more treatments applied than the timetable holds");
  next_ = applied;
}

}  // namespace isv::scenarios
