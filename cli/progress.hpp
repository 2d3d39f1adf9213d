// A one-line progress display (simulated day, cells, speed) for terminals.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

#include "scenarios/observer.hpp"

namespace isv::cli {

class ProgressLine : public scenarios::Observer {
 public:
  // Writes to `stream` (usually stderr); redraws in place on a terminal, else one line per day.
  explicit ProgressLine(std::FILE* stream);
  void on_start(const scenarios::Simulation& sim) override;
  void on_step(const scenarios::Simulation& sim) override;
  void on_finish(const scenarios::Simulation& sim, scenarios::RunOutcome outcome) override;

 private:
  void print(const scenarios::Simulation& sim, bool final_line);

  std::FILE* stream_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  long last_day_printed_ = -1;
  std::int64_t last_step_printed_ = -1;
};

}  // namespace isv::cli
