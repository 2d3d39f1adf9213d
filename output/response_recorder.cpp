// Diameter series of a run -> response read-outs (see response_recorder.hpp).
#include "output/response_recorder.hpp"

#include <string_view>

#include "model/units.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output {

namespace {

// A biopsy is scheduled like a treatment but changes nothing, so it does not make a lesion
// "treated".
constexpr std::string_view kBiopsyModality = "biopsy";

}  // namespace

std::vector<bool> treated_lesions(const scenarios::Scenario& sc) {
  std::vector<bool> treated(sc.lesions.size(), false);
  for (const scenarios::TreatmentSpec& entry : sc.treatments) {
    if (entry.common.modality == kBiopsyModality) continue;
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
