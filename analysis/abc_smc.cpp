// ABC-SMC proposals, acceptance and weights (analysis/abc_smc.hpp).
#include "analysis/abc_smc.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/linalg.hpp"
#include "analysis/streams.hpp"
#include "model/hash.hpp"
#include "model/rng.hpp"
#include "model/stats.hpp"

namespace isv::analysis {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Fourth coordinate of derive_run_seed for ABC model runs ("ABC" in ASCII), so that they never
// coincide with a sweep sample's seed from the same master seed.
constexpr std::uint64_t kModelSeedTag = 0x414243;

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-' ||
           c == '[' || c == ']';
  });
}

// The perturbation kernel built from the previous generation: cumulative weights for picking
// an ancestor, and the Cholesky factor of twice the weighted covariance.
struct Kernel {
  std::vector<double> cumulative;
  SquareMatrix chol;
};

Kernel make_kernel(const AbcGeneration& prev, std::size_t dim, std::size_t generation) {
  Kernel k;
  k.cumulative.resize(prev.weights.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < prev.weights.size(); ++i) k.cumulative[i] = (sum += prev.weights[i]);
  std::vector<double> mean;
  SquareMatrix cov;
  weighted_moments(prev.particles, prev.weights, dim, mean, cov);
  for (double& v : cov.values) v *= 2.0;
  auto chol = cholesky(cov);
  if (!chol) {
    throw std::runtime_error("ABC-SMC generation " + std::to_string(generation) +
                             ": the previous particles' covariance is singular (a parameter has "
                             "collapsed to one value); stop earlier or raise target_epsilon");
  }
  k.chol = std::move(*chol);
  return k;
}

}  // namespace

double AbcGeneration::acceptance_rate() const {
  return proposals == 0 ? 0.0
                        : static_cast<double>(weights.size()) / static_cast<double>(proposals);
}

double AbcGeneration::effective_sample_size() const {
  double s = 0.0;
  for (const double w : weights) s += w * w;
  return s > 0.0 ? 1.0 / s : 0.0;
}

AbcSmc::AbcSmc(AbcConfig config) : config_(std::move(config)) {
  if (config_.parameters.empty()) throw std::invalid_argument("ABC-SMC: no parameters");
  for (const AbcParameter& p : config_.parameters) {
    if (!valid_name(p.name)) {
      throw std::invalid_argument(
          "ABC-SMC: parameter name '" + p.name +
          "' must be letters, digits, '_', '.', '-', '[' or ']' (a dotted key)");
    }
    validate(p.prior, "ABC-SMC prior of '" + p.name + "'");
  }
  if (config_.particles < 2) throw std::invalid_argument("ABC-SMC: need at least 2 particles");
  if (!(config_.quantile > 0.0 && config_.quantile < 1.0)) {
    throw std::invalid_argument("ABC-SMC: quantile must lie strictly between 0 and 1");
  }
  if (!(config_.target_epsilon >= 0.0) || !(config_.min_acceptance >= 0.0)) {
    throw std::invalid_argument("ABC-SMC: target_epsilon and min_acceptance must be >= 0");
  }
  if (config_.max_generations == 0 || config_.max_batch == 0 ||
      config_.max_proposals < config_.particles) {
    throw std::invalid_argument(
        "ABC-SMC: max_generations and max_batch must be positive, max_proposals >= particles");
  }
}

bool AbcSmc::finished() const {
  if (generations_.empty()) return false;
  const AbcGeneration& last = generations_.back();
  return generations_.size() >= config_.max_generations || last.epsilon <= config_.target_epsilon ||
         last.acceptance_rate() < config_.min_acceptance;
}

double AbcSmc::next_epsilon() const {
  if (generations_.empty()) return kInfinity;
  std::vector<double> sorted = generations_.back().distances;
  std::sort(sorted.begin(), sorted.end());
  return std::max(model::sorted_quantile(sorted, config_.quantile), config_.target_epsilon);
}

