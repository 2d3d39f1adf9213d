// Collects, sample by sample, the lesion diameters that the patient-level response read-outs
// (model/response.hpp) need, and evaluates them at the end of a run with the scenario's
// [response] settings. Used by the HDF5 /summary and by the printed run summary.
#pragma once

#include <vector>

#include "model/response.hpp"
#include "scenarios/scenario.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::scenarios {
class Simulation;
}

namespace isv::output {

// Which lesions were treated locally, in lesion order: a [[treatment]] entry other than a
// biopsy names them, if the run applies it (one timed after the run's last step does not count).
// Checkpoint blockade ([[dose]]) is systemic and treats no lesion.
std::vector<bool> treated_lesions(const scenarios::Scenario& sc);

class ResponseRecorder {
 public:
  // Records the current diameters; a second call at the same time is ignored.
  void sample(const scenarios::Simulation& sim);
  bool empty() const noexcept { return days_.empty(); }
  // Response read-outs over the samples so far.
  model::PatientResponse evaluate(const scenarios::Scenario& sc) const;
  // Checkpoints (output/run_state.cpp): the samples so far.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  std::vector<double> days_;
  std::vector<std::vector<double>> diameter_mm_;         // [lesion][sample]
  std::vector<std::vector<double>> viable_diameter_mm_;  // [lesion][sample]
};

}  // namespace isv::output
