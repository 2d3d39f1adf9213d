// Antibody library (published population-PK typical values) and PK helpers.
#include "model/antibody_pk.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "model/errors.hpp"
#include "model/units.hpp"

namespace isv::model {

std::string_view to_string(CheckpointTarget target) noexcept {
  switch (target) {
    case CheckpointTarget::kPD1:
      return "PD-1";
    case CheckpointTarget::kPDL1:
      return "PD-L1";
    case CheckpointTarget::kCTLA4:
      return "CTLA-4";
    case CheckpointTarget::kVEGFA:
      return "VEGF-A";
  }
  return "PD-1";
}

std::optional<CheckpointTarget> parse_checkpoint_target(std::string_view text) noexcept {
  for (CheckpointTarget t : {CheckpointTarget::kPD1, CheckpointTarget::kPDL1,
                             CheckpointTarget::kCTLA4, CheckpointTarget::kVEGFA}) {
    if (text == to_string(t)) return t;
  }
  return std::nullopt;
}

namespace {

// Class affinities, Wang et al. 2014 via the QSP-IO parameter files (docs/systemic.md).
constexpr double kAntiPd1KdNm = 4.0;
constexpr double kAntiPdl1KdNm = 0.4;
constexpr double kAntiCtla4KdNm = 18.2;
// Bevacizumab-VEGF165 by surface plasmon resonance, Papadopoulos et al. 2012 (docs/systemic.md).
// Its occupancy drives the [vegf] tissue effects (model/vegf_params.hpp).
constexpr double kBevacizumabKdNm = 0.058;

struct LibraryRow {
  const char* name;
  CheckpointTarget target;
  double cl_L_per_day, vc_L, q_L_per_day, vp_L;
  double kd_nM, mw_kDa;
  double ref_kg, e_cl, e_vc, e_q, e_vp;
};

}  // namespace

std::vector<AntibodyDrug> antibody_library() {
  using T = CheckpointTarget;
  // Typical values at each paper's reference covariates; see docs/systemic.md for the table.
  const LibraryRow rows[] = {
      // Bajaj 2017: CL 9.4 mL/h, Vc 3.63 L, Q 32.1 mL/h, Vp 2.78 L; 80 kg reference.
      {"nivolumab", T::kPD1, 9.4e-3 * 24.0, 3.63, 32.1e-3 * 24.0, 2.78, kAntiPd1KdNm, 146.0, 80.0,
       0.566, 0.597, 0.0, 0.0},
      // Ahamadi 2017: CL 0.22 L/d, Vc 3.48 L, Q 0.795 L/d, Vp 4.06 L; 76.8 kg reference.
      {"pembrolizumab", T::kPD1, 0.22, 3.48, 0.795, 4.06, kAntiPd1KdNm, 149.0, 76.8, 0.595, 0.489,
       0.595, 0.489},
      // Stroh 2017 (via Centanni 2019, Table 2): CL 0.20 L/d, Vc 3.28 L, Q 0.546 L/d, Vp 3.63 L.
      {"atezolizumab", T::kPDL1, 0.200, 3.28, 0.546, 3.63, kAntiPdl1KdNm, 145.0, 77.0, 0.808, 0.559,
       0.0, 0.0},
      // Baverel 2018 (via Centanni 2019, Table 2), linear part: CL 0.232 L/d, Vc 3.51 L,
      // Q 0.476 L/d, Vp 3.45 L; the saturable Vmax/Km pathway is not modelled.
      {"durvalumab", T::kPDL1, 0.232, 3.51, 0.476, 3.45, kAntiPdl1KdNm, 146.3, 69.0, 0.389, 0.406,
       0.0, 0.0},
      // Feng 2014: CL 0.0150 L/h, Vc 4.15 L, Q 0.0411 L/h, Vp 3.11 L; 80 kg reference.
      {"ipilimumab", T::kCTLA4, 0.0150 * 24.0, 4.15, 0.0411 * 24.0, 3.11, kAntiCtla4KdNm, 148.0,
       80.0, 0.642, 0.708, 0.0, 0.0},
      // Hwang 2023: CL 0.276 L/d (baseline), Vc 3.64 L, Q 0.357 L/d, Vp 2.40 L; 71 kg reference.
      {"tremelimumab", T::kCTLA4, 0.276, 3.64, 0.357, 2.40, kAntiCtla4KdNm, 149.0, 71.0, 0.638,
       0.606, 0.0, 0.0},
      // Han 2016, Table 3: CL 8.6 mL/h, V1 2.678 L, Q 18.6 mL/h, V2 2.423 L; 70 kg female,
      // albumin 39 g/L, ALP 109 U/L; weight exponent 0.589 on CL and Q, 0.470 on V1 and V2.
      {"bevacizumab", T::kVEGFA, 8.6e-3 * 24.0, 2.678, 18.6e-3 * 24.0, 2.423, kBevacizumabKdNm,
       149.0, 70.0, 0.589, 0.470, 0.589, 0.470},
  };
  std::vector<AntibodyDrug> drugs;
  for (const LibraryRow& r : rows) {
    AntibodyDrug d;
    d.name = r.name;
    d.target = r.target;
    d.clearance_L_per_day = r.cl_L_per_day;
    d.central_volume_L = r.vc_L;
    d.intercompartmental_L_per_day = r.q_L_per_day;
    d.peripheral_volume_L = r.vp_L;
    d.kd_nM = r.kd_nM;
    d.molecular_weight_kDa = r.mw_kDa;
    d.reference_body_weight_kg = r.ref_kg;
    d.clearance_weight_exponent = r.e_cl;
    d.central_volume_weight_exponent = r.e_vc;
    d.intercompartmental_weight_exponent = r.e_q;
    d.peripheral_volume_weight_exponent = r.e_vp;
    drugs.push_back(std::move(d));
  }
  return drugs;
}

std::optional<AntibodyDrug> find_antibody(std::string_view name) {
  for (AntibodyDrug& d : antibody_library()) {
    if (d.name == name) return std::move(d);
  }
  return std::nullopt;
}

TwoCompartmentRates individual_rates(const AntibodyDrug& drug, double body_weight_kg) {
  if (!(body_weight_kg > 0.0) || !std::isfinite(body_weight_kg))
    throw std::invalid_argument("body weight must be positive");
  const double w = body_weight_kg / drug.reference_body_weight_kg;
  const double cl = drug.clearance_L_per_day * std::pow(w, drug.clearance_weight_exponent);
  const double vc = drug.central_volume_L * std::pow(w, drug.central_volume_weight_exponent);
  const double q =
      drug.intercompartmental_L_per_day * std::pow(w, drug.intercompartmental_weight_exponent);
  const double vp = drug.peripheral_volume_L * std::pow(w, drug.peripheral_volume_weight_exponent);
  TwoCompartmentRates r;
  r.elimination_per_h = cl / vc / units::kHoursPerDay;
  r.central_to_peripheral_per_h = q / vc / units::kHoursPerDay;
  r.peripheral_to_central_per_h = q / vp / units::kHoursPerDay;
  r.central_volume_L = vc;
  r.peripheral_volume_L = vp;
  return r;
}

double terminal_half_life_days(const AntibodyDrug& drug, double body_weight_kg) {
  const TwoCompartmentRates r = individual_rates(drug, body_weight_kg);
  const double k10 = r.elimination_per_h * units::kHoursPerDay;
  const double k12 = r.central_to_peripheral_per_h * units::kHoursPerDay;
  const double k21 = r.peripheral_to_central_per_h * units::kHoursPerDay;
  // Eigenvalues of [[-(k10+k12), k21], [k12, -k21]] are -alpha, -beta with
  // alpha + beta = k10 + k12 + k21 and alpha * beta = k10 * k21. The smaller root is taken in
  // the cancellation-free form beta = 2 p / (s + sqrt(s^2 - 4 p)).
  const double s = k10 + k12 + k21;
  const double p = k10 * k21;
  const double beta = 2.0 * p / (s + std::sqrt(s * s - 4.0 * p));
  return std::numbers::ln2 / beta;
}

std::vector<DoseEvent> expand_schedule(const DoseSchedule& schedule,
                                       std::span<const AntibodyDrug> drugs, double body_weight_kg) {
  int index = -1;
  for (std::size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i].name == schedule.drug) index = static_cast<int>(i);
  }
  if (index < 0) throw ScenarioError("dose schedule names unknown drug '" + schedule.drug + "'");
  const bool flat = schedule.dose_mg > 0.0;
  const bool per_kg = schedule.dose_mg_per_kg > 0.0;
  if (flat == per_kg)
    throw ScenarioError("dose schedule of '" + schedule.drug +
                        "' needs exactly one of dose_mg and dose_mg_per_kg > 0");
  if (per_kg && !(body_weight_kg > 0.0))
    throw ScenarioError("a dose in mg/kg needs a positive body weight");
  if (schedule.count < 1) throw ScenarioError("dose schedule count must be at least 1");
  if (schedule.count > 1 && !(schedule.every_days > 0.0))
    throw ScenarioError("dose schedule of '" + schedule.drug +
                        "' repeats, so every_days must be > 0");
  if (schedule.start_day < 0.0 || schedule.infusion_min < 0.0)
    throw ScenarioError("dose schedule times must not be negative");

  const double amount_mg = flat ? schedule.dose_mg : schedule.dose_mg_per_kg * body_weight_kg;
  std::vector<DoseEvent> events;
  events.reserve(static_cast<std::size_t>(schedule.count));
  for (int i = 0; i < schedule.count; ++i) {
    DoseEvent e;
    e.drug = index;
    // Multiply rather than accumulate so dose times carry no summed rounding error.
    e.time_h = units::days_to_hours(schedule.start_day + i * schedule.every_days);
    e.amount_mg = amount_mg;
    e.infusion_h = schedule.infusion_min / units::kMinutesPerHour;
    events.push_back(e);
  }
  return events;
}

}  // namespace isv::model
