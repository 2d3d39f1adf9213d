// Antibody pharmacokinetics inside the systemic model: terminal half-lives against the
// two-compartment eigenvalue and the published figures, dose-schedule expansion (flat and mg/kg),
// infusions delivering their full amount, exact bolus timing independent of the coupling step,
// agreement with the analytic bolus solution, and receptor occupancy.
#include "model/antibody_pk.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "model/systemic_model.hpp"

namespace isv::model {
namespace {

const std::vector<double> kNoAntigen{0.0};

AntibodyDrug library_drug(const std::string& name) {
  const std::optional<AntibodyDrug> d = find_antibody(name);
  EXPECT_TRUE(d.has_value()) << name;
  return d.value_or(AntibodyDrug{});
}

// Terminal half-life from the model's own trajectory: least-squares slope of ln C over days
// 60..120 after a single bolus, when the distribution phase has long died out.
double simulated_half_life_days(const AntibodyDrug& drug, double body_weight_kg) {
  SystemicModel m({drug}, {DoseEvent{0, 0.0, 1000.0, 0.0}}, LymphNodeParams{}, 1, body_weight_kg);
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int day = 1; day <= 120; ++day) {
    m.advance(24.0, kNoAntigen);
    if (day < 60) continue;
    const double y = std::log(m.drug_concentration_mg_per_L(0));
    n += 1;
    sx += day;
    sy += y;
    sxx += day * static_cast<double>(day);
    sxy += day * y;
  }
  const double slope_per_day = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return -std::numbers::ln2 / slope_per_day;
}

// ln 2 / lambda_z written out independently of the library: lambda_z is the smaller root of
// lambda^2 - (k10 + k12 + k21) lambda + k10 k21 = 0 with weight-scaled CL, Vc, Q, Vp.
double eigenvalue_half_life_days(const AntibodyDrug& d, double body_weight_kg) {
  const double w = body_weight_kg / d.reference_body_weight_kg;
  const double cl = d.clearance_L_per_day * std::pow(w, d.clearance_weight_exponent);
  const double vc = d.central_volume_L * std::pow(w, d.central_volume_weight_exponent);
  const double q =
      d.intercompartmental_L_per_day * std::pow(w, d.intercompartmental_weight_exponent);
  const double vp = d.peripheral_volume_L * std::pow(w, d.peripheral_volume_weight_exponent);
  const double k10 = cl / vc, k12 = q / vc, k21 = q / vp;
  const double s = k10 + k12 + k21;
  const double lambda_z = (s - std::sqrt(s * s - 4.0 * k10 * k21)) / 2.0;
  return std::numbers::ln2 / lambda_z;
}

TEST(AntibodyPk, LibraryHoldsTheSixCheckpointAntibodiesWithClassAffinities) {
  const std::vector<AntibodyDrug> lib = antibody_library();
  ASSERT_EQ(lib.size(), 7u);  // six checkpoint antibodies, then bevacizumab (anti-VEGF-A)
  EXPECT_EQ(lib.back().name, "bevacizumab");
  EXPECT_EQ(lib.back().target, CheckpointTarget::kVEGFA);
  for (const AntibodyDrug& d : lib) {
    SCOPED_TRACE(d.name);
    EXPECT_GE(d.molecular_weight_kDa, 140.0);  // IgG, about 145-149 kDa
    EXPECT_LE(d.molecular_weight_kDa, 150.0);
    if (d.target == CheckpointTarget::kVEGFA) continue;
    const double kd = d.target == CheckpointTarget::kPD1    ? 4.0
                      : d.target == CheckpointTarget::kPDL1 ? 0.4
                                                            : 18.2;
    EXPECT_EQ(d.kd_nM, kd);
  }
  EXPECT_FALSE(find_antibody("cemiplimab").has_value());
  EXPECT_EQ(parse_checkpoint_target("PD-L1"), CheckpointTarget::kPDL1);
  EXPECT_FALSE(parse_checkpoint_target("PDL1").has_value());
  EXPECT_EQ(parse_checkpoint_target("VEGF-A"), CheckpointTarget::kVEGFA);
}

// Acceptance: the simulated terminal half-life matches the one implied by the cited PK
// parameters within 1 % (the integrator is far better; 1e-4 is asserted). A patient of 70 kg,
// away from every reference weight, exercises the allometric scaling too.
TEST(AntibodyPk, SimulatedTerminalHalfLifeMatchesTwoCompartmentEigenvalue) {
  for (const AntibodyDrug& d : antibody_library()) {
    SCOPED_TRACE(d.name);
    const double expected = eigenvalue_half_life_days(d, 70.0);
    EXPECT_NEAR(simulated_half_life_days(d, 70.0) / expected, 1.0, 1.0e-4);
    EXPECT_NEAR(terminal_half_life_days(d, 70.0) / expected, 1.0, 1.0e-12);
  }
}

// The t1/2 column of ../shared/PARAMETER-SOURCES.md at each paper's reference patient: a typo
// in a library value moves the half-life and fails here. Durvalumab has no figure there;
// bevacizumab's is the typical-patient half-life of its own popPK source.
TEST(AntibodyPk, HalfLivesAtReferencePatientMatchPublishedFigures) {
  const struct {
    const char* name;
    double half_life_days;
  } published[] = {
      {"nivolumab", 20.9},    {"pembrolizumab", 25.8}, {"ipilimumab", 15.0}, {"tremelimumab", 17.4},
      {"atezolizumab", 27.0}, {"bevacizumab", 19.6}};  // Han 2016 abstract, typical 70 kg patient
  for (const auto& p : published) {
    SCOPED_TRACE(p.name);
    const AntibodyDrug d = library_drug(p.name);
    EXPECT_NEAR(simulated_half_life_days(d, d.reference_body_weight_kg) / p.half_life_days, 1.0,
                0.05);
  }
}

TEST(DoseSchedule, WeightBasedDosesScaleWithBodyWeightAndFlatDosesDoNot) {
  const std::vector<AntibodyDrug> drugs = antibody_library();
  DoseSchedule per_kg{"ipilimumab", 1.0, 21.0, 4, 0.0, 3.0, 90.0};
  for (double kg : {50.0, 80.0, 120.0}) {
    const std::vector<DoseEvent> events = expand_schedule(per_kg, drugs, kg);
    ASSERT_EQ(events.size(), 4u);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(events[i].drug, 4);  // ipilimumab's index in the library
      EXPECT_DOUBLE_EQ(events[i].amount_mg, 3.0 * kg);
      EXPECT_DOUBLE_EQ(events[i].time_h, 24.0 * (1.0 + 21.0 * i));
      EXPECT_DOUBLE_EQ(events[i].infusion_h, 1.5);
    }
  }
  const DoseSchedule flat{"nivolumab", 0.0, 14.0, 2, 240.0, 0.0, 0.0};
  EXPECT_DOUBLE_EQ(expand_schedule(flat, drugs, 50.0)[1].amount_mg, 240.0);
  EXPECT_DOUBLE_EQ(expand_schedule(flat, drugs, 120.0)[1].amount_mg, 240.0);

