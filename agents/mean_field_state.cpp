// Checkpoint state of a mean-field lesion (docs/checkpoint.md): the ODE state vector, the
// inputs held over the last step and the counters. Rates, classes and layout follow from the
// config, which the scenario hash pins.
#include "agents/mean_field_lesion.hpp"
#include "model/checkpoint_io.hpp"

namespace isv::agents {

void MeanFieldLesion::save(model::CheckpointWriter& out) const {
  out.section("mean_field_lesion");
  out(config_.name, step_, x_, held_, tcells_arrived_total_, outputs_.dc_antigen_export,
      outputs_.unplaced_tcells);
}

void MeanFieldLesion::load(model::CheckpointReader& in) {
  in.section("mean_field_lesion");
  std::string name;
  const std::size_t size = x_.size();
  in(name, step_, x_, held_, tcells_arrived_total_, outputs_.dc_antigen_export,
     outputs_.unplaced_tcells);
  if (name != config_.name)
    in.fail("holds lesion '" + name + "' where the scenario has '" + config_.name + "'");
  if (x_.size() != size)
    in.fail("mean-field lesion '" + name + "' holds " + std::to_string(x_.size()) +
            " states, its model has " + std::to_string(size));
}

}  // namespace isv::agents
