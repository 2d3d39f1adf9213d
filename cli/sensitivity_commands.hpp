// `isvsim sensitivity plan | report`: global sensitivity analysis over the sweep engine. `plan`
// turns a sensitivity file into an ordinary sweep directory (run it with `sweep run` or
// `sweep slurm`, then `sweep gather`); `report` reads the gathered read-out back and writes
// DIR/indices.csv (docs/calibration.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace isv::cli {

class SensitivityCommands {
 public:
  explicit SensitivityCommands(CLI::App& app);
  bool selected() const { return top_->parsed(); }
  int execute() const;

 private:
  int plan() const;
  int report() const;

  CLI::App* top_ = nullptr;
  CLI::App *plan_ = nullptr, *report_ = nullptr;
  std::string spec_file_, dir_, readout_;
};

}  // namespace isv::cli
