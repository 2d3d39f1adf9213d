// Calibration of the untreated-growth population to Nathani et al. 2021
// (validation/growth_population.hpp, docs/calibration.md "Untreated growth").
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "analysis/priors.hpp"
#include "validation/growth_population.hpp"

namespace isv::validation::growth {
namespace {

double quantile_of(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

std::string machine() {
  utsname u{};
  return uname(&u) == 0 ? std::string(u.nodename) + " (" + u.machine + ")" : "unknown";
}

// Median and 10-90 % range of column j of the kept rows, for the summary and provenance.
std::string spread(const std::vector<double>& values, std::size_t dim, std::size_t j,
                   std::span<const std::size_t> rows) {
  std::vector<double> col;
  for (const std::size_t k : rows) col.push_back(values[k * dim + j]);
  char buf[128];
  std::snprintf(buf, sizeof buf, "median %.4g (10-90 %%: %.4g-%.4g)", quantile_of(col, 0.5),
                quantile_of(col, 0.1), quantile_of(col, 0.9));
  return buf;
}

}  // namespace

analysis::Population calibrate(std::size_t candidates, std::uint64_t seed,
                               const std::string& path) {
  const auto wall0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  const analysis::CopulaSpec spec = prior();
  const analysis::PlausiblePatients drawn =
      analysis::generate_plausible(spec, candidates, seed, plausible, 20 * candidates, "growth");
  std::vector<Patient> patients;
  for (std::size_t k = 0; k < drawn.size(); ++k)
    patients.push_back(patient_from(std::span<const double>(&drawn.values[3 * k], 3)));
  const std::vector<Measure> measures = simulate_all(patients);
  std::vector<double> growth;
  for (const Measure& m : measures) growth.push_back(m.growth_per_month());
  const analysis::ReadoutTarget target = nathani_target();
  const std::vector<std::size_t> kept = analysis::select_virtual_patients(target, growth, seed);
  const double cpu_s = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

  std::vector<double> net(drawn.size());
  for (std::size_t k = 0; k < drawn.size(); ++k)
    net[k] = drawn.values[3 * k + 1] - drawn.values[3 * k + 2];
  std::vector<std::size_t> all(drawn.size());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;

  analysis::Population pop;
  auto add = [&](const std::string& key, const std::string& value) {
    pop.provenance.emplace_back(key, value);
  };
  add("generator", "gaussian-copula + acceptance-rejection (isv_validate_growth --calibrate)");
  add("population", "advanced HCC, untreated growth (population lesions, no immunity)");
  add("seed", std::to_string(seed));
  std::string marginals;
  for (const analysis::PopulationParameter& p : spec.parameters)
    marginals += (marginals.empty() ? "" : "; ") + p.name + " " + analysis::describe(p.marginal) +
                 " in [" + analysis::exact_decimal(p.lower) + ", " +
                 analysis::exact_decimal(p.upper) + "]";
  add("marginals", marginals);
  add("correlation", "normal scores of proliferation and cell loss 0.995; diameter independent");
  add("plausibility", "net rate (proliferation - loss) <= ln 2 / 14 per day");
  add("candidates", std::to_string(drawn.candidates) + " drawn, " + std::to_string(drawn.size()) +
                        " plausible (" + std::to_string(drawn.out_of_bounds) + " out of bounds, " +
                        std::to_string(drawn.implausible) + " implausible)");
  add("readout",
      "growth per month ln(V2/V1)/(90 d / 30.44 d): volumes at day 0 and 90, 1 mm "
      "voxels, 24 h steps, defaults of model/population_params.hpp otherwise");
  add("targets", "Nathani et al. 2021 Gut 70:401: " + target.describe() +
                     " (edges ln 2 / {9, 4.6, 3} months)");
  add("selected", std::to_string(kept.size()) + " of " + std::to_string(drawn.size()));
  char cost[160];
  std::snprintf(cost, sizeof cost, "%zu patients simulated, %.1f CPU s, %.1f s wall on %s",
                drawn.size(), cpu_s, wall_s, machine().c_str());
  add("cost", cost);
  pop.names = {kDiameter, kProliferation, kLoss};
  for (const std::size_t k : kept) {
    pop.values.insert(pop.values.end(), &drawn.values[3 * k], &drawn.values[3 * k] + 3);
    pop.weights.push_back(1.0);
  }
  analysis::write_population(path, pop);

  std::printf("growth calibration: %s\n", cost);
  std::printf("  selected %zu of %zu plausible (%zu candidates)\n", kept.size(), drawn.size(),
              drawn.candidates);
  for (std::size_t j = 0; j < 3; ++j)
    std::printf("  %-28s plausible %s; selected %s\n", pop.names[j].c_str(),
                spread(drawn.values, 3, j, all).c_str(), spread(drawn.values, 3, j, kept).c_str());
  std::printf("  %-28s plausible %s; selected %s\n", "net rate per day",
              spread(net, 1, 0, all).c_str(), spread(net, 1, 0, kept).c_str());
  std::printf("  wrote %s\n", path.c_str());
  return pop;
}

}  // namespace isv::validation::growth
