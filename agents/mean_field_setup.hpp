// Set-up of the mean-field lesion from the agent rules: the cell-cycle chain fitted to the
// agent's cycle rule, the antigen classes, and the share of a diffusing field the lattice keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/tumor_params.hpp"

namespace isv::agents::mean_field {

// Antigens whose expression differs between cells (0 < fraction < 1, or any expressed antigen
// when antigens can be lost on division): the classes are the 2^n subsets, so n is capped.
inline constexpr int kMaxVaryingAntigens = 10;
// Cycle stages of the linear chain (its CV is 1/sqrt(stages)); enough for CV >= 0.18.
inline constexpr int kMaxCycleStages = 32;
// The agent cell divides on the first step at which its cycle age (advanced by whole steps)
// reaches its log-normal cycle length, so its cycle lasts ceil(L / dt) steps. The population
// grows at the Euler–Lotka rate of that discrete distribution, 2 E[exp(-g tau)] = 1; the chain
// of `stages` stages at `stage_rate_per_h` grows at exactly that rate.
struct CycleModel {
  double growth_rate_per_h = 0.0;
  double mean_cycle_h = 0.0;  // of the discrete cycle, ceil(L / dt) dt
  double cycle_cv = 0.0;
  int stages = 1;
  double stage_rate_per_h = 0.0;
  std::vector<double> initial_stage_share;  // of the seeded cells, per stage (sums to 1)
};
CycleModel fit_cycle(const model::TumorParams& tumor, double step_h);

// Tumour antigen classes: one per antigen mask that can occur, with the share of the initial
// cells in it and where daughters go when antigens are lost on division.
struct TumorClasses {
  struct Daughter {
    std::size_t cls;
    double probability;
  };
  std::vector<std::uint64_t> masks;
  std::vector<double> initial_share;              // sums to 1
  std::vector<std::vector<Daughter>> daughters;   // per class: daughter classes (sum 1)
  std::vector<std::vector<std::size_t>> expressing;  // per antigen: classes expressing it
};
// Throws model::ScenarioError if more than kMaxVaryingAntigens antigens vary.
TumorClasses enumerate_classes(int antigen_count, const std::vector<double>& fractions,
                               double loss_per_division);

// A diffusing field with uniform source s and decay k in the lesion's box, whose faces are held
// at zero (the agent fields' far field), has mean (s / k) F: F < 1 is the share the box keeps
// against leakage through its faces. Exact Fourier sum over the box of edge (n + 1) voxels
// (the faces sit one voxel beyond the outer voxel centres); 2-D when nz == 1.
double box_retention(double diffusion_um2_per_h, double decay_per_h, int nx, int ny, int nz,
                     double voxel_um);

}  // namespace isv::agents::mean_field
