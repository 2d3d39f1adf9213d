// The scenario: every input of a run as typed, frozen structs. Built once by the loader,
// then passed by const reference; the run never changes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agents/lesion_config.hpp"
#include "model/immune_params.hpp"
#include "model/param_spec.hpp"
#include "model/response_params.hpp"
#include "model/systemic_params.hpp"
#include "model/vegf_params.hpp"
#include "scenarios/treatment.hpp"

namespace isv::scenarios {

struct RunParams {
  double duration_days = 20.0;
  std::int64_t seed = 1;
  double step_h = 1.0;

  template <class V>
  void visit(V&& v) {
    v(duration_days, model::ParamInfo{"duration_days", model::Bounds::closed(0.0, 36500.0), "days",
                                      "simulated time"});
    v(seed, model::ParamInfo{"seed", model::Bounds::closed(0.0, 9.2e18), "",
                             "master random seed (the run is a pure function of scenario + seed)"});
    v(step_h, model::ParamInfo{"step_h", model::Bounds::closed(0.01, 24.0), "h",
                               "model step: agents update and fields are solved once per step"});
  }
};

struct OutputParams {
  double sample_every_h = 24.0;
  double snapshot_every_h = 120.0;         // 0 disables lattice snapshots
  std::int64_t max_immune_points = 10000;  // per population lesion and snapshot; 0 = none

  template <class V>
  void visit(V&& v) {
    v(sample_every_h, model::ParamInfo{"sample_every_h", model::Bounds::positive(), "h",
                                       "cadence of /timeseries samples"});
    v(snapshot_every_h, model::ParamInfo{"snapshot_every_h", model::Bounds::non_negative(), "h",
                                         "cadence of lattice snapshots (0 = none)"});
    v(max_immune_points,
      model::ParamInfo{"max_immune_points", model::Bounds::closed(0.0, 1.0e7), "points",
                       "immune cells shown as points per population lesion and snapshot "
                       "(a deterministic subsample; 0 = no point sets)"});
  }
};

struct PatientParams {
  double body_weight_kg = 70.0;

  template <class V>
  void visit(V&& v) {
    v(body_weight_kg, model::ParamInfo{"body_weight_kg", model::Bounds::closed(1.0, 500.0), "kg",
                                       "body weight (mg/kg doses, weight-scaled PK)"});
  }
};

struct LesionSpec {
  std::string kind = "agents";  // "agents" (lattice) or "mean_field" (well-mixed ODE)
  agents::LesionConfig config;
  bool target = true;  // a RECIST/mRECIST target lesion (its diameter enters the sum)
};

struct Scenario {
  std::string source_path;     // the file it was read from
  std::string effective_toml;  // every parameter, defaults included, after --set overrides
  RunParams run;
  OutputParams output;
  model::ImmuneParams immune;  // patient-wide; copied into every lesion's config
  PatientParams patient;
  model::LymphNodeParams lymph_node;
  model::VegfParams vegf;                  // [vegf]: VEGF-A blockade in tissue; in every lesion
  model::ResponseParams response;          // [response]: RECIST/mRECIST read-out settings
  std::vector<model::DoseSchedule> doses;  // [[dose]] entries, in file order
  std::vector<model::AntibodyDrug> drugs;  // library entries named by the doses
  std::vector<LesionSpec> lesions;         // in name order
  std::vector<TreatmentSpec> treatments;   // [[treatment]] entries, in file order

  std::int64_t total_steps() const;
};

}  // namespace isv::scenarios
