// Checkpoint state of a lesion's locoregional therapies (docs/checkpoint.md): occlusions,
// drug deposits and their fields, radionuclide deliveries and the dose they have given.
#include <concepts>
#include <type_traits>

#include "agents/local_therapy.hpp"
#include "model/checkpoint_io.hpp"

namespace isv::agents {
namespace {

template <class T, class U>
concept StateOf = std::same_as<std::remove_const_t<T>, U>;

}  // namespace

template <StateOf<Occlusion> S, class Ar>
void visit_state(S& o, Ar& ar) {
  ar(o.voxels, o.start_h, o.occlusion_fraction, o.recanalization_half_time_h);
}
template <StateOf<DrugDeposit> S, class Ar>
void visit_state(S& d, Ar& ar) {
  ar(d.name, d.unit, d.voxels, d.amount_per_voxel, d.transport, d.kill, d.damp_equivalent_per_unit,
     d.systemic_drug);
}
template <StateOf<RadionuclideDelivery> S, class Ar>
void visit_state(S& d, Ar& ar) {
  ar(d.voxels, d.start_h, d.total_dose_gy, d.half_life_h, d.repair_half_time_h, d.alpha_per_gy,
     d.beta_per_gy2);
}

void LocalDrugField::save(model::CheckpointWriter& out) const {
  out(transport_, field_, depot_, sink_per_h_, source_per_h_, ledger_);
}

void LocalDrugField::load(model::CheckpointReader& in) {
  in(transport_, field_, depot_, sink_per_h_, source_per_h_, ledger_);
  if (field_.size() != static_cast<std::size_t>(lattice_.size()))
    in.fail("a local drug field does not match the lattice");
}

void LocalTherapy::save(model::CheckpointWriter& out) const {
  out.section("local_therapy");
  const std::vector<Occlusion> occlusions(occlusion_.occlusions().begin(),
                                          occlusion_.occlusions().end());
  out(occlusions, specs_, static_cast<std::uint64_t>(drugs_.size()));
  for (const LocalDrugField& d : drugs_) d.save(out);
  out(radionuclides_, delivered_gy_, kills_, has_danger_, chemo_log_kill_, radiation_log_kill_,
      danger_, absorbed_dose_gy_);
}

// Loads into a lesion built from the same config, before any therapy was applied.
void LocalTherapy::load(model::CheckpointReader& in) {
  in.section("local_therapy");
  std::vector<Occlusion> occlusions;
  std::uint64_t drug_count = 0;
  in(occlusions, specs_, drug_count);
  occlusion_ = PerfusionOcclusion{};
  try {
    for (Occlusion& o : occlusions) occlusion_.add(std::move(o), lattice_.size());
  } catch (const std::invalid_argument& e) {
    in.fail(std::string("bad occlusion: ") + e.what());
  }
  if (drug_count != specs_.size()) in.fail("drug fields do not match the drug deposits");
  drugs_.clear();
  for (const DrugDeposit& spec : specs_) {
    drugs_.emplace_back(lattice_, spec.transport);
    drugs_.back().load(in);
  }
  in(radionuclides_, delivered_gy_, kills_, has_danger_, chemo_log_kill_, radiation_log_kill_,
     danger_, absorbed_dose_gy_);
}

}  // namespace isv::agents
