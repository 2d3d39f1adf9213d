// Checkpoint state of a run (docs/checkpoint.md): the clock and counters, the treatment
// timetable position and its events, the systemic model, every lesion and when each lesion
// first reached its lattice boundary. The RNG is counter-based, keyed by (seed, stream, step,
// id), so the step and the id counters the lesions keep are all the random state there is.
#include <concepts>
#include <stdexcept>
#include <type_traits>

#include "model/checkpoint_io.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {

template <class S, class Ar>
requires std::same_as<std::remove_const_t<S>, TreatmentEvent>
void visit_state(S& e, Ar& ar) {
  ar(e.time_h, e.lesion, e.modality, e.treatment, e.application, e.dose_gy, e.tally);
}

void PatientLesion::save(model::CheckpointWriter& out) const {
  out(kind());
  std::visit([&](const auto& lesion) { lesion.save(out); }, lesion_);
}

void PatientLesion::load(model::CheckpointReader& in) {
  LesionKind stored{};
  in(stored);
  if (stored != kind()) in.fail("lesion '" + name() + "' is of another kind in the checkpoint");
  std::visit([&](auto& lesion) { lesion.load(in); }, lesion_);
}

void Simulation::save(model::CheckpointWriter& out) const {
  out.section("simulation");
  out(step_, total_steps_, tcells_withdrawn_total_, tcells_returned_total_,
      static_cast<std::uint64_t>(schedule_.applied()), events_);
  // The systemic model's state is (time, ODE state): doses and infusions are looked up from
  // the time, and the held antigen inflow is set afresh by every advance().
  out.section("systemic");
  const std::span<const double> x = systemic_.state();
  out(systemic_.time_h(), std::vector<double>(x.begin(), x.end()));
  out.section("lesions");
  out(static_cast<std::uint64_t>(lesions_.size()));
  for (const PatientLesion& lesion : lesions_) lesion.save(out);
  out.section("boundary");
  out(boundary_reached_h_);
  out.section("simulation.end");
}

void Simulation::load(model::CheckpointReader& in) {
  in.section("simulation");
  std::int64_t total = 0;
  std::uint64_t applied = 0;
  in(step_, total, tcells_withdrawn_total_, tcells_returned_total_, applied, events_);
  if (total != total_steps_ || step_ < 0 || step_ > total_steps_)
    in.fail("step " + std::to_string(step_) + " of " + std::to_string(total) +
            " does not fit this scenario's " + std::to_string(total_steps_) + " steps");
  try {
    schedule_.restore_applied(applied);
  } catch (const std::out_of_range& e) {
    in.fail(e.what());
  }
  in.section("systemic");
  double time_h = 0.0;
  std::vector<double> x;
  in(time_h, x);
  try {
    systemic_.restore(time_h, x);
  } catch (const std::invalid_argument& e) {
    in.fail(e.what());
  }
  in.section("lesions");
  std::uint64_t count = 0;
  in(count);
  if (count != lesions_.size())
    in.fail("holds " + std::to_string(count) + " lesions, the scenario has " +
            std::to_string(lesions_.size()));
  for (PatientLesion& lesion : lesions_) lesion.load(in);
  in.section("boundary");
  in(boundary_reached_h_);
  if (boundary_reached_h_.size() != lesions_.size())
    in.fail("holds boundary times for " + std::to_string(boundary_reached_h_.size()) +
            " lesions, the scenario has " + std::to_string(lesions_.size()));
  in.section("simulation.end");
  restored_ = true;
}

}  // namespace isv::scenarios
