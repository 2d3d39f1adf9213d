// Typed parameters of the lesion-level immune biology: antigen landscape, what dying cells
// release, the diffusing immune fields, T cells, dendritic cells and PD-L1. Shared by every
// lesion of a patient. Defaults and sources: docs/parameters.md ("assumption" where none).
#pragma once

#include "model/param_spec.hpp"

namespace isv::model {

inline constexpr int kMaxAntigens = 64;

struct AntigenParams {
  int count = 1;                   // tracked antigens (specificities)
  double loss_per_division = 0.0;  // probability a daughter loses each expressed antigen

  template <class V>
  void visit(V&& v) {
    v(count, ParamInfo{"count", Bounds::closed(1, kMaxAntigens), "",
                       "tracked tumour antigens (T-cell specificities)"});
    v(loss_per_division, ParamInfo{"loss_per_division", Bounds::unit_interval(), "",
                                   "per-antigen probability a daughter cell loses it (escape)"});
  }
};

// What one dying tumour cell releases, by death mode. Antigen and DAMP are counted in
// cell-equivalents: 1 = the intact antigen (or danger signal) content of one cell.
struct DeathReleaseParams {
  double tcell_kill_antigen = 1.0;
  double tcell_kill_damp = 0.5;
  double apoptosis_antigen = 0.5;
  double apoptosis_damp = 0.1;
  double necrosis_antigen = 1.0;
  double necrosis_damp = 1.0;
  // Treatment death modes (docs/treatments.md). Thermal treatments scale coagulation_antigen by
  // their antigen_intact_fraction (heat denatures protein).
  double coagulation_antigen = 1.0;
  double coagulation_damp = 1.0;
  double freeze_antigen = 1.0;
  double freeze_damp = 2.0;
  double electroporation_antigen = 1.0;
  double electroporation_damp = 1.0;
  double radiation_antigen = 1.0;
  double radiation_damp = 1.5;
  double chemotherapy_antigen = 1.0;
  double chemotherapy_damp = 1.5;

  template <class V>
  void visit(V&& v) {
    const Bounds b = Bounds::non_negative();
    v(tcell_kill_antigen, ParamInfo{"tcell_kill_antigen", b, "cell-eq", "antigen per T-cell kill"});
    v(tcell_kill_damp, ParamInfo{"tcell_kill_damp", b, "cell-eq", "DAMP per T-cell kill"});
    v(apoptosis_antigen, ParamInfo{"apoptosis_antigen", b, "cell-eq", "antigen per apoptosis"});
    v(apoptosis_damp, ParamInfo{"apoptosis_damp", b, "cell-eq", "DAMP per apoptosis"});
    v(necrosis_antigen, ParamInfo{"necrosis_antigen", b, "cell-eq", "antigen per necrotic death"});
    v(necrosis_damp, ParamInfo{"necrosis_damp", b, "cell-eq", "DAMP per necrotic death"});
    v(coagulation_antigen, ParamInfo{"coagulation_antigen", b, "cell-eq",
                                     "antigen per heat-killed cell before denaturation"});
    v(coagulation_damp, ParamInfo{"coagulation_damp", b, "cell-eq", "DAMP per heat-killed cell"});
    v(freeze_antigen, ParamInfo{"freeze_antigen", b, "cell-eq", "antigen per frozen cell"});
    v(freeze_damp, ParamInfo{"freeze_damp", b, "cell-eq", "DAMP per frozen cell"});
    v(electroporation_antigen, ParamInfo{"electroporation_antigen", b, "cell-eq",
                                         "antigen per cell killed by electroporation"});
    v(electroporation_damp,
      ParamInfo{"electroporation_damp", b, "cell-eq", "DAMP per cell killed by electroporation"});
    v(radiation_antigen,
      ParamInfo{"radiation_antigen", b, "cell-eq", "antigen per radiation-killed cell"});
    v(radiation_damp, ParamInfo{"radiation_damp", b, "cell-eq",
                                "DAMP per radiation-killed cell (immunogenic death)"});
    v(chemotherapy_antigen, ParamInfo{"chemotherapy_antigen", b, "cell-eq",
                                      "antigen per cell killed by a local cytotoxic drug"});
    v(chemotherapy_damp,
      ParamInfo{"chemotherapy_damp", b, "cell-eq",
                "DAMP per cell killed by a local cytotoxic drug (anthracyclines: immunogenic)"});
  }
};

// Diffusion and decay of the immune fields (time-accurate ones by unsplit backward Euler per step;
// model/diffusion.hpp).
struct ImmuneFieldParams {
  double antigen_diffusion_um2_per_min = 60.0;
  double antigen_decay_per_day = 2.0;
  double damp_diffusion_um2_per_min = 600.0;
  double damp_decay_per_day = 12.0;
  double chemokine_diffusion_um2_per_min = 600.0;
  double chemokine_decay_per_day = 24.0;
  double chemokine_production_per_h = 1.0;  // per voxel at saturating IFN-γ or DAMP
  double ifng_diffusion_um2_per_min = 600.0;
  double ifng_decay_per_day = 24.0;
  double antibody_diffusion_um2_per_min = 20.0;
  double antibody_tissue_partition = 0.3;
  double antibody_exchange_per_h = 0.5;
  double quasi_steady_tolerance = 1.0e-3;

