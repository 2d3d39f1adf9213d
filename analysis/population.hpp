// Virtual populations: correlated patient parameters from a Gaussian copula (with log-normal
// marginals this is the multivariate log-normal), kept only inside bounds and physiological
// checks ("plausible patients"), then selected or weighted so that the distribution of a
// read-out matches a clinical one: acceptance-rejection in the manner of Allen et al. 2016
// (CPT Pharmacometrics Syst Pharmacol 5:140), or importance weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "analysis/linalg.hpp"
#include "analysis/priors.hpp"

namespace isv::analysis {

struct PopulationParameter {
  std::string name;
  Distribution marginal;
  double lower = -1e300;  // plausible range: a patient outside it is rejected
  double upper = 1e300;
};

struct CopulaSpec {
  std::vector<PopulationParameter> parameters;
  SquareMatrix correlation;  // of the underlying normal scores; identity if empty (size 0)
};

// Physiological check on one patient's parameters (in CopulaSpec order): true if plausible.
using PlausibilityCheck = std::function<bool(std::span<const double>)>;

struct PlausiblePatients {
  std::size_t dim = 0;
  std::vector<double> values;  // accepted patients, row-major
  std::size_t candidates = 0;  // drawn in total, accepted or not
  std::size_t out_of_bounds = 0;
  std::size_t implausible = 0;  // inside the bounds but refused by the check
  std::size_t size() const { return dim == 0 ? 0 : values.size() / dim; }
};

// Draws candidates k = 0, 1, ... (candidate k from CounterRng(seed, kStreamPopulationCandidate,
// 0, k)) until `count` are plausible. Throws std::invalid_argument naming `source` for a bad
// specification: an invalid marginal, a correlation matrix of the wrong size, not symmetric,
// without a unit diagonal, or not positive definite (naming the first failing row); throws
// std::runtime_error if `max_candidates` are used up first.
PlausiblePatients generate_plausible(const CopulaSpec& spec, std::size_t count, std::uint64_t seed,
                                     const PlausibilityCheck& check, std::size_t max_candidates,
                                     const std::string& source);

// The clinical distribution of a read-out: a density (normal / log-normal), or a histogram
// (bin edges ascending, the first may be -inf and the last +inf, one probability per bin).
struct ReadoutTarget {
  enum class Kind { kDensity, kHistogram } kind = Kind::kDensity;
  Distribution density;
  std::vector<double> edges;
  std::vector<double> probabilities;
  std::string describe() const;
};

// Per-patient ratio target / plausible distribution of the read-out. For a density the
// plausible density is a Gaussian kernel estimate (Silverman's bandwidth); for a histogram it
// is the fraction of plausible patients in each bin (a bin holding none of them but some target
// mass is an error: no weighting can reach it). Patients with no target mass get 0.
std::vector<double> density_ratios(const ReadoutTarget& target, std::span<const double> readouts);

// Importance weights: the ratios normalised to sum to one.
std::vector<double> importance_weights(const ReadoutTarget& target,
                                       std::span<const double> readouts);

// Acceptance-rejection: patient k is kept with probability ratio_k / max ratio (scaled so the
// likeliest patient is always kept), by CounterRng(seed, kStreamPopulationSelection, 0, k).
// Returns the kept indices, ascending.
std::vector<std::size_t> select_virtual_patients(const ReadoutTarget& target,
                                                 std::span<const double> readouts,
                                                 std::uint64_t seed);

}  // namespace isv::analysis
