// Checkpoint state of an agent lesion (docs/checkpoint.md). One visit_state lists every member
// that carries state from one step to the next; the same list saves and loads, so the two
// cannot drift apart. Commit-phase scratch is saved too where it is cheap: a step that forgot
// to clear some scratch would otherwise break bit-identity only after a restart.
#include <concepts>
#include <type_traits>

#include "agents/lesion.hpp"
#include "model/checkpoint_io.hpp"

namespace isv::agents {
namespace {

template <class T, class U>
concept StateOf = std::same_as<std::remove_const_t<T>, U>;

}  // namespace

// Agent stores are visited generically over their declared columns (agents/store_ops.hpp).
template <StateOf<LesionInputs> S, class Ar>
void visit_state(S& in, Ar& ar) {
  ar(in.arriving_tcells, in.drugs);
}
template <StateOf<LesionOutputs> S, class Ar>
void visit_state(S& out, Ar& ar) {
  ar(out.dc_antigen_export, out.unplaced_tcells);
}
inline void visit_state(const ImmuneFields& f, model::CheckpointWriter& ar) { f.save(ar); }
inline void visit_state(ImmuneFields& f, model::CheckpointReader& ar) { f.load(ar); }
inline void visit_state(const LocalTherapy& t, model::CheckpointWriter& ar) { t.save(ar); }
inline void visit_state(LocalTherapy& t, model::CheckpointReader& ar) { t.load(ar); }

template <class Self, class Ar>
void Lesion::visit_state(Self& s, Ar& ar) {
  ar.section("lesion");
  ar(s.step_, s.next_cell_id_, s.deaths_total_, s.deaths_by_mode_);
  ar.section("lesion.voxels");
  ar(s.tumor_at_, s.debris_clear_h_, s.perfusion_, s.vessels_, s.flow_multiplier_,
     s.perfusion_ceiling_);
  // The oxygen solve starts from the previous field (warm start): it is state, not scratch.
  ar(s.oxygen_mmHg_, s.oxygen_sink_per_h_, s.oxygen_source_per_h_, s.oxygen_report_);
  ar.section("lesion.local_therapy");
  ar(s.local_);
  ar.section("lesion.tumor");
  ar(s.tumor_, s.intents_);
  ar.section("lesion.immune");
  ar(s.fields_, s.tcells_, s.dcs_, s.tcell_count_, s.next_tcell_id_, s.next_dc_id_,
     s.tcells_arrived_total_, s.tcell_kills_total_, s.antigen_released_total_);
  ar(s.inputs_, s.outputs_);
  // Scratch (rewritten before use each step): kept so that a restart cannot depend on it.
  // `retired` fills the slot of a scratch list that no longer exists, so checkpoints keep
  // their layout.
  std::vector<DeathMode> retired;
  ar(retired, s.dead_flags_, s.entry_cdf_, s.act_intents_, s.kill_targets_, s.dc_keep_, s.kills_,
     s.moves_, s.divisions_, s.indices_, s.block_counts_);
  ar.section("lesion.end");
}

void Lesion::save(model::CheckpointWriter& out) const {
  out(config_.name);
  visit_state(*this, out);
}

void Lesion::load(model::CheckpointReader& in) {
  state_changed();
  std::string name;
  in(name);
  if (name != config_.name)
    in.fail("holds lesion '" + name + "' where the scenario has '" + config_.name + "'");
  visit_state(*this, in);
  const auto n = static_cast<std::size_t>(lattice_.size());
  if (tumor_at_.size() != n || oxygen_mmHg_.size() != n || tcell_count_.size() != n)
    in.fail("lesion '" + name + "' does not match its lattice of " + std::to_string(n) + " voxels");
  if (!columns_consistent(tumor_) || !columns_consistent(tcells_) || !columns_consistent(dcs_) ||
      dcs_.antigen_count != config_.immune.antigens.count)
    in.fail("lesion '" + name + "' holds agent stores whose columns differ in length (damaged)");
}

void ImmuneFields::save(model::CheckpointWriter& out) const {
  out(antigen_count_, antigen_, damp_, chemokine_, ifng_, antibody_[0], antibody_[1], kd_nM_,
      ifng_secretion_, sink_per_h_, source_per_h_);
}

void ImmuneFields::load(model::CheckpointReader& in) {
  in(antigen_count_, antigen_, damp_, chemokine_, ifng_, antibody_[0], antibody_[1], kd_nM_,
     ifng_secretion_, sink_per_h_, source_per_h_);
  if (damp_.size() != static_cast<std::size_t>(lattice_.size()))
    in.fail("immune fields do not match the lattice");
}

}  // namespace isv::agents
