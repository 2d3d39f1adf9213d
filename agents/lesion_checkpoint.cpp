// Checkpoint state of an agent lesion (docs/checkpoint.md). One visit_state lists every member
// of its LesionState (agents/lesion_state.hpp) that carries state from one step to the next;
// the same list saves and loads, so the two cannot drift apart. Commit-phase scratch is saved too
// where it is cheap: a step that forgot to clear some scratch would otherwise break bit-identity
// only after a restart.
#include <concepts>
#include <string>
#include <tuple>
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

// A cell-type module's state: the members its State::checkpointed() lists, in order.
template <class St, class Ar>
void visit_module_state(St& state, Ar& ar) {
  std::apply([&](auto... m) { ar(state.*m...); }, std::remove_const_t<St>::checkpointed());
}

template <class Self, class Ar>
void Lesion::visit_state(Self& self, Ar& ar) {
  auto& s = self.s_;
  ar.section("lesion");
  ar(s.step, s.next_cell_id, s.deaths_total, s.deaths_by_mode);
  ar.section("lesion.voxels");
  ar(s.tumor_at, s.debris_clear_h, s.perfusion, s.vessels, s.flow_multiplier, s.perfusion_ceiling);
  // The oxygen solve starts from the previous field (warm start): it is state, not scratch.
  ar(s.oxygen_mmHg, s.oxygen_sink_per_h, s.oxygen_source_per_h, s.oxygen_report);
  ar.section("lesion.local_therapy");
  ar(s.local);
  ar.section("lesion.tumor");
  ar(s.tumor, s.intents);
  ar.section("lesion.immune");
  ar(s.fields, s.tcells, s.dcs, s.tcell_count, s.next_tcell_id, s.next_dc_id,
     s.tcells_arrived_total, s.tcell_kills_total, s.antigen_released_total);
  ar(s.inputs, s.outputs);
  // Scratch (rewritten before use each step): kept so that a restart cannot depend on it.
  // `retired` fills the slot of a scratch list that no longer exists, so checkpoints keep
  // their layout.
  std::vector<DeathMode> retired;
  ar(retired, s.dead_flags, s.entry_cdf, s.act_intents, s.kill_targets, s.dc_keep, s.kills, s.moves,
     s.divisions, s.indices, s.block_counts);
  ar.section("lesion.cell_types");
  for_each_cell_module([&]<class M>() {
    ar.section(M::kTable);
    visit_module_state(std::get<typename M::State>(s.cell_types), ar);
  });
  ar.section("lesion.end");
}

void Lesion::save(model::CheckpointWriter& out) const {
  out(s_.config.name);
  visit_state(*this, out);
}

void Lesion::load(model::CheckpointReader& in) {
  state_changed();
  std::string name;
  in(name);
  if (name != s_.config.name)
    in.fail("holds lesion '" + name + "' where the scenario has '" + s_.config.name + "'");
  visit_state(*this, in);
  const auto n = static_cast<std::size_t>(s_.lattice.size());
  if (s_.tumor_at.size() != n || s_.oxygen_mmHg.size() != n || s_.tcell_count.size() != n)
    in.fail("lesion '" + name + "' does not match its lattice of " + std::to_string(n) + " voxels");
  if (!columns_consistent(s_.tumor) || !columns_consistent(s_.tcells) ||
      !columns_consistent(s_.dcs) || s_.dcs.antigen_count != s_.config.immune.antigens.count)
    in.fail("lesion '" + name + "' holds agent stores whose columns differ in length (damaged)");
  for_each_cell_module([&]<class M>() {
    if (!M::consistent(agents::cell_type<M>(s_), s_))
      in.fail("lesion '" + name + "' holds " + std::string(M::kTable) +
              " that do not match its lattice (damaged)");
  });
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