  template <class V>
  void visit(V&& v) {
    const Bounds nn = Bounds::non_negative();
    v(antigen_diffusion_um2_per_min, ParamInfo{"antigen_diffusion_um2_per_min", nn, "um^2/min",
                                               "diffusion of released tumour antigen"});
    v(antigen_decay_per_day,
      ParamInfo{"antigen_decay_per_day", nn, "1/day", "extracellular antigen degradation"});
    v(damp_diffusion_um2_per_min,
      ParamInfo{"damp_diffusion_um2_per_min", nn, "um^2/min", "diffusion of DAMPs"});
    v(damp_decay_per_day, ParamInfo{"damp_decay_per_day", nn, "1/day", "DAMP decay"});
    v(chemokine_diffusion_um2_per_min, ParamInfo{"chemokine_diffusion_um2_per_min", nn, "um^2/min",
                                                 "CXCL9/10-like chemokine diffusion"});
    v(chemokine_decay_per_day,
      ParamInfo{"chemokine_decay_per_day", nn, "1/day", "chemokine decay"});
    v(chemokine_production_per_h,
      ParamInfo{"chemokine_production_per_h", nn, "units/h",
                "chemokine production per voxel at saturating IFN-gamma or DAMP"});
    v(ifng_diffusion_um2_per_min,
      ParamInfo{"ifng_diffusion_um2_per_min", nn, "um^2/min", "IFN-gamma diffusion"});
    v(ifng_decay_per_day, ParamInfo{"ifng_decay_per_day", nn, "1/day", "IFN-gamma decay"});
    v(antibody_diffusion_um2_per_min, ParamInfo{"antibody_diffusion_um2_per_min", nn, "um^2/min",
                                                "IgG diffusion in tumour tissue"});
    v(antibody_tissue_partition, ParamInfo{"antibody_tissue_partition", Bounds::unit_interval(), "",
                                           "tissue/plasma antibody ratio at equilibrium"});
    v(antibody_exchange_per_h, ParamInfo{"antibody_exchange_per_h", nn, "1/h",
                                         "plasma-tissue exchange rate of a perfused voxel"});
    v(quasi_steady_tolerance,
      ParamInfo{"quasi_steady_tolerance", Bounds::positive(), "field units",
                "chemokine and IFN-gamma solves stop when a cycle changes no voxel more"});
  }
};

struct TCellParams {
  double kill_rate_per_day = 4.0;
  double speed_um_per_min = 5.0;
  double chemotaxis_bias = 0.5;
  int max_per_voxel = 2;
  double lifespan_days = 4.0;
  double lifespan_cv = 0.125;
  int max_divisions = 7;
  double exhaustion_rate_per_day = 0.5;
  double ifng_secretion_per_h = 5.0;
  double entry_per_cell_per_cm3_per_h = 0.174;
  double chemokine_entry_boost = 4.0;
  double chemokine_half_max = 0.05;
  // Body compartment (docs/systemic.md): 0 cm^3/kg = off, the lesions are the only destination.
  double body_tissue_cm3_per_kg = 0.0;
  double body_entry_relative_weight = 1.6e-4;

