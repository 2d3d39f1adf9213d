// The end-of-run text summary the CLI prints: per lesion, where the tumour started and ended.
#pragma once

#include <cstdio>
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
// lesion: viable cells (first sample -> now), dead cells, volume and longest diameter, the
// apparent volume doubling time ln 2 * T / ln(N_now / N_first) in days ("n/a" without growth)
// and whether the tumour reached its lattice boundary; then the patient's RECIST 1.1 / mRECIST
// response (response_report.hpp).
// It also warns on `log`, once per lesion and process, when a lesion's tumour reaches the
// outer voxel layer of its lattice (Simulation::boundary_reached_h): growth past it is not
// simulated, so the run must not look as if the lesion had stopped growing by itself. A resumed
// run repeats the warning for a lesion that reached it before the checkpoint.
class RunSummary : public scenarios::Observer {
 public:
  explicit RunSummary(std::FILE* log = stderr) : log_(log) {}
  void on_start(const scenarios::Simulation& sim) override;
  void on_step(const scenarios::Simulation& sim) override;
  void on_sample(const scenarios::Simulation& sim) override;
  std::string text(const scenarios::Simulation& sim) const;
  // Checkpoints (output/run_state.cpp): the first samples and the response series.
  void save(model::CheckpointWriter& out) const;
  void load(model::CheckpointReader& in);

 private:
  void warn_boundaries(const scenarios::Simulation& sim, bool at_start);

  std::FILE* log_;
  std::vector<bool> warned_;  // per lesion; not state: each process warns once
  std::vector<agents::LesionReadouts> first_;
  double first_time_h_ = 0.0;
  ResponseRecorder response_;
};

}  // namespace isv::output
