// Acceptance: an agent lesion and a mean-field lesion with the same parameters, in a
// well-mixed regime, agree on tumour burden at day 30. Both are driven directly with the same
// LesionInputs every step (no systemic model). See docs/mean_field.md, "Agreement".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/mean_field_lesion.hpp"

namespace isv::agents {
namespace {

constexpr double kStepH = 1.0;
constexpr int kDays = 30;
constexpr int kPulseDays = 10;          // T cells arrive during the first ten days
constexpr double kArrivalsPerH = 0.25;  // one cell every four steps
constexpr int kSeeds = 3;

// Well mixed: tumour cells scattered at random over the whole 32^3 lattice (5 % of voxels),
// no oxygen limitation, T cells entering evenly (no chemokine boost), walking without bias at
// 60 moves per step (about 11 voxels r.m.s. per hour, so each step's contacts are fresh).
// Slow tumour (8-day cycle) and a moderate T-cell dose: killing halves the burden without
// driving it near extinction, where the survivors would be a spatially selected minority.
LesionConfig well_mixed() {
  LesionConfig c;
  c.name = "well_mixed";
  c.lattice.nx = c.lattice.ny = c.lattice.nz = 32;
  c.lattice.voxel_um = 20.0;
  c.tumor.initial_radius_um = 32.0 * 20.0;  // covers the lattice
  c.tumor.doubling_time_days = 8.0;
  c.initial_fill_fraction = 0.05;
  c.oxygen.tumor_uptake_per_min = 0.0;
  c.immune.tcells.chemotaxis_bias = 0.0;
  c.immune.tcells.chemokine_entry_boost = 0.0;
  c.immune.tcells.speed_um_per_min = 20.0;
  c.immune.tcells.max_divisions = 2;
  return c;
}

LesionInputs inputs_at(int step) {
  LesionInputs in;
  const bool pulse = step < kPulseDays * 24;
  const auto due = [](int s) { return static_cast<std::int32_t>(std::floor(s * kArrivalsPerH)); };
  in.arriving_tcells = {pulse ? due(step + 1) - due(step) : 0};
  return in;
}

struct Burden {
  double day10 = 0.0;
  double day30 = 0.0;
};

template <class L>
Burden run(L& lesion) {
  Burden b;
  for (int step = 0; step < kDays * 24; ++step) {
    lesion.step(inputs_at(step));
    if (step + 1 == kPulseDays * 24) b.day10 = static_cast<double>(lesion.readouts().tumor_viable);
  }
  b.day30 = static_cast<double>(lesion.readouts().tumor_viable);
  return b;
}

struct Stats {
  double mean = 0.0;
  double sd = 0.0;
};

Stats stats(const std::vector<double>& v) {
  Stats s;
  for (const double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  for (const double x : v) s.sd += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(s.sd / static_cast<double>(v.size() - 1));
  return s;
}

TEST(MeanFieldAgreement, AgentAndMeanFieldAgreeOnTumourBurdenAtDay30) {
  const LesionConfig config = well_mixed();
  std::vector<double> day10, day30;
  for (int seed = 0; seed < kSeeds; ++seed) {
    Lesion agent(config, 100 + static_cast<std::uint64_t>(seed), kStepH);
    const Burden b = run(agent);
    day10.push_back(b.day10);
    day30.push_back(b.day30);
  }
  MeanFieldLesion mean_field(config, kStepH);
  const Burden mf = run(mean_field);
  MeanFieldLesion untreated(config, kStepH);
  for (int step = 0; step < kDays * 24; ++step) untreated.step();

  const Stats a10 = stats(day10), a30 = stats(day30);
  std::printf("day 10: agent %.1f +- %.1f (SD, %d seeds), mean field %.1f\n", a10.mean, a10.sd,
              kSeeds, mf.day10);
  std::printf("day 30: agent %.1f +- %.1f (SD, %d seeds), mean field %.1f, untreated %.1f\n",
              a30.mean, a30.sd, kSeeds, mf.day30, untreated.viable_cells());

  // The regime must exercise killing: the T-cell pulse removes a good part of the burden.
  EXPECT_LT(a30.mean, 0.6 * untreated.viable_cells());
  EXPECT_LT(mf.day30, 0.6 * untreated.viable_cells());

  // Tolerance: the mean field predicts the expected burden, so it must lie within three
  // standard errors of the agent mean, with the agent's run-to-run spread (clone sizes, kill
  // and division draws) estimated from the seeds; Poisson noise sqrt(n) is a floor on that
  // spread should the seeds agree by chance.
  auto tolerance = [](const Stats& s) {
    const double sd = std::max(s.sd, std::sqrt(s.mean));
    return 3.0 * sd / std::sqrt(static_cast<double>(kSeeds));
  };
  EXPECT_NEAR(mf.day30, a30.mean, tolerance(a30));
  EXPECT_NEAR(mf.day10, a10.mean, tolerance(a10));
}

}  // namespace
}  // namespace isv::agents
