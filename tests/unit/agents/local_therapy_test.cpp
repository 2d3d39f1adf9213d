// Locoregional therapies other than the flow cut: TARE dose against the decay integral and its
// LQ survival, TACE drug release and chemotherapy kill, and the mass ledger of an injection.
#include "agents/local_therapy.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/radionuclide_dose.hpp"
#include "agents/treatment_zone.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

constexpr double kY90HalfLifeH = 64.1;

LesionConfig small_lesion(double radius_um) { return test::cube_lesion("local", 24, radius_um); }

// A 2-D lesion (one plane of voxels): cheap enough for hundreds of cells over many steps.
LesionConfig flat_lesion(double radius_um) {
  LesionConfig c = small_lesion(radius_um);
  c.lattice.nx = c.lattice.ny = 40;
  c.lattice.nz = 1;
  return c;
}

std::vector<std::int32_t> sphere_voxels(const model::Lattice& lat, double radius_um) {
  return test::sphere_voxels(lat, test::centre_of(lat), radius_um);
}

RadionuclideDelivery y90(double dose_gy) {
  RadionuclideDelivery d;
  d.total_dose_gy = dose_gy;
  d.half_life_h = kY90HalfLifeH;
  d.repair_half_time_h = 1.5;
  return d;
}

// Summed closed-form increments over any step equal the decay integral ∫ R0 e^{-λt} dt, which
// a fine midpoint quadrature confirms independently; to full decay Q -> G D², G = λ/(λ+μ).
TEST(Tare, DoseIncrementsMatchTheDecayIntegral) {
  const RadionuclideDelivery d = y90(120.0);
  const double lambda = std::numbers::ln2 / kY90HalfLifeH;
  for (const double dt_h : {0.25, 1.0, 6.0}) {
    double dose = 0.0;
    const int steps = static_cast<int>(std::lround(500.0 / dt_h));
    for (int s = 0; s < steps; ++s) dose += dose_increment(d, s * dt_h, (s + 1) * dt_h).dose_gy;
    const double exact = d.total_dose_gy * (1.0 - std::exp(-lambda * steps * dt_h));
    EXPECT_NEAR(dose, exact, 1e-12 * exact) << "dt = " << dt_h;
    EXPECT_NEAR(dose, dose_delivered_gy(d, steps * dt_h), 1e-12 * exact);
  }
  double quadrature = 0.0;
  const double h = 1e-3;
  for (double t = 0.5 * h; t < 500.0; t += h)
    quadrature += d.total_dose_gy * lambda * std::exp(-lambda * t) * h;
  EXPECT_NEAR(quadrature, dose_delivered_gy(d, 500.0), 1e-7 * quadrature);

  const double mu = std::numbers::ln2 / d.repair_half_time_h;
  double q = 0.0;
  for (int s = 0; s < 64 * 30; ++s) q += dose_increment(d, s, s + 1.0).quadratic_gy2;
  const double g = lambda / (lambda + mu);
  EXPECT_NEAR(q, g * d.total_dose_gy * d.total_dose_gy, 1e-6 * q);
}

// The lattice receives the same dose: every territory voxel, nothing outside.
TEST(Tare, LesionReceivesTheDecayIntegral) {
  Lesion lesion(flat_lesion(0.0), 1, 1.0);
  const std::vector<std::int32_t> territory = sphere_voxels(lesion.lattice(), 80.0);
  lesion.implant_radionuclide(y90(150.0));  // no voxels: checks empty territories are harmless
  RadionuclideDelivery d = y90(150.0);
  d.voxels = territory;
  lesion.step();  // the delivery starts one step later than the empty one
  const double start_h = lesion.time_h();
  lesion.implant_radionuclide(d);
  const int steps = 200;
  for (int s = 0; s < steps; ++s) lesion.step();
  d.start_h = start_h;
  const double exact = dose_delivered_gy(d, lesion.time_h());
  EXPECT_NEAR(lesion.local_therapy().radionuclide_dose_gy()[1], exact, 1e-12 * exact);
  const std::span<const float> dose = lesion.local_therapy().absorbed_dose_gy();
  for (const std::int32_t v : territory) ASSERT_NEAR(dose[v], exact, 2e-5 * exact);
  EXPECT_EQ(dose[0], 0.0f);
}

// Non-dividing cells in the territory survive to time t with probability
// exp(-(α D(t) + β Q(t))), Q -> G D² over the whole decay, within binomial error; every death
// is a radiation death. Long (12-h) steps: the increments are exact whatever the step.
TEST(Tare, SurvivalFollowsLowDoseRateLinearQuadratic) {
  LesionConfig cfg = flat_lesion(300.0);
  cfg.tumor.doubling_time_days = 3650.0;  // no divisions during the test
  cfg.oxygen.tumor_uptake_per_min = 0.0;  // no hypoxic deaths
  const double step_h = 12.0;
  Lesion lesion(cfg, 21, step_h);
  RadionuclideDelivery d = y90(30.0);
  d.alpha_per_gy = 0.03;
  d.beta_per_gy2 = 0.003;
  d.voxels = lesion.lesion_voxels();
  const auto n0 = static_cast<double>(lesion.tumor().size());
  lesion.implant_radionuclide(d);
  const int steps = 40;  // 7.5 half-lives
  for (int s = 0; s < steps; ++s) lesion.step();
  const DoseIncrement total = dose_increment(d, 0.0, steps * step_h);
  const double p = std::exp(-log_kill(d, total));
  EXPECT_GT(total.dose_gy, 0.99 * d.total_dose_gy);
  const double survivors = static_cast<double>(lesion.tumor().size());
  EXPECT_NEAR(survivors / n0, p, 4.0 * std::sqrt(p * (1.0 - p) / n0));
  EXPECT_EQ(lesion.deaths_by_mode(DeathMode::kRadiation), lesion.readouts().tumor_deaths_total);
}

