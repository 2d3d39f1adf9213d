// The end-of-run text summary the CLI prints: per lesion, where the tumour started and ended.
#pragma once

#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "output/response_recorder.hpp"
#include "scenarios/observer.hpp"
#include "scenarios/simulation.hpp"

namespace isv::model {
class CheckpointWriter;
class CheckpointReader;
}  // namespace isv::model

namespace isv::output {

// Observes a run to remember each lesion's first sample; text() then gives a few lines per
// lesion: viable cells (first sample -> now), dead cells, volume and longest diameter, and the
// apparent volume doubling time ln 2 * T / ln(N_now / N_first) in days ("n/a" without growth);
// then the patient's RECIST 1.1 / mRECIST response (response_report.hpp).
class RunSummary : public scenarios::Observer {
 public:
  void on_sample(const scenarios::Simulation& sim) override;
  std::string text(const scenarios::Simulation& sim) const;
  // Checkpoints (output/run_state.cpp): the first samples and the response series.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  std::vector<agents::LesionReadouts> first_;
  double first_time_h_ = 0.0;
  ResponseRecorder response_;
};

}  // namespace isv::output