  // In the model the central compartment receives exactly the resolved amount.
  SystemicModel m(drugs, expand_schedule(DoseSchedule{"nivolumab", 0, 14, 1, 0, 3.0, 0}, drugs, 72),
                  LymphNodeParams{}, 1, 72.0);
  EXPECT_DOUBLE_EQ(m.state()[0], 216.0);
}

TEST(DoseSchedule, RejectsAmbiguousOrUnknownSchedules) {
  const std::vector<AntibodyDrug> drugs = antibody_library();
  EXPECT_THROW(expand_schedule({"nivolumab", 0, 14, 1, 240, 3, 30}, drugs, 70), ScenarioError);
  EXPECT_THROW(expand_schedule({"nivolumab", 0, 14, 1, 0, 0, 30}, drugs, 70), ScenarioError);
  EXPECT_THROW(expand_schedule({"nivo", 0, 14, 1, 240, 0, 30}, drugs, 70), ScenarioError);
  EXPECT_THROW(expand_schedule({"nivolumab", 0, 0, 3, 240, 0, 30}, drugs, 70), ScenarioError);
}

// A drug that is never eliminated keeps every milligram it was given, so the amount on board
// measures what the infusion delivered, also while the infusion straddles step boundaries.
TEST(SystemicPk, InfusionDeliversItsFullAmountAcrossSteps) {
  AntibodyDrug kept = library_drug("pembrolizumab");
  kept.clearance_L_per_day = 0.0;
  SystemicModel m({kept}, {DoseEvent{0, 0.5, 200.0, 1.5}}, LymphNodeParams{}, 1, 76.8);
  const auto on_board = [&] { return m.state()[0] + m.state()[1]; };
  m.advance(1.0, kNoAntigen);
  EXPECT_NEAR(on_board(), 200.0 * 0.5 / 1.5, 1.0e-9 * 200.0);
  for (int h = 0; h < 4; ++h) m.advance(1.0, kNoAntigen);
  EXPECT_NEAR(on_board(), 200.0, 1.0e-9 * 200.0);
}

