// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Toni et al. 2009,
// J R Soc Interface 6:187) with the importance weights of Beaumont et al. 2009 (Biometrika
// 96:983): particles are perturbed with a Gaussian kernel of twice the previous generation's
// weighted covariance, and each tolerance is a quantile of the previous generation's
// distances. The model is evaluated by a callback on a batch of proposals, so a generation can
// run as a sweep (local jobs or a Slurm array).
//
// Reproducible: proposal k of generation g draws only from CounterRng(seed, kStreamAbcProposal,
// g, k) and carries its own model seed, and a generation accepts the first N proposals (by
// index) within tolerance, so the posterior does not depend on batch sizes, on the order or
// thread count of evaluation, or on where a run was stopped and resumed (abc_smc_io.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/priors.hpp"

namespace isv::analysis {

struct AbcParameter {
  std::string name;
  Distribution prior;
};

struct AbcConfig {
  std::vector<AbcParameter> parameters;  // independent priors
  std::size_t particles = 1000;          // N accepted per generation
  std::size_t max_generations = 10;
  double quantile = 0.5;        // epsilon_{g+1} = this quantile of generation g's distances
  double target_epsilon = 0.0;  // stop after a generation at or below it (never below it)
  double min_acceptance = 0.0;  // stop after a generation accepting fewer of its proposals
  std::size_t max_proposals = 10'000'000;  // per generation; more is an error
  std::size_t max_batch = 100'000;         // largest batch handed to the evaluator
  std::uint64_t seed = 1;
};

// One proposal handed to the evaluator. `model_seed` seeds a stochastic model run, a pure
// function of (seed, generation, index).
struct AbcProposal {
  std::size_t index = 0;
  std::uint64_t model_seed = 0;
  std::vector<double> theta;
};

// Returns the distance of each proposal's simulated data from the observed data (>= 0, in the
// order given). Proposals may be evaluated in any order and in parallel.
using AbcEvaluator = std::function<std::vector<double>(std::span<const AbcProposal>)>;

struct AbcGeneration {
  double epsilon = 0.0;           // tolerance of this generation (infinity for the first)
  std::size_t proposals = 0;      // evaluated up to the N-th acceptance (prior-rejected too)
  std::vector<double> particles;  // N rows of d values, row-major
  std::vector<double> weights;    // sum to one
  std::vector<double> distances;

  double acceptance_rate() const;
  double effective_sample_size() const;  // 1 / sum w^2
};

class AbcSmc {
 public:
  // Throws std::invalid_argument for an empty or invalid prior, N < 2, a quantile outside
  // (0, 1), a negative target, or zero limits.
  explicit AbcSmc(AbcConfig config);

  const AbcConfig& config() const { return config_; }
  const std::vector<AbcGeneration>& generations() const { return generations_; }
  // Whether a stopping rule has been met (generations, target epsilon, acceptance rate).
  bool finished() const;
  // The tolerance the next generation will use.
  double next_epsilon() const;

  // Runs one generation to completion. Throws std::runtime_error if max_proposals are spent
  // first, or if the evaluator returns the wrong number of distances or a negative / NaN one;
  // the state is then unchanged.
  const AbcGeneration& run_generation(const AbcEvaluator& evaluate);
  // Runs generations until finished(); `after_each` (if set) runs after every generation,
  // e.g. to save the state.
  void run(const AbcEvaluator& evaluate,
           const std::function<void(const AbcSmc&)>& after_each = nullptr);

  // The whole state (configuration and every generation) as text with exact (hexadecimal)
  // floating-point values: saving, loading and continuing gives the same bits as never
  // stopping. `restore` needs an object made with the same configuration and no generations;
  // it throws std::runtime_error naming `source` and the line on any mismatch or damage.
  std::string serialize() const;
  void restore(std::string_view text, const std::string& source);
  // Atomic save (temporary file, fsync, rename; model/safe_file.hpp) and load.
  void save(const std::filesystem::path& path) const;
  void load(const std::filesystem::path& path);

 private:
  void weigh(AbcGeneration& next) const;

  AbcConfig config_;
  std::vector<AbcGeneration> generations_;
};

}  // namespace isv::analysis
