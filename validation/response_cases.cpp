// Anti-PD-1 monotherapy in advanced HCC on the shipped virtual population
// (scenarios/populations/advanced_hcc.csv): objective response rate by RECIST 1.1.
//   calibrated on: nivolumab ORR 20 % (95 % CI 15-26 %), El-Khoueiry et al. 2017, Lancet
//     389:2492 (CheckMate 040, dose-expansion cohort, 214 patients). One parameter, the median
//     of the per-patient in-tumour effector expansion rate, is set by --calibrate so that the
//     first kCalibrationPatients reach it.
//   validation only (full mode): pembrolizumab ORR 17 % (95 % CI 11-26 %), Zhu et al. 2018,
//     Lancet Oncol 19:940 (KEYNOTE-224, 104 patients); and the share of responses that are
//     complete (CheckMate 040 dose expansion: 3 CR among 42 responses, 7 %), a known misfit.
// Usage: isv_validate_response [--quick] [--case NAME] [--tsv FILE] [--population FILE]
//        isv_validate_response --calibrate GROWTH_POPULATION OUT_POPULATION [--median M]
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "analysis/streams.hpp"
#include "model/rng.hpp"
#include "validation/case_report.hpp"
#include "validation/response_trial.hpp"

namespace isv::validation::response {
namespace {

const std::string kBase = std::string(ISV_SOURCE_DIR) + "/validation/scenarios/anti_pd1_trial.toml";
constexpr std::size_t kQuickPatients = 40;
constexpr std::size_t kFullPatients = 150;
constexpr std::size_t kCalibrationPatients = 60;
constexpr std::uint64_t kSeed = 2017;
// Spread of the immunogenicity across patients: log-normal, sigma of the log (assumption).
constexpr double kLogSigma = 0.5;
constexpr double kExpansionMin = 0.05, kExpansionMax = 10.0;  // parameter bounds
constexpr double kTargetOrrPercent = 20.0;

bool overlaps(const Rate& r, double lo, double hi) { return r.upper >= lo && r.lower <= hi; }

std::string describe(const Rate& r) {
  return format("%d/%d responders, ORR %.1f %% (95 %% CI %.1f-%.1f %%)", r.responders, r.patients,
                r.percent, r.lower, r.upper);
}

std::vector<Patient> with_expansion(const std::vector<Patient>& base, double median) {
  std::vector<Patient> out = base;
  for (std::size_t i = 0; i < out.size(); ++i) {
    model::CounterRng rng(kSeed, analysis::kStreamImmunogenicity, 0, i);
    out[i].expansion_per_day =
        std::clamp(median * std::exp(kLogSigma * rng.normal()), kExpansionMin, kExpansionMax);
  }
  return out;
}

// given_median > 0: write the population at that median without searching (to rewrite the file
// from a search already run; the provenance says so).
int calibrate(const std::string& growth_file, const std::string& out_file, double given_median) {
  const auto wall0 = std::chrono::steady_clock::now();
  const analysis::Population growth = analysis::read_population(growth_file);
  if (growth.names.size() != 3)
    throw std::invalid_argument(growth_file + ": expected the growth population's 3 columns");
  std::vector<Patient> base;
  for (std::size_t k = 0; k < growth.size(); ++k)
    base.push_back({growth.values[3 * k], growth.values[3 * k + 1], growth.values[3 * k + 2], 1.0});
  std::vector<Patient> cal(base.begin(),
                           base.begin() + std::min(kCalibrationPatients, base.size()));
  // Bisection on log(median): the ORR rises with the median (each patient's response is
  // monotone in its expansion rate).
  double lo = std::log(1.0), hi = std::log(4.0), best = std::log(given_median);
  int evaluations = 0;
  for (int it = 0; it < (given_median > 0.0 ? 0 : 5); ++it) {
    const double mid = 0.5 * (lo + hi);
    const Rate r = objective_response(
        simulate_all(with_expansion(cal, std::exp(mid)), nivolumab_240_q2w(), kBase));
    ++evaluations;
    std::printf("median %.4f /day: %s\n", std::exp(mid), describe(r).c_str());
    std::fflush(stdout);
    best = mid;
    if (r.percent < kTargetOrrPercent)
      lo = mid;
    else
      hi = mid;
  }
  const double median = std::exp(best);
  analysis::Population pop;
  pop.names = {kDiameter, kProliferation, kLoss, kExpansion};
  const std::vector<Patient> all = with_expansion(base, median);
  for (std::size_t k = 0; k < all.size(); ++k) {
    pop.values.insert(pop.values.end(), {all[k].diameter_mm, all[k].proliferation_per_day,
                                         all[k].loss_per_day, all[k].expansion_per_day});
    pop.weights.push_back(growth.weights[k]);
  }
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  utsname u{};
  const std::string machine =
      uname(&u) == 0 ? std::string(u.nodename) + " (" + u.machine + ")" : "unknown";
  pop.provenance = {
      {"population", "advanced HCC: untreated growth (Nathani 2021) and nivolumab response"},
      {"growth_columns", "from " + growth_file + " (isv_validate_growth --calibrate)"},
      {"immunogenicity",
       format("ctl_expansion_rate_per_day = median x exp(%.2f z), z ~ N(0,1) "
              "(Philox stream 0x0105, seed %llu), clamped to [%.2g, %.2g]",
              kLogSigma, static_cast<unsigned long long>(kSeed), kExpansionMin, kExpansionMax)},
      {"target",
       "nivolumab ORR 20 % (CheckMate 040, El-Khoueiry 2017 Lancet 389:2492) on the "
       "first " +
           std::to_string(cal.size()) + " patients"},
      {"calibrated_median",
       given_median > 0.0
           ? format("%.4f per day, given with --median (from the bisection recorded in "
                    "docs/calibration.md)",
                    median)
           : format("%.4f per day (bisection on log median, %d evaluations)", median, evaluations)},
      {"cost", given_median > 0.0 ? std::string("of the search: see docs/calibration.md")
                                  : format("%d x %zu patients simulated, %.0f s wall on %s",
                                           evaluations, cal.size(), wall_s, machine.c_str())},
  };
  analysis::write_population(out_file, pop);
  std::printf("wrote %s (median %.4f per day)\n", out_file.c_str(), median);
  return 0;
}

}  // namespace
}  // namespace isv::validation::response

