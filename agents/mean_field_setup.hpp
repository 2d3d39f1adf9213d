// Set-up of the mean-field lesion from the agent rules: the cell-cycle chain fitted to the
// agent's cycle rule, the antigen classes, and the share of a diffusing field the lattice keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/lesion_config.hpp"

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
  std::vector<double> initial_share;                 // sums to 1
  std::vector<std::vector<Daughter>> daughters;      // per class: daughter classes (sum 1)
  std::vector<std::vector<std::size_t>> expressing;  // per antigen: classes expressing it
};
// Throws model::ScenarioError if more than kMaxVaryingAntigens antigens vary.
TumorClasses enumerate_classes(int antigen_count, const std::vector<double>& fractions,
                               double loss_per_division);

// A diffusing field with uniform source s and decay k in the lesion's box, whose faces are held
// at zero (the agent fields' far field), has mean (s / k) F: F < 1 is the share the box keeps
// against leakage through its faces. Fourier sum (to ~1e-3) over the box of edge (n + 1) voxels
// (the faces sit one voxel beyond the outer voxel centres); 2-D when nz == 1.
double box_retention(double diffusion_um2_per_h, double decay_per_h, int nx, int ny, int nz,
                     double voxel_um);

// Tumour cells in the agent model do not move and daughters sit next to their mother, so a
// clone is a cluster. For a clone of s cells: its footprint, the voxels from which a T cell
// reaches one of its cells (27 for a lone cell, 9 in 2-D), and the share of its cells with a
// free Moore neighbour, both fitted to clusters grown by the agent's division rule.
double cluster_footprint_voxels(double cells, bool two_d);
double cluster_open_share(double cells, bool two_d);

// Clone sizes within a class: a clone founded by k cells and grown by division has a size
// spread like a Gamma(k) variable (geometric, i.e. exponential, for k = 1: exact for
// independent clones under linear birth and death; nearly equal sizes for large k, e.g. one
// solid seed). k is the initial cells per clone of the lesion. Tabulated once over the mean
// size m: the mean footprint of a clone and the share of cells with a free neighbour, both
// averaged over that spread (the footprint is concave in s: at the mean it would overstate
// contact by up to 9 % for k = 1).
class CloneSizes {
 public:
  CloneSizes(bool two_d, double founder_cells);
  bool two_d() const noexcept { return two_d_; }
  double footprint_per_clone(double mean_cells) const noexcept;
  double open_share(double mean_cells) const noexcept;

 private:
  double lookup(const std::vector<double>& table, double mean_cells) const noexcept;
  bool two_d_;
  std::vector<double> footprint_, open_;  // at mean sizes 10^(i / kPerDecade)
};

// The agent's initial tumour: `cells` (expected count) in an initial sphere at density
// fill reach a share (dilated / N) (1 - (1 - fill)^27) of the lattice, dilated = the voxels
// within one Moore step of the sphere. `clones` is chosen so that that many geometric clones
// reach the same share: about `cells` for a sparse seed, 1 for a solid sphere.
struct InitialTumor {
  double cells = 0.0;
  double clones = 0.0;
  double cells_per_clone() const { return clones > 0.0 ? cells / clones : 1.0; }
};
InitialTumor initial_tumor(const LesionConfig& config);

}  // namespace isv::agents::mean_field
