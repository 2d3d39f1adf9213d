// Diameter series of a run -> response read-outs (see response_recorder.hpp).
#include "output/response_recorder.hpp"

#include <string_view>
#include <vector>

#include "model/units.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output {

namespace {

// A biopsy is scheduled like a treatment but changes nothing, so it does not make a lesion
// "treated".
constexpr std::string_view kBiopsyModality = "biopsy";

// Whether the run applies any application of `entry`: the schedule applies one at the start of
// the first step at or after its time (scenarios/treatment_schedule.cpp), so one timed after
// the start of the last step never acts.
bool applied_in_run(const scenarios::TreatmentSpec& entry, const scenarios::Scenario& sc) {
  constexpr double kDueTolerance = 1e-9;  // in steps, as the schedule's
  const double last_step_h = static_cast<double>(sc.total_steps() - 1) * sc.run.step_h;
  const double start_h = model::units::days_to_hours(entry.common.day);
  const std::vector<double> offsets =
      entry.treatment ? entry.treatment->application_offsets_h() : std::vector<double>{0.0};
  for (const double offset_h : offsets)
    if (start_h + offset_h <= last_step_h + kDueTolerance * sc.run.step_h) return true;
  return false;
}

}  // namespace

std::vector<bool> treated_lesions(const scenarios::Scenario& sc) {
  std::vector<bool> treated(sc.lesions.size(), false);
  for (const scenarios::TreatmentSpec& entry : sc.treatments) {
    if (entry.common.modality == kBiopsyModality || !applied_in_run(entry, sc)) continue;
    for (std::size_t l = 0; l < sc.lesions.size(); ++l)
      if (sc.lesions[l].config.name == entry.common.lesion) treated[l] = true;
  }
  return treated;
}

void ResponseRecorder::sample(const scenarios::Simulation& sim) {
  const double day = model::units::hours_to_days(sim.time_h());
  if (!days_.empty() && day <= days_.back()) return;
  const auto& lesions = sim.lesions();
  diameter_mm_.resize(lesions.size());
  viable_diameter_mm_.resize(lesions.size());
  days_.push_back(day);
  for (std::size_t l = 0; l < lesions.size(); ++l) {
    const agents::LesionReadouts r = lesions[l].readouts();
    diameter_mm_[l].push_back(r.longest_diameter_mm);
    viable_diameter_mm_[l].push_back(r.viable_diameter_mm);
  }
}

model::PatientResponse ResponseRecorder::evaluate(const scenarios::Scenario& sc) const {
  model::ResponseInput in;
  in.sample_days = days_;
  in.diameter_mm = diameter_mm_;
  in.viable_diameter_mm = viable_diameter_mm_;
  // Before the first sample every series is empty and nothing is evaluated.
  in.diameter_mm.resize(sc.lesions.size());
  in.viable_diameter_mm.resize(sc.lesions.size());
  for (const scenarios::LesionSpec& spec : sc.lesions) in.target.push_back(spec.target);
  in.treated = treated_lesions(sc);
  return model::evaluate_response(in, sc.response);
}

}  // namespace isv::output
