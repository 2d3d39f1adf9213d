// Tumour growth through the whole scenario path (TOML → Simulation → Lesion): free growth at
// the configured doubling time, and oxygen limitation that arrests growth and leaves a
// necrotic core.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "agents/voxel_code.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

struct Sample {
  double t_days;
  agents::LesionReadouts r;
};

// Runs a scenario and samples the first lesion's read-outs every `every_steps` steps.
std::vector<Sample> run_sampled(const Scenario& sc, int every_steps) {
  Simulation sim(sc);
  std::vector<Sample> out;
  auto sample = [&] { out.push_back({sim.time_h() / 24.0, sim.lesions().front().readouts()}); };
  sample();
  while (!sim.finished()) {
    sim.advance();
    if (sim.step() % every_steps == 0 || sim.finished()) sample();
  }
  return out;
}

// Least-squares slope of ln(viable) against time over samples with t in [t0, t1] (per day).
double log_growth_rate_per_day(const std::vector<Sample>& s, double t0, double t1) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const Sample& x : s) {
    if (x.t_days < t0 - 1e-9 || x.t_days > t1 + 1e-9) continue;
    const double y = std::log(static_cast<double>(x.r.tumor_viable));
    n += 1;
    sx += x.t_days;
    sy += y;
    sxx += x.t_days * x.t_days;
    sxy += x.t_days * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

// A sparse seed of well-separated cells in a well-oxygenated 48³ lattice (960 um): every cell
// has free neighbours, so the population grows at the cell-cycle rate.
constexpr const char* kFreeGrowth = R"(
[run]
duration_days = 4.0
seed = 3
step_h = 1.0

[lesions.free]
initial_fill_fraction = 0.02

[lesions.free.lattice]
nx = 48
ny = 48
nz = 48
voxel_um = 20.0

[lesions.free.tumor]
initial_radius_um = 200.0
doubling_time_days = 1.0
doubling_time_cv = 0.05

[lesions.free.oxygen]
tumor_uptake_per_min = 0.0
)";

TEST(Growth, EarlyFreeGrowthMatchesTheConfiguredDoublingTime) {
  const Scenario sc = parse_scenario(kFreeGrowth, "free_growth.toml");
  const std::vector<Sample> s = run_sampled(sc, 3);
  ASSERT_GT(s.front().r.tumor_viable, 50) << "too few seed cells for a growth-rate fit";
  EXPECT_EQ(s.back().r.tumor_deaths_total, 0) << "nothing may die in free growth";
  EXPECT_EQ(s.back().r.tumor_hypoxic, 0) << "nothing may be hypoxic without uptake";
  // Fit over three doubling times after the first day (the seeded ages are uniform over the
  // cycle, not the asynchronous steady distribution, so the first day is a transient).
  const double rate = log_growth_rate_per_day(s, 1.0, 4.0);
  const double doubling_days = std::log(2.0) / rate;
  EXPECT_NEAR(doubling_days, 1.0, 0.10) << "fitted doubling time " << doubling_days << " days";
  const double fold = static_cast<double>(s.back().r.tumor_viable) / s.front().r.tumor_viable;
  EXPECT_GT(fold, 12.0) << "four doubling times should give about 16-fold";
  EXPECT_LT(fold, 20.0);
}

// A compact tumour in tissue whose oxygen tension (about 28 mmHg) is ample for single cells
// but not for a consuming cluster: strong uptake (a cell's own oxygen-depletion length,
// sqrt(D / uptake), is one voxel) drives the whole tumour hypoxic, so it stops growing, and its
// centre anoxic, so a necrotic core forms. The same lesion without uptake keeps growing.
//
// Note: with weaker limitation this model does not plateau; a limited tumour keeps growing by
// sparse, well-oxygenated protrusions (diffusion-limited growth) instead of arresting.
std::string oxygen_limited(double uptake_per_min) {
  return R"(
[run]
duration_days = 7.0
seed = 5
step_h = 2.0

[lesions.limited.lattice]
nx = 32
ny = 32
nz = 32
voxel_um = 20.0

[lesions.limited.tumor]
initial_radius_um = 100.0
doubling_time_days = 1.0
doubling_time_cv = 0.1
debris_clearance_days = 30.0

[lesions.limited.perfusion]
vessel_regression_days = 0.25

[lesions.limited.oxygen]
blood_mmHg = 28.0
supply_rate_per_min = 50.0
tumor_uptake_per_min = )" +
         std::to_string(uptake_per_min) + "\n";
}

