// The ParaView Catalyst adaptor: an observer that hands every lesion to a user's Catalyst Python
// script (ParaView 5.11 legacy API, vtkCPProcessor + vtkCPPythonScriptV2Pipeline) every N model
// steps, for in-situ extracts and images while the run goes. Built with -DISV_WITH_CATALYST=ON.
//
// Channels, per lesion (catalyst_grids.hpp): `<lesion>`, the lattice as a vtkImageData;
// `<lesion>_tcells` and `<lesion>_dcs`, its CD8 T cells and dendritic cells as vtkPolyData
// points. Time is the simulated time in hours, the time step the model step.
//
// A failing script never stops the run: the first failure is reported once (ParaView prints the
// Python traceback, the adaptor one line naming the step), the script is dropped and the run goes
// on writing its HDF5 file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "scenarios/observer.hpp"

namespace isv::output::catalyst {

class CatalystAdaptor final : public scenarios::Observer {
 public:
  // `script` must exist (checked here, model::ConfigError otherwise); ParaView is started only
  // in on_start. `every_steps` >= 1. Messages go to `log`.
  CatalystAdaptor(std::filesystem::path script, std::int64_t every_steps, std::FILE* log = stderr);
  ~CatalystAdaptor() override;

  CatalystAdaptor(const CatalystAdaptor&) = delete;
  CatalystAdaptor& operator=(const CatalystAdaptor&) = delete;
  CatalystAdaptor(CatalystAdaptor&&) = delete;
  CatalystAdaptor& operator=(CatalystAdaptor&&) = delete;

  // Starts Catalyst and processes step 0.
  void on_start(const scenarios::Simulation& sim) override;
  // Processes every `every_steps`-th model step.
  void on_step(const scenarios::Simulation& sim) override;
  // Finalizes the script (closing its files).
  void on_finish(const scenarios::Simulation& sim, scenarios::RunOutcome outcome) override;

  // True once the script failed; the run then goes on without it.
  bool failed() const noexcept;
  // Steps handed to the script successfully so far.
  std::int64_t steps_processed() const noexcept;

 private:
  struct Impl;  // ParaView objects (VTK headers stay out of this header)
  std::unique_ptr<Impl> impl_;
};

}  // namespace isv::output::catalyst
