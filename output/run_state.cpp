// Checkpoint state of the output observers (docs/checkpoint.md): what the run summary and the
// response recorder have collected so far, so that a resumed run reports as if never stopped.
#include <concepts>
#include <type_traits>

#include "agents/lesion_readouts.hpp"
#include "model/checkpoint_io.hpp"
#include "output/response_recorder.hpp"
#include "output/summary.hpp"

namespace isv::agents {

template <class S, class Ar>
requires std::same_as<std::remove_const_t<S>, LesionReadouts>
void visit_state(S& r, Ar& ar) {
  visit_readouts(r, ar);  // the one declared list (agents/lesion_readouts.hpp)
}

}  // namespace isv::agents

namespace isv::output {

void ResponseRecorder::save(model::CheckpointWriter& out) const {
  out.section("response_recorder");
  out(days_, diameter_mm_, viable_diameter_mm_);
}

void ResponseRecorder::load(model::CheckpointReader& in) {
  in.section("response_recorder");
  in(days_, diameter_mm_, viable_diameter_mm_);
}

void RunSummary::save(model::CheckpointWriter& out) const {
  out.section("run_summary");
  out(first_, first_time_h_);
  response_.save(out);
}

void RunSummary::load(model::CheckpointReader& in) {
  in.section("run_summary");
  in(first_, first_time_h_);
  response_.load(in);
}

}  // namespace isv::output
