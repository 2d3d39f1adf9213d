// The three tumour-immune regimes of Kuznetsov et al. 1994 (Bull Math Biol 56:295) --
// elimination, equilibrium (dormancy) and escape -- across a plausible parameter space of the
// clinical-scale model (issue "Clinical scale", item 4). An untreated 6 mm lesion with every
// default of the immune model on (validation/scenarios/regimes.toml; PD-L1 induced 2-fold) is
// followed for two years on a grid of tumour immunogenicity (in-tumour effector expansion rate,
// 0.5-4 per day: effector CD8 T cells divide up to 3-4 times a day in vivo) and the systemic
// supply of tumour-specific T cells (precursors per specificity, 2.5e3-2.5e6: a naive frequency
// of 1e-6 of CD8 T cells up to the 1e-3 of an expanded memory or TIL clonotype).
// Classification of each run, on the viable tumour cells V(t) and their antigen-positive part:
//   elimination: the antigen-positive cells fall below one cell per mm^3 of the initial lesion
//     (a residual antigen-negative clone may remain: immunoediting; counted separately);
//   escape:      otherwise, V at two years above twice its initial value (untreated, the lesion
//                would grow 37-fold: doubling time 139 days);
//   equilibrium: otherwise: the tumour persists without doubling in two years.
// Checks: all three regimes occur, and along increasing immunogenicity at a fixed PD-L1 level the
// regime never moves back (escape -> equilibrium -> elimination).
// Finding (docs/clinical_scale.md): equilibrium needs a sustained systemic supply; local
// expansion alone gives escape or elimination. Writes the grid as CSV
// (--csv FILE) for validation/plot_regimes.py.
//
// Usage: isv_validate_regimes [--quick] [--case NAME] [--tsv FILE] [--csv FILE]
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "scenarios/patient_lesion.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"
#include "validation/case_report.hpp"

namespace isv::validation {
namespace {

enum class Regime { kElimination = 0, kEquilibrium = 1, kEscape = 2 };
const char* name_of(Regime r) {
  return r == Regime::kElimination   ? "elimination"
         : r == Regime::kEquilibrium ? "equilibrium"
                                     : "escape";
}

constexpr double kEscapeFold = 2.0;

struct Point {
  double expansion_per_day = 0.0;
  double precursors = 0.0;
  double viable0 = 0.0, viable_end = 0.0, positive_min = 0.0, negative_end = 0.0;
  Regime regime = Regime::kEscape;
  bool relapse = false;  // eliminated, then the antigen-negative clone grew past the start
};

Point simulate(double expansion, double precursors, const std::string& base) {
  const std::vector<std::string> overrides = {
      "lesions.target.population.ctl_expansion_rate_per_day=" + std::to_string(expansion),
      "lymph_node.naive_precursors_per_specificity=" + std::to_string(precursors)};
  const scenarios::Scenario scenario = scenarios::load_scenario(base, overrides);
  scenarios::Simulation sim(scenario);
  Point p;
  p.expansion_per_day = expansion;
  p.precursors = precursors;
  const auto& lesion = sim.lesions().front();
  const agents::LesionReadouts r0 = lesion.readouts();
  p.viable0 = static_cast<double>(r0.tumor_viable);
  const double volume0_mm3 = r0.volume_mm3;
  p.positive_min = p.viable0;
  while (!sim.finished()) {
    sim.advance();
    const agents::LesionReadouts r = lesion.readouts();
    p.positive_min =
        std::min(p.positive_min, static_cast<double>(r.tumor_viable - r.tumor_antigen_negative));
    p.viable_end = static_cast<double>(r.tumor_viable);
    p.negative_end = static_cast<double>(r.tumor_antigen_negative);
  }
  if (p.positive_min < volume0_mm3) {
    p.regime = Regime::kElimination;
    p.relapse = p.viable_end > p.viable0;
  } else {
    p.regime = p.viable_end > kEscapeFold * p.viable0 ? Regime::kEscape : Regime::kEquilibrium;
  }
  return p;
}

}  // namespace
}  // namespace isv::validation