// A bolus is given at its own time whether it falls inside a coupling step or on its boundary:
// one 48 h advance and 48 hourly advances end in the same state.
TEST(SystemicPk, BolusTimingDoesNotDependOnTheCouplingStep) {
  const std::vector<AntibodyDrug> drugs = {library_drug("nivolumab"), library_drug("ipilimumab")};
  const std::vector<DoseEvent> doses = {
      {0, 10.5, 240.0, 0.0}, {1, 24.0, 80.0, 0.0}, {0, 30.25, 100.0, 0.5}};
  SystemicModel once(drugs, doses, LymphNodeParams{}, 1, 70.0);
  SystemicModel hourly(drugs, doses, LymphNodeParams{}, 1, 70.0);
  once.advance(48.0, kNoAntigen);
  for (int h = 0; h < 48; ++h) hourly.advance(1.0, kNoAntigen);
  ASSERT_EQ(once.time_h(), hourly.time_h());
  for (std::size_t i = 0; i < once.state().size(); ++i)
    EXPECT_NEAR(once.state()[i], hourly.state()[i], 1.0e-7 * (1.0 + std::abs(once.state()[i])))
        << once.state_names()[i];
}

// Closed-form two-compartment bolus: A_c(t) = D [(alpha - k21) e^{-alpha t}
// - (beta - k21) e^{-beta t}] / (alpha - beta).
TEST(SystemicPk, BolusFollowsTheAnalyticBiexponential) {
  const AntibodyDrug d = library_drug("atezolizumab");
  const TwoCompartmentRates r = individual_rates(d, 90.0);
  const double k10 = r.elimination_per_h, k12 = r.central_to_peripheral_per_h,
               k21 = r.peripheral_to_central_per_h;
  const double s = k10 + k12 + k21, root = std::sqrt(s * s - 4.0 * k10 * k21);
  const double alpha = (s + root) / 2.0, beta = (s - root) / 2.0;
  SystemicModel m({d}, {DoseEvent{0, 0.0, 1200.0, 0.0}}, LymphNodeParams{}, 1, 90.0);
  for (int h = 1; h <= 21 * 24; ++h) {
    m.advance(1.0, kNoAntigen);
    if (h % 72 != 0) continue;
    const double t = h;
    const double exact =
        1200.0 * ((alpha - k21) * std::exp(-alpha * t) - (beta - k21) * std::exp(-beta * t)) /
        (alpha - beta);
    EXPECT_NEAR(m.state()[0] / exact, 1.0, 1.0e-7) << "t = " << t << " h";
  }
}

// Occupancy is C/(C + Kd) for one drug; two drugs on one target compete for one site.
TEST(SystemicPk, OccupancyFollowsConcentrationAndAffinity) {
  const std::vector<AntibodyDrug> drugs = {library_drug("nivolumab"),
                                           library_drug("pembrolizumab")};
  SystemicModel one({drugs[0]}, {DoseEvent{0, 0.0, 3.0, 0.0}}, LymphNodeParams{}, 1, 80.0);
  const double c = one.concentration_nM(CheckpointTarget::kPD1);
  EXPECT_NEAR(c, 3.0 / 3.63 * 1000.0 / 146.0, 1e-12);
  EXPECT_DOUBLE_EQ(one.occupancy(CheckpointTarget::kPD1), c / (c + 4.0));
  EXPECT_EQ(one.occupancy(CheckpointTarget::kPDL1), 0.0);

  SystemicModel two(drugs, {DoseEvent{0, 0.0, 3.0, 0.0}, DoseEvent{1, 0.0, 3.0, 0.0}},
                    LymphNodeParams{}, 1, 80.0);
  const double r1 = one.drug_concentration_mg_per_L(0) * 1000.0 / 146.0 / 4.0;
  const double r2 = two.drug_concentration_mg_per_L(1) * 1000.0 / 149.0 / 4.0;
  EXPECT_NEAR(two.occupancy(CheckpointTarget::kPD1), (r1 + r2) / (1.0 + r1 + r2), 1e-14);
  EXPECT_GT(two.occupancy(CheckpointTarget::kPD1), one.occupancy(CheckpointTarget::kPD1));
}

}  // namespace
}  // namespace isv::model