const AbcGeneration& AbcSmc::run_generation(const AbcEvaluator& evaluate) {
  const std::size_t g = generations_.size();
  const std::size_t dim = config_.parameters.size();
  const std::size_t n = config_.particles;
  Kernel kernel;
  if (g > 0) kernel = make_kernel(generations_.back(), dim, g);

  AbcGeneration next;
  next.epsilon = next_epsilon();
  double rate = g > 0 ? std::max(generations_.back().acceptance_rate(), 1e-4) : 1.0;
  std::size_t tried = 0;
  std::vector<AbcProposal> batch;
  std::vector<AbcProposal> in_support;
  while (next.distances.size() < n) {
    const std::size_t need = n - next.distances.size();
    if (tried >= config_.max_proposals) {
      throw std::runtime_error("ABC-SMC generation " + std::to_string(g) + ": only " +
                               std::to_string(next.distances.size()) + " of " + std::to_string(n) +
                               " particles within epsilon " + std::to_string(next.epsilon) +
                               " after " + std::to_string(tried) + " proposals (max_proposals)");
    }
    // The batch size changes the work done, never the result (first N by index are kept).
    const double wanted = std::ceil(1.1 * static_cast<double>(need) / rate);
    std::size_t size = wanted >= static_cast<double>(config_.max_batch)
                           ? config_.max_batch
                           : std::max<std::size_t>(1, static_cast<std::size_t>(wanted));
    size = std::min(size, config_.max_proposals - tried);
    in_support.clear();
    for (std::size_t k = tried; k < tried + size; ++k) {
      model::CounterRng rng(config_.seed, kStreamAbcProposal, g, k);
      AbcProposal p{k, model::derive_run_seed(config_.seed, g, k, kModelSeedTag), {}};
      p.theta.resize(dim);
      if (g == 0) {
        for (std::size_t i = 0; i < dim; ++i) p.theta[i] = sample(config_.parameters[i].prior, rng);
      } else {
        const double u = rng.uniform() * kernel.cumulative.back();
        const auto it = std::upper_bound(kernel.cumulative.begin(), kernel.cumulative.end(), u);
        const std::size_t ancestor =
            std::min<std::size_t>(static_cast<std::size_t>(it - kernel.cumulative.begin()), n - 1);
        std::vector<double> z(dim), step(dim);
        for (double& v : z) v = rng.normal();
        lower_multiply(kernel.chol, z, step);
        const double* anc = generations_.back().particles.data() + ancestor * dim;
        for (std::size_t i = 0; i < dim; ++i) p.theta[i] = anc[i] + step[i];
      }
      bool inside = true;
      for (std::size_t i = 0; i < dim; ++i) {
        inside = inside && std::isfinite(log_density(config_.parameters[i].prior, p.theta[i]));
      }
      if (inside) in_support.push_back(std::move(p));
    }
    std::vector<double> distances;
    if (!in_support.empty()) distances = evaluate(in_support);
    if (distances.size() != in_support.size()) {
      throw std::runtime_error("ABC-SMC: the evaluator returned " +
                               std::to_string(distances.size()) + " distances for " +
                               std::to_string(in_support.size()) + " proposals");
    }
    for (std::size_t b = 0; b < in_support.size() && next.distances.size() < n; ++b) {
      if (std::isnan(distances[b]) || distances[b] < 0.0) {
        throw std::runtime_error("ABC-SMC: the evaluator returned distance " +
                                 std::to_string(distances[b]) + " for proposal " +
                                 std::to_string(in_support[b].index));
      }
      if (distances[b] <= next.epsilon) {
        next.distances.push_back(distances[b]);
        next.particles.insert(next.particles.end(), in_support[b].theta.begin(),
                              in_support[b].theta.end());
        next.proposals = in_support[b].index + 1;
      }
    }
    tried += size;
    if (next.distances.size() < n) next.proposals = tried;
    rate = std::max(static_cast<double>(next.distances.size()) / static_cast<double>(tried),
                    0.5 / static_cast<double>(tried));
  }
  weigh(next);
  generations_.push_back(std::move(next));
  return generations_.back();
}

// w_i proportional to prior(theta_i) / sum_j w_j K(theta_i | theta_j), K the Gaussian kernel of
// covariance 2 Sigma (Beaumont et al. 2009), on the log scale (log-sum-exp). Each particle's
// sum runs over j in order: the same bits at any thread count.
void AbcSmc::weigh(AbcGeneration& next) const {
  const std::size_t n = config_.particles;
  const std::size_t dim = config_.parameters.size();
  next.weights.assign(n, 1.0 / static_cast<double>(n));
  if (generations_.empty()) return;
  const AbcGeneration& prev = generations_.back();
  const Kernel kernel = make_kernel(prev, dim, generations_.size());
  std::vector<double> log_w(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    const double* theta = next.particles.data() + i * dim;
    double log_prior = 0.0;
    for (std::size_t k = 0; k < dim; ++k) {
      log_prior += log_density(config_.parameters[k].prior, theta[k]);
    }
    std::vector<double> terms(n), diff(dim);
    double top = -kInfinity;
    for (std::size_t j = 0; j < n; ++j) {
      const double* from = prev.particles.data() + j * dim;
      for (std::size_t k = 0; k < dim; ++k) diff[k] = theta[k] - from[k];
      lower_solve_in_place(kernel.chol, diff);
      double q = 0.0;
      for (const double v : diff) q += v * v;
      terms[j] = std::log(prev.weights[j]) - 0.5 * q;
      top = std::max(top, terms[j]);
    }
    double sum = 0.0;
    for (const double t : terms) sum += std::exp(t - top);
    log_w[i] = log_prior - (top + std::log(sum));
  });
  const double top = *std::max_element(log_w.begin(), log_w.end());
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += (next.weights[i] = std::exp(log_w[i] - top));
  for (double& w : next.weights) w /= total;
}

void AbcSmc::run(const AbcEvaluator& evaluate,
                 const std::function<void(const AbcSmc&)>& after_each) {
  while (!finished()) {
    run_generation(evaluate);
    if (after_each) after_each(*this);
  }
}

}  // namespace isv::analysis
