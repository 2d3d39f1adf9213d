// The agent-versus-mean-field agreement regime (docs/mean_field.md, "Agreement"), shared by
// the full acceptance test (tests/integration/mean_field_agreement_test.cpp, label slow) and
// its fast variant in the default run (mean_field_agreement_fast_test.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/mean_field_lesion.hpp"

namespace isv::test {

// Well mixed: tumour cells scattered at random over the whole n^3 lattice (5 % of voxels), no
// oxygen limitation, T cells entering evenly (no chemokine boost), walking without bias at
// 60 moves per step (about 11 voxels r.m.s. per hour, so each step's contacts are fresh).
// Slow tumour (8-day cycle) and a moderate T-cell dose: killing removes a good part of the
// burden without driving it near extinction, where the survivors would be a spatially
// selected minority.
struct AgreementRegime {
  int lattice_n = 32;
  int days = 30;
  int pulse_days = 10;           // T cells arrive during the first days
  double arrivals_per_h = 0.25;  // one cell every four steps
  double step_h = 1.0;

  agents::LesionConfig config() const {
    agents::LesionConfig c;
    c.name = "well_mixed";
    c.lattice.nx = c.lattice.ny = c.lattice.nz = lattice_n;
    c.lattice.voxel_um = 20.0;
    c.tumor.initial_radius_um = lattice_n * 20.0;  // covers the lattice
    c.tumor.doubling_time_days = 8.0;
    c.initial_fill_fraction = 0.05;
    c.oxygen.tumor_uptake_per_min = 0.0;
    c.immune.tcells.chemotaxis_bias = 0.0;
    c.immune.tcells.chemokine_entry_boost = 0.0;
    c.immune.tcells.speed_um_per_min = 20.0;
    c.immune.tcells.max_divisions = 2;
    return c;
  }
  int steps() const { return static_cast<int>(std::lround(days * 24 / step_h)); }
  int pulse_steps() const { return static_cast<int>(std::lround(pulse_days * 24 / step_h)); }

  agents::LesionInputs inputs_at(int step) const {
    agents::LesionInputs in;
    const bool pulse = step < pulse_steps();
    const auto due = [&](int s) {
      return static_cast<std::int32_t>(std::floor(s * step_h * arrivals_per_h));
    };
    in.arriving_tcells = {pulse ? due(step + 1) - due(step) : 0};
    return in;
  }
};

// Viable tumour cells at the end of the pulse and at the end of the run.
struct Burden {
  double pulse_end = 0.0;
  double end = 0.0;
};

template <class L>
Burden run_regime(const AgreementRegime& r, L& lesion) {
  Burden b;
  for (int step = 0; step < r.steps(); ++step) {
    lesion.step(r.inputs_at(step));
    if (step + 1 == r.pulse_steps())
      b.pulse_end = static_cast<double>(lesion.readouts().tumor_viable);
  }
  b.end = static_cast<double>(lesion.readouts().tumor_viable);
  return b;
}

}  // namespace isv::test
