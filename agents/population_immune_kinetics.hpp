// The local immune kinetics of one population-lesion voxel over one sub-step: CD8 effectors
// expand on antigen, are exhausted by tumour cells and die; they kill antigen-positive tumour
// cells at a rate that saturates in target density; regulatory T cells (recruited with the
// effectors, depleted by anti-CTLA-4), myeloid-derived suppressor cells (recruited by tumour
// cells) and TGF-beta (secreted by tumour cells) suppress both killing and expansion, as PD-1
// engaged by PD-L1 does. All quantities are densities per mm^3 and all rates per cell, so the
// kinetics do not depend on the voxel size or the lesion size. It is the local, spatial form of
// Kuznetsov et al. 1994 (Bull Math Biol 56:295), whose three regimes -- elimination,
// equilibrium, escape -- it reproduces (validation/regime_cases.cpp).
// Pure functions; equations and parameter sources: docs/clinical_scale.md, "Immunity".
#pragma once

#include <span>

#include "model/population_params.hpp"

namespace isv::agents {

// The suppression of CD8 function that is not PD-1's, as a factor in (0, 1]:
// 1 / ((1 + (Treg/CD8) / r50) (1 + MDSC / m50) (1 + TGFb / c50)).
double local_suppression_factor(double tregs_per_mm3, double cd8_per_mm3, double mdsc_per_mm3,
                                double tgfb_ng_per_ml, const model::PopulationParams& p) noexcept;

// Quasi-steady TGF-beta (ng/mL) of tissue holding `tumor_per_mm3` tumour cells: proportional to
// their density (TGF-beta's tissue half-life is minutes, so it follows its sources).
double tgfb_ng_per_ml(double tumor_per_mm3, const model::PopulationParams& p) noexcept;

// One voxel's immune state, densities per mm^3.
struct VoxelImmune {
  double tumor = 0.0;           // viable tumour cells
  double negative_share = 0.0;  // share of them expressing no tracked antigen
  std::span<double> effectors;  // CD8 effectors, one entry per specificity
  double tregs = 0.0;
  double mdsc = 0.0;
};

// What acted on the voxel over the sub-step (densities per mm^3).
struct VoxelImmuneChange {
  double killed = 0.0;            // tumour cells killed by effectors
  double effectors_gained = 0.0;  // by division
  double tregs_depleted = 0.0;    // by anti-CTLA-4
};

// Inputs shared by every voxel over the sub-step.
struct ImmuneStepInputs {
  double dt_days = 0.0;
  double pd1_factor = 1.0;                 // 1 - PD-1 suppression (1 = none)
  double ctla4_occupancy = 0.0;            // anti-CTLA-4 on Tregs
  double division_rate_per_day = 0;        // of the voxel's perfused tumour (antigen loss)
  std::span<const double> antigen_shares;  // share of positive cells expressing antigen k
};

// Advances `voxel` over in.dt_days, with the suppression factors frozen at the start of the
// sub-step and each specificity's expansion solved exactly for that frozen rate:
//   dE_k/dt = (p S a_k/(a_k + g) - m T - 1/tau) E_k,   a_k = T (1 - q) share_k,
//   d(kills)/dt = sum_k k S E_k a_k/(h + E_k + a_k),    S = pd1_factor x local suppression,
//   dR/dt = treg_per_cd8 x (CD8 gained) - R (1/tau_R + depletion x CTLA-4 occupancy),
//   dM/dt = (mdsc_per_tumor_cell T - M) / tau_M.
// Antigen-positive cells lose antigen at antigen_loss_per_division per division; killing
// removes positive cells only, so the negative share q grows under immune pressure.
VoxelImmuneChange advance_voxel_immunity(VoxelImmune& voxel, const ImmuneStepInputs& in,
                                         const model::PopulationParams& p) noexcept;

}  // namespace isv::agents
