// Untreated growth of virtual HCC lesions (validation/growth_population.hpp).
#include "validation/growth_population.hpp"

#include <tbb/parallel_for.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "agents/lesion_config.hpp"
#include "agents/population_lesion.hpp"
#include "model/units.hpp"

namespace isv::validation::growth {
namespace {

using analysis::Distribution;

// Domain edge (voxels) for a lesion of diameter d growing at net rate r for the interval,
// with `margin` (relative) and 3 voxels on each side; odd, so the centre voxel is the centre.
int domain_voxels(const Patient& p, double margin) {
  const double r = std::max(0.0, p.proliferation_per_day - p.loss_per_day);
  const double d = p.diameter_mm * std::exp(r * kIntervalDays / 3.0) * margin;
  int n = static_cast<int>(std::ceil(d / kVoxelMm)) + 6;
  return n % 2 == 0 ? n + 1 : n;
}

}  // namespace

double Measure::growth_per_month() const {
  return std::log(volume2_mm3 / volume1_mm3) / (kIntervalDays / kDaysPerMonth);
}

double Measure::doubling_days() const {
  // Schwartz M. Cancer 1961;14:1272: VDT = t ln 2 / ln(V2 / V1).
  const double ratio = volume2_mm3 / volume1_mm3;
  if (!(ratio > 1.0)) return std::numeric_limits<double>::infinity();
  return kIntervalDays * std::numbers::ln2 / std::log(ratio);
}

analysis::CopulaSpec prior() {
  analysis::CopulaSpec spec;
  spec.parameters = {
      {kDiameter, Distribution::lognormal(30.0, 0.5), 10.0, 60.0},
      {kProliferation, Distribution::lognormal(0.1, 0.5), 0.01, 1.0},
      {kLoss, Distribution::lognormal(0.095, 0.5), 0.005, 1.0},
  };
  spec.correlation = analysis::SquareMatrix::identity(3);
  spec.correlation(1, 2) = spec.correlation(2, 1) = 0.995;
  return spec;
}

bool plausible(std::span<const double> x) { return x[1] - x[2] <= std::numbers::ln2 / 14.0; }

Patient patient_from(std::span<const double> x) { return {x[0], x[1], x[2]}; }

Measure simulate(const Patient& p) {
  for (const double margin : {1.15, 1.5, 2.0}) {
    agents::LesionConfig config;
    config.name = "hcc";
    const int n = domain_voxels(p, margin);
    config.lattice.nx = config.lattice.ny = config.lattice.nz = n;
    config.lattice.voxel_um = kVoxelMm * model::units::kUmPerMm;
    config.tumor.initial_radius_um = 0.5 * p.diameter_mm * model::units::kUmPerMm;
    config.population.proliferation_rate_per_day = p.proliferation_per_day;
    config.population.cell_loss_rate_per_day = p.loss_per_day;
    agents::PopulationLesion lesion(config, kStepH);
    Measure m;
    const agents::LesionReadouts before = lesion.readouts();
    m.volume1_mm3 = before.volume_mm3;
    m.diameter1_mm = before.longest_diameter_mm;
    const auto steps = static_cast<int>(std::lround(kIntervalDays * 24.0 / kStepH));
    for (int s = 0; s < steps; ++s) lesion.step();
    if (lesion.boundary_day() >= 0.0) continue;  // a larger domain
    const agents::LesionReadouts after = lesion.readouts();
    m.volume2_mm3 = after.volume_mm3;
    m.diameter2_mm = after.longest_diameter_mm;
    return m;
  }
  throw std::runtime_error("growth: a lesion of " + std::to_string(p.diameter_mm) +
                           " mm outgrew a domain of twice its expected size");
}

std::vector<Measure> simulate_all(std::span<const Patient> patients) {
  std::vector<Measure> out(patients.size());
  tbb::parallel_for(std::size_t{0}, patients.size(),
                    [&](std::size_t k) { out[k] = simulate(patients[k]); });
  return out;
}

analysis::ReadoutTarget nathani_target() {
  const double inf = std::numeric_limits<double>::infinity();
  const double ln2 = std::numbers::ln2;
  analysis::ReadoutTarget t;
  t.kind = analysis::ReadoutTarget::Kind::kHistogram;
  t.edges = {-inf, ln2 / 9.0, ln2 / 4.6, ln2 / 3.0, inf};
  t.probabilities = {0.376, 0.124, 0.15, 0.35};
  return t;
}

std::vector<Patient> patients_of(const analysis::Population& population,
                                 const std::string& source) {
  const char* want[] = {kDiameter, kProliferation, kLoss};
  if (population.names.size() != 3) {
    throw std::invalid_argument(source + ": expected the 3 columns " + kDiameter + ", " +
                                kProliferation + ", " + kLoss + " before the weight");
  }
  for (std::size_t j = 0; j < 3; ++j) {
    if (population.names[j] != want[j]) {
      throw std::invalid_argument(source + ": column " + std::to_string(j + 1) + " is '" +
                                  population.names[j] + "', expected '" + want[j] + "'");
    }
  }
  const analysis::CopulaSpec spec = prior();
  std::vector<Patient> out;
  for (std::size_t k = 0; k < population.size(); ++k) {
    const double* row = &population.values[3 * k];
    for (std::size_t j = 0; j < 3; ++j) {
      const analysis::PopulationParameter& q = spec.parameters[j];
      if (!(row[j] >= q.lower && row[j] <= q.upper)) {
        throw std::invalid_argument(
            source + ": patient " + std::to_string(k + 1) + ", column '" + q.name +
            "': " + analysis::exact_decimal(row[j]) + " is outside the plausible range [" +
            analysis::exact_decimal(q.lower) + ", " + analysis::exact_decimal(q.upper) + "]");
      }
    }
    out.push_back(patient_from(std::span<const double>(row, 3)));
  }
  return out;
}

}  // namespace isv::validation::growth