  template <class V>
  void visit(V&& v) {
    const Bounds nn = Bounds::non_negative();
    v(kill_rate_per_day, ParamInfo{"kill_rate_per_day", nn, "1/day",
                                   "kill rate of an unsuppressed effector on an adjacent target"});
    v(speed_um_per_min, ParamInfo{"speed_um_per_min", nn, "um/min", "migration speed"});
    v(chemotaxis_bias, ParamInfo{"chemotaxis_bias", Bounds::unit_interval(), "",
                                 "share of moves that go up the chemokine gradient"});
    v(max_per_voxel,
      ParamInfo{"max_per_voxel", Bounds::closed(1, 8), "cells", "T cells one voxel can hold"});
    v(lifespan_days, ParamInfo{"lifespan_days", Bounds::positive(), "days",
                               "mean lifespan of an effector in the lesion"});
    v(lifespan_cv, ParamInfo{"lifespan_cv", Bounds::closed(0.0, 2.0), "",
                             "coefficient of variation of the lifespan"});
    v(max_divisions, ParamInfo{"max_divisions", Bounds::closed(0, 32), "",
                               "divisions a T cell can make after kills"});
    v(exhaustion_rate_per_day, ParamInfo{"exhaustion_rate_per_day", nn, "1/day",
                                         "exhaustion gained per day of full PD-1 engagement"});
    v(ifng_secretion_per_h, ParamInfo{"ifng_secretion_per_h", nn, "ng/mL/h",
                                      "IFN-gamma secreted into its voxel by an engaged cell"});
    v(entry_per_cell_per_cm3_per_h,
      ParamInfo{"entry_per_cell_per_cm3_per_h", nn, "1/h/cm^3",
                "entry rate per blood effector per cm^3 of fully perfused tissue"});
    v(chemokine_entry_boost,
      ParamInfo{"chemokine_entry_boost", nn, "", "extra fold entry at saturating chemokine"});
    v(chemokine_half_max, ParamInfo{"chemokine_half_max", Bounds::positive(), "units",
                                    "chemokine level of half-maximal entry boost"});
    v(body_tissue_cm3_per_kg,
      ParamInfo{"body_tissue_cm3_per_kg", Bounds::closed(0.0, 2000.0), "cm^3/kg",
                "non-tumour tissue effectors can enter, per kg body weight; 0 = no body "
                "compartment (about 1000 with it)"});
    v(body_entry_relative_weight,
      ParamInfo{"body_entry_relative_weight", nn, "",
                "effector entry per cm^3 of body tissue relative to perfused tumour"});
  }
};

struct DendriticCellParams {
  double recruitment_per_cm3_per_h = 1.7e4;
  double damp_half_max = 0.002;
  double uptake_rate_per_day = 14.4;
  double maturation_rate_per_day = 1.5;
  double migration_rate_per_day = 4.0;
  double immature_death_rate_per_day = 0.1;

  template <class V>
  void visit(V&& v) {
    const Bounds nn = Bounds::non_negative();
    v(recruitment_per_cm3_per_h,
      ParamInfo{"recruitment_per_cm3_per_h", nn, "1/h/cm^3",
                "DC recruitment per cm^3 of perfused tissue at saturating DAMP"});
    v(damp_half_max, ParamInfo{"damp_half_max", Bounds::positive(), "cell-eq/voxel",
                               "DAMP of half-maximal recruitment and maturation"});
    v(uptake_rate_per_day,
      ParamInfo{"uptake_rate_per_day", nn, "1/day", "antigen uptake from the DC's voxel"});
    v(maturation_rate_per_day,
      ParamInfo{"maturation_rate_per_day", nn, "1/day", "maturation rate at saturating DAMP"});
    v(migration_rate_per_day, ParamInfo{"migration_rate_per_day", nn, "1/day",
                                        "rate at which mature DCs leave for the lymph node"});
    v(immature_death_rate_per_day,
      ParamInfo{"immature_death_rate_per_day", nn, "1/day", "death rate of immature DCs"});
  }
};

struct Pdl1Params {
  double max_fold = 6.0;
  double ifng_ec50_ng_per_ml = 0.11;
  double ifng_hill = 1.26;
  double relax_rate_per_day = 1.0;
  double pd1_half_max = 2.0;
  double pd1_hill = 2.0;

  template <class V>
  void visit(V&& v) {
    v(max_fold, ParamInfo{"max_fold", Bounds::at_least(1.0), "",
                          "PD-L1 fold over baseline at saturating IFN-gamma"});
    v(ifng_ec50_ng_per_ml, ParamInfo{"ifng_ec50_ng_per_ml", Bounds::positive(), "ng/mL",
                                     "IFN-gamma of half-maximal PD-L1 induction"});
    v(ifng_hill, ParamInfo{"ifng_hill", Bounds::positive(), "", "Hill coefficient of induction"});
    v(relax_rate_per_day, ParamInfo{"relax_rate_per_day", Bounds::non_negative(), "1/day",
                                    "rate PD-L1 follows its IFN-gamma-set target"});
    v(pd1_half_max, ParamInfo{"pd1_half_max", Bounds::positive(), "x baseline",
                              "effective PD-L1 of half-maximal PD-1 suppression"});
    v(pd1_hill, ParamInfo{"pd1_hill", Bounds::positive(), "", "Hill coefficient of suppression"});
  }
};

// Every lesion-level immune table of a patient, in one place.
struct ImmuneParams {
  AntigenParams antigens;
  DeathReleaseParams death_release;
  ImmuneFieldParams fields;
  TCellParams tcells;
  DendriticCellParams dcs;
  Pdl1Params pdl1;
};

}  // namespace isv::model