// Mean distance (um) from the lattice centre of the voxels holding `code`.
double mean_distance_um(const agents::Lesion& lesion, agents::VoxelCode code) {
  std::vector<std::uint8_t> codes(static_cast<std::size_t>(lesion.lattice().size()));
  lesion.cell_state_codes(codes);
  const model::Lattice& lat = lesion.lattice();
  const auto centre = lat.centre_um(lat.index(lat.centre_voxel()));
  double sum = 0.0;
  std::int64_t n = 0;
  for (std::int32_t v = 0; v < lat.size(); ++v) {
    if (codes[v] != static_cast<std::uint8_t>(code)) continue;
    const auto c = lat.centre_um(v);
    sum += std::hypot(c[0] - centre[0], c[1] - centre[1], c[2] - centre[2]);
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

TEST(Growth, OxygenLimitationArrestsGrowthAndLeavesANecroticCore) {
  const Scenario limited_sc = parse_scenario(oxygen_limited(250.0), "limited.toml");
  const Scenario free_sc = parse_scenario(oxygen_limited(0.0), "unlimited.toml");
  Simulation limited(limited_sc), free(free_sc);
  std::vector<agents::LesionReadouts> a, b;  // one per day
  while (!limited.finished()) {
    if (limited.step() % 12 == 0) {
      a.push_back(limited.lesions().front().readouts());
      b.push_back(free.lesions().front().readouts());
    }
    limited.advance();
    free.advance();
  }
  a.push_back(limited.lesions().front().readouts());
  b.push_back(free.lesions().front().readouts());
  ASSERT_EQ(a.size(), 8u);  // days 0..7
  const agents::LesionReadouts &a4 = a[4], &a7 = a[7], &b4 = b[4], &b7 = b[7];

  const double limited_change =
      static_cast<double>(a7.tumor_viable - a4.tumor_viable) / static_cast<double>(a4.tumor_viable);
  const double free_change =
      static_cast<double>(b7.tumor_viable - b4.tumor_viable) / static_cast<double>(b4.tumor_viable);
  EXPECT_LT(std::fabs(limited_change), 0.05)
      << "viable " << a4.tumor_viable << " at day 4, " << a7.tumor_viable << " at day 7";
  EXPECT_GT(free_change, 0.5) << "without uptake the same tumour must keep growing";
  EXPECT_GT(a7.tumor_viable, 0) << "the tumour must not be wiped out";
  EXPECT_GT(a7.tumor_hypoxic, a7.tumor_viable * 9 / 10) << "the arrest is by hypoxia";
  EXPECT_EQ(b7.tumor_hypoxic, 0);
  EXPECT_EQ(b7.tumor_deaths_total, 0);

  // Necrosis: debris fills the centre, viable cells surround it.
  EXPECT_GT(a7.tumor_dead, 20) << "a necrotic core (debris) must have formed";
  EXPECT_EQ(a7.tumor_dead, a7.tumor_deaths_total) << "no debris clears within 30 days";
  const agents::Lesion& lesion = *limited.lesions().front().agent();
  EXPECT_LT(mean_distance_um(lesion, agents::VoxelCode::kDebris),
            mean_distance_um(lesion, agents::VoxelCode::kTumorHypoxic))
      << "debris must lie inside the viable rim";
}

}  // namespace
}  // namespace isv::scenarios
