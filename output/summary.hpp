// The end-of-run text summary the CLI prints: per lesion, where the tumour started and ended.
#pragma once

#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "output/response_recorder.hpp"
#include "scenarios/observer.hpp"
#include "scenarios/simulation.hpp"

namespace isv::output {

// Observes a run to remember each lesion's first sample; text() then gives a few lines per
// lesion: viable cells (first sample -> now), dead cells, volume and longest diameter, and the
// apparent volume doubling time ln 2 * T / ln(N_now / N_first) in days ("n/a" without growth);
// then the patient's RECIST 1.1 / mRECIST response (response_report.hpp).
class RunSummary : public scenarios::Observer {
 public:
  void on_sample(const scenarios::Simulation& sim) override;
  std::string text(const scenarios::Simulation& sim) const;

 private:
  std::vector<agents::LesionReadouts> first_;
  double first_time_h_ = 0.0;
  ResponseRecorder response_;
};

}  // namespace isv::output
