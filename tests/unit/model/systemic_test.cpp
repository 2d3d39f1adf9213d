// The lymph-node / blood part of the systemic model: the 2^n effector burst per activated
// precursor, CTLA-4 blockade raising priming, no antigen meaning no priming, conservation of
// blood effectors under withdrawal and return, state naming, checkpoint restarts and input
// validation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/antibody_pk.hpp"
#include "model/errors.hpp"
#include "model/systemic_model.hpp"

namespace isv::model {
namespace {

// No death, no memory, no replenishment, antigen gone within hours: every activated precursor
// must come out as exactly 2^n blood effectors.
LymphNodeParams lossless_node(int divisions) {
  LymphNodeParams p;
  p.divisions = divisions;
  p.memory_fraction = 0.0;
  p.effector_blood_death_rate_per_day = 0.0;
  p.memory_death_rate_per_day = 0.0;
  p.naive_replenishment_rate_per_day = 0.0;
  p.antigen_clearance_per_day = 24.0;
  return p;
}

// A 6 h antigen pulse into specificity 0, then `days` of hourly steps without antigen.
void pulse_then_wait(SystemicModel& m, double cell_eq_per_h, int days) {
  std::vector<double> in(static_cast<std::size_t>(m.antigen_count()), 0.0);
  in[0] = cell_eq_per_h;
  for (int h = 0; h < 6; ++h) m.advance(1.0, in);
  in[0] = 0.0;
  for (int h = 6; h < days * 24; ++h) m.advance(1.0, in);
}

TEST(LymphNode, EachActivatedPrecursorYieldsTwoToTheNEffectors) {
  for (int n : {1, 8, 12}) {
    SCOPED_TRACE(n);
    const LymphNodeParams p = lossless_node(n);
    SystemicModel m({}, {}, p, 2, 70.0);
    // Part way through: cells in generation i are worth 2^(n-i) future effectors, so
    // blood + weighted chain = 2^n x activated at every moment (a linear invariant).
    pulse_then_wait(m, 1.0e4, 3);
    const double activated_early = p.naive_precursors_per_specificity - m.naive_cells(0);
    double weighted = m.blood_effectors(0);
    for (int i = 0; i < n; ++i) weighted += std::ldexp(m.primary_expansion_cells(0)[i], n - i);
    EXPECT_NEAR(weighted / std::ldexp(activated_early, n), 1.0, 1.0e-9);

    // After 80 days the Erlang(n, 1/day) delay has emptied the chain.
    for (int h = 0; h < 77 * 24; ++h) m.advance(1.0, std::vector<double>{0.0, 0.0});
    const double activated = p.naive_precursors_per_specificity - m.naive_cells(0);
    EXPECT_GT(activated, 100.0);
    EXPECT_NEAR(m.blood_effectors(0) / std::ldexp(activated, n), 1.0, 1.0e-6);
    // The specificity that saw no antigen stayed untouched.
    EXPECT_EQ(m.naive_cells(1), p.naive_precursors_per_specificity);
    EXPECT_EQ(m.blood_effectors(1), 0.0);
  }
}

TEST(LymphNode, MemoryFractionSplitsTheBurstBetweenBloodAndMemory) {
  LymphNodeParams p = lossless_node(8);
  p.memory_fraction = 0.1;
  SystemicModel m({}, {}, p, 1, 70.0);
  pulse_then_wait(m, 1.0e4, 80);
  const double burst = std::ldexp(p.naive_precursors_per_specificity - m.naive_cells(0), 8);
  EXPECT_NEAR(m.blood_effectors(0) / (0.9 * burst), 1.0, 1.0e-6);
  EXPECT_NEAR((m.memory_precursor_cells(0) + m.memory_cells(0)) / (0.1 * burst), 1.0, 1.0e-6);
}

// Precursors activated within two days of a weak, steady antigen supply, after an ipilimumab
// bolus of `dose_mg` at t = 0.
double activated_with_ipilimumab(double dose_mg, double* occupancy) {
  std::vector<DoseEvent> doses;
  if (dose_mg > 0.0) doses.push_back({0, 0.0, dose_mg, 0.0});
  // Far below half-maximal antigen, so that priming does not use up the naive pool and the
  // CTLA-4 boost shows in full.
  LymphNodeParams ln;
  ln.antigen_half_max_cell_eq = 1.0e4;
  SystemicModel m({find_antibody("ipilimumab").value()}, doses, ln, 1, 80.0);
  *occupancy = m.occupancy(CheckpointTarget::kCTLA4);
  for (int h = 0; h < 48; ++h) m.advance(1.0, std::vector<double>{1.0});
  return ln.naive_precursors_per_specificity - m.naive_cells(0);
}

TEST(LymphNode, CtlaFourBlockadeRaisesPrimingMonotonically) {
  double last_activated = 0.0, last_occupancy = -1.0;
  for (double dose_mg : {0.0, 1.0, 10.0, 100.0, 1000.0}) {
    SCOPED_TRACE(dose_mg);
    double occupancy = 0.0;
    const double activated = activated_with_ipilimumab(dose_mg, &occupancy);
    EXPECT_GT(occupancy, last_occupancy);
    EXPECT_GT(activated, last_activated);
    last_activated = activated;
    last_occupancy = occupancy;
  }
  // Near-full occupancy approaches the (1 + boost) = 3-fold ceiling of the default parameters.
  double occ0 = 0.0, occ_full = 0.0;
  const double ratio =
      activated_with_ipilimumab(1000.0, &occ_full) / activated_with_ipilimumab(0.0, &occ0);
  EXPECT_GT(ratio, 2.5);
  EXPECT_LT(ratio, 3.0);
}

TEST(LymphNode, NoAntigenMeansNoActivationEvenUnderBlockade) {
  const LymphNodeParams p;
  SystemicModel m({find_antibody("ipilimumab").value(), find_antibody("nivolumab").value()},
                  {{0, 0.0, 1000.0, 0.0}, {1, 0.0, 480.0, 0.5}}, p, 3, 80.0);
  for (int h = 0; h < 30 * 24; ++h) m.advance(1.0, std::vector<double>(3, 0.0));
  EXPECT_GT(m.occupancy(CheckpointTarget::kCTLA4), 0.9);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(m.naive_cells(k), p.naive_precursors_per_specificity);
    EXPECT_EQ(m.lymph_node_antigen_cell_eq(k), 0.0);
    for (double x : m.primary_expansion_cells(k)) EXPECT_EQ(x, 0.0);
    for (double x : m.secondary_expansion_cells(k)) EXPECT_EQ(x, 0.0);
    EXPECT_EQ(m.blood_effectors(k), 0.0);
    EXPECT_EQ(m.memory_precursor_cells(k), 0.0);
    EXPECT_EQ(m.memory_cells(k), 0.0);
  }
}

// A second encounter with the same antigen, months later, recruits the memory pool: the
// response 10 days into the second pulse is several times that of the first.
TEST(LymphNode, MemoryGivesAStrongerRecallResponse) {
  SystemicModel m({}, {}, LymphNodeParams{}, 1, 70.0);
  const auto pulse_and_measure = [&] {  // 24 h of antigen, then effectors on day 10
    for (int h = 0; h < 24; ++h) m.advance(1.0, std::vector<double>{1000.0});
    for (int h = 24; h < 240; ++h) m.advance(1.0, std::vector<double>{0.0});
    return m.blood_effectors(0);
  };
  const double primary = pulse_and_measure();
  for (int h = 240; h < 150 * 24; ++h) m.advance(1.0, std::vector<double>{0.0});
  ASSERT_GT(m.memory_cells(0), 1000.0);
  const double recall = pulse_and_measure();
  EXPECT_GT(recall, 5.0 * primary);
}

// Persistent antigen cannot make the T-cell pools grow without bound: every effector descends
// from a naive precursor through at most one primary and one recall burst.
TEST(LymphNode, PersistentAntigenGivesABoundedResponse) {
  const LymphNodeParams p;
  SystemicModel m({}, {}, p, 1, 70.0);
  const double precursors_ever =
      p.naive_precursors_per_specificity * (1.0 + p.naive_replenishment_rate_per_day * 200.0);
  const double burst = std::ldexp(1.0, p.divisions);
  const double bound = precursors_ever * burst * (1.0 + p.memory_fraction * burst);
  double peak = 0.0;
  for (int h = 0; h < 200 * 24; ++h) {
    m.advance(1.0, std::vector<double>{1000.0});
    peak = std::max(peak, m.blood_effectors(0) + m.memory_precursor_cells(0) + m.memory_cells(0));
  }
  EXPECT_GT(peak, precursors_ever);  // there was a response
  EXPECT_LT(peak, bound);
}

TEST(BloodPool, WithdrawalAndReturnConserveCells) {
  SystemicModel m({}, {}, lossless_node(8), 1, 70.0);
  pulse_then_wait(m, 1.0e4, 15);
  const double before = m.blood_effectors(0);
  ASSERT_GT(before, 1000.0);
  m.remove_blood_effectors(0, 700.0);
  EXPECT_DOUBLE_EQ(m.blood_effectors(0) + 700.0, before);
  m.return_blood_effectors(0, 200.0);
  EXPECT_DOUBLE_EQ(m.blood_effectors(0) + 500.0, before);

  const double pool = m.blood_effectors(0);
  EXPECT_THROW(m.remove_blood_effectors(0, pool * 1.0000001), std::logic_error);
  EXPECT_EQ(m.blood_effectors(0), pool);  // a refused withdrawal changes nothing
  EXPECT_THROW(m.remove_blood_effectors(0, -1.0), std::invalid_argument);
  EXPECT_THROW(m.return_blood_effectors(0, -1.0), std::invalid_argument);
  EXPECT_THROW(m.remove_blood_effectors(1, 1.0), std::out_of_range);
  m.remove_blood_effectors(0, pool);
  EXPECT_EQ(m.blood_effectors(0), 0.0);
}

TEST(SystemicModel, EveryStateHasAUniqueName) {
  SystemicModel m(antibody_library(), {}, LymphNodeParams{}, 64, 70.0);
  const std::vector<std::string> names = m.state_names();
  ASSERT_EQ(names.size(), m.state().size());
  EXPECT_EQ(names.size(), 7u * 2u + 64u * (2u * 8u + 5u));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  EXPECT_EQ(names[0], "nivolumab_central_mg");
  EXPECT_EQ(names[11], "tremelimumab_peripheral_mg");
  EXPECT_EQ(names[13], "bevacizumab_peripheral_mg");
  EXPECT_EQ(names[14], "antigen00_ln_antigen_cell_eq");
  EXPECT_EQ(names[15], "antigen00_naive_cells");
  EXPECT_EQ(names[16], "antigen00_primary00_cells");
  EXPECT_EQ(names[24], "antigen00_secondary00_cells");
  EXPECT_EQ(names.back(), "antigen63_memory_cells");
}

// A model restored from (time, state) continues bit for bit, as checkpoints require.
TEST(SystemicModel, RestoredModelContinuesBitForBit) {
  const std::vector<AntibodyDrug> drugs = {find_antibody("tremelimumab").value()};
  const std::vector<DoseEvent> doses = {{0, 5.5, 75.0, 1.0}, {0, 30.0, 75.0, 0.0}};
  const std::vector<double> in = {50.0, 5.0};
  SystemicModel a(drugs, doses, LymphNodeParams{}, 2, 70.0);
  for (int h = 0; h < 24; ++h) a.advance(1.0, in);
  SystemicModel b(drugs, doses, LymphNodeParams{}, 2, 70.0);
  const std::vector<double> saved(a.state().begin(), a.state().end());
  b.restore(a.time_h(), saved);
  for (int h = 0; h < 24; ++h) {
    a.advance(1.0, in);
    b.advance(1.0, in);
  }
  ASSERT_EQ(a.state().size(), b.state().size());
  EXPECT_EQ(std::memcmp(a.state().data(), b.state().data(), a.state().size() * sizeof(double)), 0);
  EXPECT_THROW(b.restore(0.0, std::vector<double>(3, 0.0)), std::invalid_argument);
}

TEST(SystemicModel, RejectsInconsistentInput) {
  const std::vector<AntibodyDrug> lib = antibody_library();
  EXPECT_THROW(SystemicModel({}, {}, LymphNodeParams{}, 0, 70.0), ScenarioError);
  EXPECT_THROW(SystemicModel({}, {}, LymphNodeParams{}, 65, 70.0), ScenarioError);
  EXPECT_THROW(SystemicModel({}, {}, LymphNodeParams{}, 1, 0.0), ScenarioError);
  const int past_end = static_cast<int>(lib.size());  // no such drug
  EXPECT_THROW(SystemicModel(lib, {{past_end, 0.0, 1.0, 0.0}}, LymphNodeParams{}, 1, 70.0),
               ScenarioError);
  EXPECT_THROW(SystemicModel(lib, {{0, -1.0, 1.0, 0.0}}, LymphNodeParams{}, 1, 70.0),
               ScenarioError);
  EXPECT_THROW(SystemicModel({lib[0], lib[0]}, {}, LymphNodeParams{}, 1, 70.0), ScenarioError);
  LymphNodeParams bad;
  bad.memory_fraction = 1.5;
  EXPECT_THROW(SystemicModel({}, {}, bad, 1, 70.0), ScenarioError);
  SystemicModel m({}, {}, LymphNodeParams{}, 2, 70.0);
  EXPECT_THROW(m.advance(1.0, std::vector<double>{1.0}), std::invalid_argument);
  EXPECT_THROW(m.advance(1.0, std::vector<double>{1.0, -1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace isv::model
