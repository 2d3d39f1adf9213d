// Virtual anti-PD-1 trial on population lesions (see the header).
#include "validation/response_trial.hpp"

#include <tbb/parallel_for.h>

#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "scenarios/patient_lesion.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::validation::response {
namespace {

constexpr double kVoxelMm = 1.0;
// Domain edge over the initial diameter, first try; doubled while the lesion meets the edge.
constexpr double kDomainPerDiameter = 1.6;
constexpr std::int64_t kSampleEverySteps = 7;  // with the base scenario's 24 h steps

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path + ": cannot read the trial's base scenario");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The base text without its [[dose]] tables (they are the last tables of the file).
std::string without_doses(const std::string& text) {
  const auto at = text.find("[[dose]]");
  return at == std::string::npos ? text : text.substr(0, at);
}

}  // namespace

Regimen nivolumab_240_q2w() {
  return {"nivolumab 240 mg q2w",
          "[[dose]]\ndrug = \"nivolumab\"\nstart_day = 0\nevery_days = 14\ncount = 9\n"
          "dose_mg = 240\ninfusion_min = 30\n"};
}

Regimen pembrolizumab_200_q3w() {
  return {"pembrolizumab 200 mg q3w",
          "[[dose]]\ndrug = \"pembrolizumab\"\nstart_day = 0\nevery_days = 21\ncount = 6\n"
          "dose_mg = 200\ninfusion_min = 30\n"};
}

Outcome simulate(const Patient& p, const Regimen& regimen, const std::string& base_file) {
  const std::string text = without_doses(read_text(base_file)) + "\n" + regimen.dose_toml;
  for (double factor = kDomainPerDiameter; factor <= 8.0 * kDomainPerDiameter; factor *= 2.0) {
    const int n = static_cast<int>(std::ceil(p.diameter_mm * factor / kVoxelMm)) + 4;
    const std::string lesion = "lesions.target.";
    const std::vector<std::string> overrides = {
        lesion + "tumor.initial_radius_um=" + std::to_string(500.0 * p.diameter_mm),
        lesion + "lattice.voxel_um=" + std::to_string(1000.0 * kVoxelMm),
        lesion + "lattice.nx=" + std::to_string(n),
        lesion + "lattice.ny=" + std::to_string(n),
        lesion + "lattice.nz=" + std::to_string(n),
        lesion + "population.proliferation_rate_per_day=" + std::to_string(p.proliferation_per_day),
        lesion + "population.cell_loss_rate_per_day=" + std::to_string(p.loss_per_day),
        lesion + "population.ctl_expansion_rate_per_day=" + std::to_string(p.expansion_per_day)};
    const scenarios::Scenario scenario = scenarios::parse_scenario(text, base_file, overrides);
    scenarios::Simulation sim(scenario);
    model::ResponseInput in;
    in.target = {true};
    in.treated = {false};
    in.diameter_mm.resize(1);
    in.viable_diameter_mm.resize(1);
    const auto sample = [&] {
      const agents::LesionReadouts r = sim.lesions().front().readouts();
      in.sample_days.push_back(sim.time_h() / 24.0);
      in.diameter_mm[0].push_back(r.longest_diameter_mm);
      in.viable_diameter_mm[0].push_back(r.viable_diameter_mm);
    };
    sample();
    while (!sim.finished()) {
      sim.advance();
      // Weekly samples: every assessment day (a multiple of 42 days) is one.
      if (sim.step() % kSampleEverySteps == 0 || sim.finished()) sample();
    }
    if (!std::isnan(sim.boundary_reached_h().front())) continue;  // a larger domain
    const model::PatientResponse r = model::evaluate_response(in, scenario.response);
    Outcome o;
    o.best = r.recist.best_overall;
    o.final_change_percent = r.lesions.front().final_change_percent;
    return o;
  }
  throw std::runtime_error("response trial: a " + std::to_string(p.diameter_mm) +
                           " mm lesion outgrew every domain tried");
}

std::vector<Outcome> simulate_all(const std::vector<Patient>& patients, const Regimen& regimen,
                                  const std::string& base_file) {
  std::vector<Outcome> out(patients.size());
  tbb::parallel_for(std::size_t{0}, patients.size(),
                    [&](std::size_t k) { out[k] = simulate(patients[k], regimen, base_file); });
  return out;
}

std::vector<Patient> patients_of(const analysis::Population& population, const std::string& source,
                                 std::size_t count) {
  const std::vector<std::string> want = {kDiameter, kProliferation, kLoss, kExpansion};
  if (population.names != want)
    throw std::invalid_argument(source +
                                ": expected the columns initial_diameter_mm, "
                                "proliferation_rate_per_day, cell_loss_rate_per_day, "
                                "ctl_expansion_rate_per_day before the weight");
  const std::size_t rows = count == 0 ? population.size() : std::min(count, population.size());
  std::vector<Patient> out;
  for (std::size_t k = 0; k < rows; ++k) {
    const double* x = &population.values[4 * k];
    out.push_back({x[0], x[1], x[2], x[3]});
  }
  return out;
}

Rate objective_response(const std::vector<Outcome>& outcomes) {
  Rate r;
  r.patients = static_cast<int>(outcomes.size());
  for (const Outcome& o : outcomes)
    r.responders +=
        o.best == model::ResponseCategory::kCR || o.best == model::ResponseCategory::kPR;
  const double n = r.patients, k = r.responders;
  r.percent = n > 0 ? 100.0 * k / n : 0.0;
  // Clopper-Pearson: beta quantiles.
  r.lower = k > 0 ? 100.0 * boost::math::ibeta_inv(k, n - k + 1, 0.025) : 0.0;
  r.upper = k < n ? 100.0 * boost::math::ibeta_inv(k + 1, n - k, 0.975) : 100.0;
  return r;
}

}  // namespace isv::validation::response