int main(int argc, char** argv) {
  using namespace isv::validation;
  std::string csv;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--csv" && i + 1 < argc) {
      csv = argv[++i];
    } else {
      rest.push_back(argv[i]);
    }
  }
  CaseOptions options;
  if (!parse_case_options(static_cast<int>(rest.size()), rest.data(), options)) return 2;
  if (!options.wants("immune_regimes")) return report_cases("isv_validate_regimes", options, {});
  const std::string base = std::string(ISV_SOURCE_DIR) + "/validation/scenarios/regimes.toml";
  const std::vector<double> expansion =
      options.quick ? std::vector<double>{1.0, 3.0} : std::vector<double>{0.5, 1, 1.5, 2, 3, 4};
  const std::vector<double> precursors =
      options.quick ? std::vector<double>{2.5e3, 2.5e6}
                    : std::vector<double>{2.5e3, 2.5e4, 1e5, 2.5e5, 1e6, 2.5e6};
  std::vector<Point> grid(expansion.size() * precursors.size());
  try {
    tbb::parallel_for(std::size_t{0}, grid.size(), [&](std::size_t k) {
      grid[k] = simulate(expansion[k % expansion.size()], precursors[k / expansion.size()], base);
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isv_validate_regimes: %s\n", e.what());
    return 1;
  }
  int count[3] = {0, 0, 0};
  int relapses = 0;
  bool monotone = true;
  for (std::size_t j = 0; j < precursors.size(); ++j) {
    int previous = 3;
    for (std::size_t i = 0; i < expansion.size(); ++i) {
      const Point& p = grid[j * expansion.size() + i];
      ++count[static_cast<int>(p.regime)];
      relapses += p.relapse;
      if (static_cast<int>(p.regime) > previous) monotone = false;
      previous = static_cast<int>(p.regime);
    }
  }
  std::printf(
      "immune regimes (rows: precursors per specificity; columns: expansion rate per "
      "day)\n%8s",
      "");
  for (double e : expansion) std::printf(" %12g", e);
  std::printf("\n");
  for (std::size_t j = 0; j < precursors.size(); ++j) {
    std::printf("%8g", precursors[j]);
    for (std::size_t i = 0; i < expansion.size(); ++i) {
      const Point& p = grid[j * expansion.size() + i];
      std::printf(" %11s%s", name_of(p.regime), p.relapse ? "*" : " ");
    }
    std::printf("\n");
  }
  std::printf("(* eliminated, then an antigen-negative clone regrew past the initial size)\n");
  if (!csv.empty()) {
    std::FILE* f = std::fopen(csv.c_str(), "w");
    if (f == nullptr) {
      std::fprintf(stderr, "isv_validate_regimes: cannot write %s\n", csv.c_str());
      return 2;
    }
    std::fprintf(f,
                 "expansion_per_day,precursors,regime,relapse,viable0,viable_end,"
                 "positive_min,negative_end\n");
    for (const Point& p : grid)
      std::fprintf(f, "%g,%g,%s,%d,%.6g,%.6g,%.6g,%.6g\n", p.expansion_per_day, p.precursors,
                   name_of(p.regime), p.relapse ? 1 : 0, p.viable0, p.viable_end, p.positive_min,
                   p.negative_end);
    std::fclose(f);
  }
  CaseResult c;
  c.section = Section::kValidation;
  c.name = "immune_regimes";
  c.quantity =
      "regimes of an untreated 6 mm lesion over 2 years, on a grid of immunogenicity x "
      "T-cell precursors";
  c.target = "elimination, equilibrium and escape all occur; ordered in immunogenicity";
  c.source = "Kuznetsov et al. 1994, Bull Math Biol 56:295 (qualitative)";
  c.tolerance = "each regime at least once; no reversal along immunogenicity (qualitative target)";
  char measured[160];
  std::snprintf(measured, sizeof measured,
                "%d elimination (%d then antigen-negative relapse), %d equilibrium, %d escape; "
                "%s",
                count[0], relapses, count[1], count[2], monotone ? "ordered" : "NOT ordered");
  c.measured = measured;
  c.pass = count[0] > 0 && count[1] > 0 && count[2] > 0 && monotone;
  return report_cases("isv_validate_regimes", options, {c});
}
