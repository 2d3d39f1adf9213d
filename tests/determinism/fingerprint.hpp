// The user-visible state of a run as bytes, for bit-for-bit comparisons in the checkpoint and
// body-compartment determinism tests.
#pragma once

#include <cstdint>
#include <iterator>
#include <vector>

#include "scenarios/simulation.hpp"

namespace isv::scenarios {

template <class T>
inline void append_bytes(std::vector<unsigned char>& out, const T* data, std::size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  out.insert(out.end(), p, p + n * sizeof(T));
}

// Everything a user could see of the state, as bytes: per lesion the read-outs, the voxel
// codes and every snapshot field; the systemic state; when lesions reached their lattice
// boundary; the events.
inline std::vector<unsigned char> fingerprint(const Simulation& sim) {
  std::vector<unsigned char> out;
  const std::int64_t step = sim.step();
  append_bytes(out, &step, 1);
  for (const PatientLesion& l : sim.lesions()) {
    const agents::LesionReadouts r = l.readouts();
    const std::int64_t counts[] = {r.tumor_viable,
                                   r.tumor_cycling,
                                   r.tumor_quiescent,
                                   r.tumor_hypoxic,
                                   r.tumor_dead,
                                   r.tumor_deaths_total,
                                   r.tcells,
                                   r.tcells_exhausted,
                                   r.tcells_engaged,
                                   r.tcells_arrived_total,
                                   r.tcell_kills_total,
                                   r.dcs_immature,
                                   r.dcs_mature,
                                   r.tregs,
                                   r.tregs_depleted_total};
    append_bytes(out, counts, std::size(counts));
    const double reals[] = {r.volume_mm3, r.longest_diameter_mm, r.viable_diameter_mm,
                            r.oxygen_mean_mmHg, r.pdl1_mean};
    append_bytes(out, reals, std::size(reals));
    append_bytes(out, r.antigen_released_total.data(), r.antigen_released_total.size());
    if (const agents::Lesion* a = l.agent()) {
      std::vector<std::uint8_t> codes(static_cast<std::size_t>(a->lattice().size()));
      a->cell_state_codes(codes);
      append_bytes(out, codes.data(), codes.size());
      for (const agents::NamedField& f : a->snapshot_fields())
        append_bytes(out, f.values.data(), f.values.size());
      const agents::LocalTherapy& local = a->local_therapy();
      for (int k = 0; k < local.drug_count(); ++k) {
        append_bytes(out, local.drug(k).concentration().data(),
                     local.drug(k).concentration().size());
        append_bytes(out, &local.drug(k).ledger(), 1);
      }
      append_bytes(out, local.absorbed_dose_gy().data(), local.absorbed_dose_gy().size());
      append_bytes(out, a->perfusion().data(), a->perfusion().size());
      const agents::TregModule::State& tregs = a->cell_type<agents::TregModule>();
      append_bytes(out, tregs.cells.id.data(), tregs.cells.id.size());
      append_bytes(out, tregs.cells.voxel.data(), tregs.cells.voxel.size());
      append_bytes(out, tregs.cells.death_h.data(), tregs.cells.death_h.size());
      append_bytes(out, tregs.count.data(), tregs.count.size());
      append_bytes(out, &tregs.next_id, 1);
      append_bytes(out, &tregs.arrived_total, 1);
    } else {
      const auto& x = l.mean_field()->state();
      append_bytes(out, x.data(), x.size());
    }
  }
  const auto x = sim.systemic().state();
  append_bytes(out, x.data(), x.size());
  append_bytes(out, sim.boundary_reached_h().data(), sim.boundary_reached_h().size());
  for (const TreatmentEvent& e : sim.events()) {
    append_bytes(out, &e.time_h, 1);
    append_bytes(out, &e.tally, 1);
  }
  return out;
}

}  // namespace isv::scenarios