int main(int argc, char** argv) {
  using namespace isv::validation;
  using namespace isv::validation::response;
  std::string population = std::string(ISV_SOURCE_DIR) + "/scenarios/populations/advanced_hcc.csv";
  std::vector<char*> rest{argv[0]};
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--calibrate" && i + 2 < argc) {
        const double median =
            i + 4 < argc && std::string(argv[i + 3]) == "--median" ? std::stod(argv[i + 4]) : 0.0;
        return calibrate(argv[i + 1], argv[i + 2], median);
      }
      if (a == "--population" && i + 1 < argc) {
        population = argv[++i];
      } else {
        rest.push_back(argv[i]);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isv_validate_response: %s\n", e.what());
    return 2;
  }
  CaseOptions o;
  if (!parse_case_options(static_cast<int>(rest.size()), rest.data(), o)) return 2;
  std::vector<CaseResult> cases;
  try {
    const isv::analysis::Population pop = isv::analysis::read_population(population);
    const std::vector<Patient> patients =
        patients_of(pop, population, o.quick ? kQuickPatients : kFullPatients);
    const char* const sample = o.quick ? "first 40 patients" : "first 150 patients";
    if (o.wants("anti_pd1_orr_nivolumab")) {
      const Rate r = objective_response(simulate_all(patients, nivolumab_240_q2w(), kBase));
      CaseResult c;
      c.section = Section::kCalibrated;
      c.name = "anti_pd1_orr_nivolumab";
      c.quantity =
          std::string("RECIST 1.1 objective response rate, nivolumab 240 mg q2w, 18 weeks, ") +
          sample + " of the advanced HCC population";
      c.target = "20 % (95 % CI 15-26 %)";
      c.source = "El-Khoueiry et al. 2017, Lancet 389:2492 (CheckMate 040, dose expansion)";
      c.tolerance = "the model's exact 95 % CI overlaps 15-26 % (sampling error of both)";
      c.measured = describe(r);
      c.pass = overlaps(r, 15.0, 26.0);
      cases.push_back(c);
    }
    if (!o.quick) {
      const std::vector<Outcome> pembro = simulate_all(patients, pembrolizumab_200_q3w(), kBase);
      const Rate r = objective_response(pembro);
      if (o.wants("anti_pd1_orr_pembrolizumab")) {
        CaseResult c;
        c.name = "anti_pd1_orr_pembrolizumab";
        c.quantity =
            "RECIST 1.1 objective response rate, pembrolizumab 200 mg q3w, 18 weeks, first "
            "150 patients of the advanced HCC population";
        c.target = "17 % (95 % CI 11-26 %)";
        c.source = "Zhu et al. 2018, Lancet Oncol 19:940 (KEYNOTE-224)";
        c.tolerance = "the model's exact 95 % CI overlaps 11-26 %";
        c.measured = describe(r);
        c.pass = overlaps(r, 11.0, 26.0);
        cases.push_back(c);
      }
      if (o.wants("anti_pd1_complete_share")) {
        int complete = 0;
        for (const Outcome& x : pembro) complete += x.best == isv::model::ResponseCategory::kCR;
        const double share = r.responders > 0 ? 100.0 * complete / r.responders : 0.0;
        CaseResult c;
        c.name = "anti_pd1_complete_share";
        c.quantity = "share of the pembrolizumab responses that are complete (CR / (CR + PR))";
        c.target = "7 % (3 CR among 42 responses; KEYNOTE-224: 1 of 18)";
        c.source = "El-Khoueiry et al. 2017 (CheckMate 040); Zhu et al. 2018 (KEYNOTE-224)";
        c.tolerance = "below 25 %";
        c.measured = format("%d of %d responses complete (%.0f %%)", complete, r.responders, share);
        c.pass = share < 25.0;
        c.known_misfit =
            "responses are all-or-none in the model: once effectors expand they clear "
            "the antigen-positive tumour (docs/calibration.md)";
        cases.push_back(c);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isv_validate_response: %s\n", e.what());
    return 2;
  }
  return report_cases("isv_validate_response", o, cases);
}
