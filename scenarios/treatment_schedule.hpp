// The run's treatment timetable: every application of every [[treatment]] entry (one per
// radiotherapy fraction), in (time, entry, application) order, applied at the start of the
// first step at or after its time.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "agents/lesion.hpp"
#include "scenarios/treatment.hpp"
#include "scenarios/treatment_event.hpp"

namespace isv::scenarios {

// The lesion a treatment acts on: an agent or a population lesion (one of the two is set).
struct TreatedLesion {
  agents::Lesion* agent = nullptr;
  agents::PopulationLesion* population = nullptr;
};

struct TreatmentApplication {
  double time_h = 0.0;
  int treatment = 0;    // index into the scenario's treatments
  int application = 0;  // index among that entry's applications
};

class TreatmentSchedule {
 public:
  // `treatments` must outlive the schedule (it is the frozen scenario's).
  explicit TreatmentSchedule(std::span<const TreatmentSpec> treatments);

  const std::vector<TreatmentApplication>& applications() const noexcept { return applications_; }
  std::size_t applied() const noexcept { return next_; }
  // Restarting from a checkpoint: the first `applied` applications were given already.
  void restore_applied(std::size_t applied);

  // Applies, in order, every application due at `now_h` (time_h <= now_h, up to rounding of
  // the step) to the lesion `lesion_of(name)` returns, and appends one event per application.
  // An application's position in the timetable is its run-wide ordinal, which keys its random
  // draws. Throws model::ScenarioError if a target lesion is not agent-based.
  void apply_due(double now_h, double step_h,
                 const std::function<TreatedLesion(const std::string&)>& lesion_of,
                 std::vector<TreatmentEvent>& events);

 private:
  std::span<const TreatmentSpec> treatments_;
  std::vector<TreatmentApplication> applications_;
  std::size_t next_ = 0;
};

}  // namespace isv::scenarios
