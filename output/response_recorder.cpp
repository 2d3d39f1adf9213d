// Diameter series of a run -> response read-outs (see response_recorder.hpp).
#include "output/response_recorder.hpp"

#include "model/units.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output {

std::vector<bool> treated_lesions(const scenarios::Scenario& sc) {
  return std::vector<bool>(sc.lesions.size(), false);
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