DrugDeposit doxorubicin(std::vector<std::int32_t> voxels) {
  DrugDeposit dox;
  dox.name = "doxorubicin";
  dox.unit = "uM";
  dox.voxels = std::move(voxels);
  dox.amount_per_voxel = 170.0;
  dox.transport.diffusion_um2_per_min = 600.0;
  dox.transport.decay_per_h = 0.1;
  dox.transport.release_half_time_h = 240.0;
  dox.kill = {0.05, 1.0, 1.0};
  return dox;
}

// The depot empties with its release half-time; cells die of the drug only (oxygen kept high).
TEST(Tace, DrugReleasesWithHalfTimeAndKillsByChemotherapy) {
  LesionConfig cfg = flat_lesion(200.0);
  cfg.oxygen.tumor_uptake_per_min = 0.0;
  Lesion lesion(cfg, 9, 1.0);
  DrugDeposit dox = doxorubicin(lesion.lesion_voxels());
  dox.transport.release_half_time_h = 24.0;
  const int k = lesion.deposit_drug(dox);
  const double deposited = lesion.local_therapy().drug(k).ledger().deposited;
  for (int s = 0; s < 48; ++s) lesion.step();
  const DrugLedger& ledger = lesion.local_therapy().drug(k).ledger();
  EXPECT_NEAR(ledger.in_depot / deposited, 0.25, 1e-5);
  EXPECT_NEAR(ledger.imbalance() / deposited, 0.0, 1e-4);
  EXPECT_GT(lesion.deaths_by_mode(DeathMode::kChemotherapy), 0);
  EXPECT_EQ(lesion.deaths_by_mode(DeathMode::kChemotherapy), lesion.readouts().tumor_deaths_total);
}

// An injected deposit: everything put in is in the field, gone to blood, decayed or (open
// lattice) gone through the faces; with closed faces nothing leaves that way.
TEST(Injection, ConservesMass) {
  for (const bool open : {false, true}) {
    Lesion lesion(flat_lesion(60.0), 4, 1.0);
    DrugDeposit agonist;
    agonist.name = "tlr_agonist";
    agonist.unit = "nM";
    agonist.voxels = sphere_voxels(lesion.lattice(), 60.0);
    agonist.amount_per_voxel = 1000.0;
    agonist.transport.diffusion_um2_per_min = 300.0;
    agonist.transport.decay_per_h = 0.02;
    agonist.transport.leak_to_blood_per_h = 0.05;
    agonist.transport.open_boundary = open;
    agonist.damp_equivalent_per_unit = 1e-3;
    const int k = lesion.deposit_drug(agonist);
    for (int s = 0; s < 48; ++s) lesion.step();
    const DrugLedger& ledger = lesion.local_therapy().drug(k).ledger();
    EXPECT_NEAR(ledger.imbalance() / ledger.deposited, 0.0, 1e-4) << "open = " << open;
    if (open) {
      EXPECT_GT(ledger.through_faces, 0.0);  // the lattice is small: most leaves by the faces
    } else {
      EXPECT_EQ(ledger.through_faces, 0.0);
      // Closed box: blood and decay share the loss in proportion to their rates.
      EXPECT_NEAR(ledger.to_blood / ledger.decayed, 0.05 / 0.02, 1e-3);
    }
    EXPECT_GT(
        lesion.local_therapy().danger_at(lesion.lattice().index(lesion.lattice().centre_voxel())),
        0.0f);
  }
}

std::vector<std::uint32_t> run_all_local(int threads) {
  tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
  LesionConfig cfg = small_lesion(100.0);
  Lesion lesion(cfg, 17, 1.0);
  for (int s = 0; s < 4; ++s) lesion.step();
  const std::vector<std::int32_t> territory = lesion.lesion_voxels();
  lesion.embolize({territory, 0.0, 0.8, 96.0});
  lesion.deposit_drug(doxorubicin(territory));
  RadionuclideDelivery d = y90(60.0);
  d.alpha_per_gy = 0.05;
  d.beta_per_gy2 = 0.005;
  d.voxels = territory;
  lesion.implant_radionuclide(d);
  for (int s = 0; s < 12; ++s) lesion.step();
  std::vector<std::uint32_t> out;
  for (const std::uint64_t id : lesion.tumor().id) out.push_back(static_cast<std::uint32_t>(id));
  for (const std::span<const float> f :
       {lesion.oxygen_mmHg(), lesion.local_therapy().drug(0).concentration(),
        lesion.local_therapy().absorbed_dose_gy()}) {
    for (const float x : f) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, &x, sizeof bits);
      out.push_back(bits);
    }
  }
  return out;
}

TEST(LocalTherapy, BitIdenticalAtOneAndTwoThreads) {
  EXPECT_TRUE(run_all_local(1) == run_all_local(2));
}

}  // namespace
}  // namespace isv::agents
