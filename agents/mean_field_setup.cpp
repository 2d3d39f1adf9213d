// Set-up of the mean-field lesion from the agent rules: the cell-cycle chain and its initial
// stages, the antigen classes, and how much of a diffusing field the lattice box retains.
#include "agents/mean_field_setup.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <string>

#include "model/errors.hpp"
#include "model/lattice.hpp"
#include "model/units.hpp"

namespace isv::agents::mean_field {

using model::units::days_to_hours;

namespace {

constexpr int kMaxCycleBins = 200000;  // cycle-length bins of the Euler–Lotka sum

// The agent seeds cells at ages uniform over their cycle; a cell then divides after
// R = ceil((L - a) / dt) dt. Its reproductive value is 2 E[exp(-g R)] (1 for a newborn). The
// chain's initial stages get geometric shares w_s ~ rho^s, rho chosen so that the chain's
// reproductive value sum_s w_s 2 q^(m - s), q = s / (s + g), is the same: the mean field then
// grows to the agent's asymptotic amplitude, not the (lower) one of evenly spread stages.
std::vector<double> initial_stages(const model::TumorParams& tumor, double step_h,
                                   const CycleModel& c) {
  const double g = c.growth_rate_per_h, dt = step_h;
  const double mean_h = days_to_hours(tumor.doubling_time_days), cv = tumor.doubling_time_cv;
  auto value_given_length = [&](double length_h) {  // E[2 exp(-g R) | L]
    const double n = std::max(1.0, std::ceil(length_h / dt));
    const double e = std::exp(-g * dt);
    const double full = e * -std::expm1(-g * dt * (n - 1.0)) / -std::expm1(-g * dt);
    return 2.0 * (full * dt + std::exp(-g * dt * n) * (length_h - (n - 1.0) * dt)) / length_h;
  };
  double target = 0.0;
  if (cv <= 0.0) {
    target = value_given_length(mean_h);
  } else {  // over z ~ N(0, 1), L = exp(mu + sigma z), trapezoid on [-8.5, 8.5]
    const double sigma = std::sqrt(std::log1p(cv * cv)),
                 mu = std::log(mean_h) - 0.5 * sigma * sigma;
    constexpr int kPoints = 4000;
    const double dz = 17.0 / kPoints;
    double weight = 0.0;
    for (int i = 0; i <= kPoints; ++i) {
      const double z = -8.5 + i * dz;
      const double w = std::exp(-0.5 * z * z) * (i == 0 || i == kPoints ? 0.5 : 1.0);
      target += w * value_given_length(std::exp(mu + sigma * z));
      weight += w;
    }
    target /= weight;
  }
  const int m = c.stages;
  const double q = c.stage_rate_per_h / (c.stage_rate_per_h + g);
  std::vector<double> share(static_cast<std::size_t>(m));
  auto fill = [&](double log_rho) {  // shares for rho = exp(log_rho); returns their value
    double total = 0.0, value = 0.0;
    for (int s = 0; s < m; ++s) total += share[s] = std::exp(log_rho * s);
    for (int s = 0; s < m; ++s) value += (share[s] /= total) * 2.0 * std::pow(q, m - s);
    return value;
  };
  double lo = -30.0, hi = 30.0;  // value rises with rho; the target lies between 1 and 2q
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (fill(mid) < target ? lo : hi) = mid;
  }
  fill(0.5 * (lo + hi));
  return share;
}

}  // namespace

CycleModel fit_cycle(const model::TumorParams& tumor, double step_h) {
  const double mean_h = days_to_hours(tumor.doubling_time_days);
  const double cv = tumor.doubling_time_cv;
  // Probability mass of the cycle lasting n steps: P(L in ((n-1) dt, n dt]), grouped into
  // bins of `stride` steps when the cycle spans very many steps (then discreteness is moot).
  std::vector<double> tau_h, mass;
  if (cv <= 0.0) {
    tau_h.push_back(std::ceil(mean_h / step_h) * step_h);
    mass.push_back(1.0);
  } else {
    const double sigma = std::sqrt(std::log1p(cv * cv));
    const double mu = std::log(mean_h) - 0.5 * sigma * sigma;
    auto cdf = [&](double t) {
      return t <= 0.0 ? 0.0 : 0.5 * std::erfc(-(std::log(t) - mu) / (sigma * std::numbers::sqrt2));
    };
    const double upper_h = std::exp(mu + 8.5 * sigma);  // P(L > upper) < 1e-16
    const auto steps = static_cast<long>(std::ceil(upper_h / step_h));
    const long stride = std::max<long>(1, steps / kMaxCycleBins);
    for (long n = 0; n < steps; n += stride) {
      const double p =
          cdf(static_cast<double>(n + stride) * step_h) - cdf(static_cast<double>(n) * step_h);
      if (p <= 0.0) continue;
      // Within a bin, steps n+1 .. n+stride; stride 1 gives exactly ceil(L / dt) dt.
      tau_h.push_back((static_cast<double>(n) + 0.5 * static_cast<double>(stride + 1)) * step_h);
      mass.push_back(p);
    }
  }
  double total = 0.0, mean = 0.0, second = 0.0;
  for (std::size_t i = 0; i < mass.size(); ++i) {
    total += mass[i];
    mean += mass[i] * tau_h[i];
    second += mass[i] * tau_h[i] * tau_h[i];
  }
  CycleModel c;
  c.mean_cycle_h = mean / total;
  c.cycle_cv =
      std::sqrt(std::max(0.0, second / total - c.mean_cycle_h * c.mean_cycle_h)) / c.mean_cycle_h;
  // Euler–Lotka: f(g) = 2 E[exp(-g tau)] - 1 falls from 1 at g = 0; bisection to round-off.
  auto f = [&](double g) {
    double s = 0.0;
    for (std::size_t i = 0; i < mass.size(); ++i) s += mass[i] * std::exp(-g * tau_h[i]);
    return 2.0 * s / total - 1.0;
  };
  double lo = 0.0, hi = std::numbers::ln2 / tau_h.front() * 1.000001;
  while (f(hi) > 0.0) hi *= 2.0;
  for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; ++it) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) > 0.0 ? lo : hi) = mid;
  }
  c.growth_rate_per_h = 0.5 * (lo + hi);
  const double ideal = c.cycle_cv > 0.0 ? 1.0 / (c.cycle_cv * c.cycle_cv) : kMaxCycleStages;
  c.stages = static_cast<int>(std::clamp<double>(std::round(ideal), 1.0, kMaxCycleStages));
  // 2 (s / (s + g))^m = 1: the chain's growth rate is g exactly.
  c.stage_rate_per_h = c.growth_rate_per_h / (std::exp2(1.0 / c.stages) - 1.0);
  c.initial_stage_share = initial_stages(tumor, step_h, c);
  return c;
}

namespace {
// Share of the initial cells expressing antigen k (every cell when no fraction is given).
double fraction_of(const std::vector<double>& fractions, int k) {
  const auto i = static_cast<std::size_t>(k);
  return i < fractions.size() ? fractions[i] : 1.0;
}
}  // namespace

TumorClasses enumerate_classes(int antigen_count, const std::vector<double>& fractions,
                               double loss_per_division) {
  std::uint64_t always = 0, varying = 0;
  for (int k = 0; k < antigen_count; ++k) {
    const double f = fraction_of(fractions, k);
    const std::uint64_t bit = std::uint64_t{1} << k;
    if (f >= 1.0)
      always |= bit;
    else if (f > 0.0)
      varying |= bit;
  }
  // With loss on division every subset of the expressed antigens can arise.
  const std::uint64_t free_bits = loss_per_division > 0.0 ? (always | varying) : varying;
  const std::uint64_t fixed_bits = loss_per_division > 0.0 ? 0 : always;
  if (std::popcount(free_bits) > kMaxVaryingAntigens)
    throw model::ScenarioError("mean-field lesion: " + std::to_string(std::popcount(free_bits)) +
                               " antigens vary between tumour cells; at most " +
                               std::to_string(kMaxVaryingAntigens) +
                               " are supported (2^n antigen classes)");
  TumorClasses tc;
  // Subsets of free_bits in ascending order: s <- (s - free_bits) & free_bits.
  std::uint64_t s = 0;
  do {
    const std::uint64_t mask = fixed_bits | s;
    tc.masks.push_back(mask);
    double share = 1.0;
    for (int k = 0; k < antigen_count; ++k) {
      const std::uint64_t bit = std::uint64_t{1} << k;
      const double f = fraction_of(fractions, k);
      if ((varying & bit) != 0)
        share *= (mask & bit) != 0 ? f : 1.0 - f;
      else if ((always & bit) != 0 && (mask & bit) == 0)
        share = 0.0;
    }
    tc.initial_share.push_back(share);
    s = (s - free_bits) & free_bits;
  } while (s != 0);
  auto index_of = [&](std::uint64_t mask) {
    return static_cast<std::size_t>(std::lower_bound(tc.masks.begin(), tc.masks.end(), mask) -
                                    tc.masks.begin());
  };
  // Daughter keeps each expressed antigen with probability 1 - loss, independently.
  tc.daughters.resize(tc.masks.size());
  for (std::size_t c = 0; c < tc.masks.size(); ++c) {
    const std::uint64_t m = tc.masks[c];
    const std::uint64_t losable = m & free_bits;
    std::uint64_t kept = losable;
    while (true) {
      const int lost = std::popcount(losable & ~kept);
      const int held = std::popcount(kept);
      const double p = std::pow(loss_per_division, lost) * std::pow(1.0 - loss_per_division, held);
      if (p > 0.0) tc.daughters[c].push_back({index_of((m & ~losable) | kept), p});
      if (kept == 0) break;
      kept = (kept - 1) & losable;
    }
  }
  tc.expressing.resize(static_cast<std::size_t>(antigen_count));
  for (std::size_t c = 0; c < tc.masks.size(); ++c)
    for (std::uint64_t bits = tc.masks[c]; bits != 0; bits &= bits - 1)
      tc.expressing[static_cast<std::size_t>(std::countr_zero(bits))].push_back(c);
  return tc;
}

double box_retention(double diffusion_um2_per_h, double decay_per_h, int nx, int ny, int nz,
                     double voxel_um) {
  // Uniform source 1 = sum over odd modes of prod_i 4/(pi a_i) sin(a_i pi x_i / L_i); each mode
  // relaxes to k / (k + D |q|^2) of it, and a mode's mean over the box is prod_i 2/(pi a_i).
  // Modes beyond kMaxMode carry the remaining weight (~0.6 %); they get the response of the
  // slowest of them, so both limits (slow and fast decay) come out right to about 1e-3.
  constexpr int kMaxMode = 199;
  const double pi2 = std::numbers::pi * std::numbers::pi;
  auto q2 = [&](int n, int a) {
    const double length_um = (n + 1) * voxel_um;
    return pi2 * a * a / (length_um * length_um);
  };
  auto response = [&](double q2_sum) {
    return decay_per_h / (decay_per_h + diffusion_um2_per_h * q2_sum);
  };
  const bool three_d = nz > 1;
  double sum = 0.0, weight = 0.0;
  for (int a = 1; a <= kMaxMode; a += 2) {
    for (int b = 1; b <= kMaxMode; b += 2) {
      const double wab = 64.0 / (pi2 * pi2 * a * a * b * b);
      const double qab = q2(nx, a) + q2(ny, b);
      if (!three_d) {
        sum += wab * response(qab);
        weight += wab;
        continue;
      }
      for (int c = 1; c <= kMaxMode; c += 2) {
        const double w = wab * 8.0 / (pi2 * c * c);
        sum += w * response(qab + q2(nz, c));
        weight += w;
      }
    }
  }
  const int widest = std::max({nx, ny, three_d ? nz : 1});
  return sum + (1.0 - weight) * response(q2(widest, kMaxMode + 2));
}

// Fitted to clusters grown by the agent's division rule (Eden growth into a uniformly chosen
// free Moore neighbour) from 1 to 65 536 cells, 8 clusters per size: footprint within 5 %
// (3-D) and 1 % (2-D), open share within 0.04 (docs/mean_field.md, "Clone clusters").
double cluster_footprint_voxels(double cells, bool two_d) {
  if (two_d) return cells + 6.7 * std::sqrt(cells) + 1.3;  // 9 at one cell
  const double c = std::cbrt(cells);
  return cells + 12.7 * c * c + 29.9 * c - 16.6;  // 27 at one cell
}

double cluster_open_share(double cells, bool two_d) {
  if (!(cells > 0.0)) return 1.0;
  const double x = two_d ? 8.35 / std::sqrt(cells) : 12.75 / std::cbrt(cells);
  return -std::expm1(-std::pow(x, two_d ? 1.2 : 1.3));
}

namespace {
constexpr int kPerDecade = 16;
constexpr int kDecades = 9;               // mean clone sizes 1 .. 1e9 cells
constexpr double kExactUpTo = 100.0;      // geometric: exact sums up to this mean size
constexpr double kDegenerateShape = 1e4;  // founder cells per clone beyond which sizes are equal
}  // namespace

CloneSizes::CloneSizes(bool two_d, double founder_cells) : two_d_(two_d) {
  const double k = std::max(1.0, founder_cells);
  for (int i = 0; i <= kPerDecade * kDecades; ++i) {
    const double m = std::pow(10.0, static_cast<double>(i) / kPerDecade);
    double footprint = 0.0, open_cells = 0.0;
    if (k >= kDegenerateShape) {  // clones of one size
      footprint = cluster_footprint_voxels(m, two_d);
      open_cells = m * cluster_open_share(m, two_d);
    } else if (k == 1.0 && m <= kExactUpTo) {  // geometric: (1/m) (1 - 1/m)^(s-1), s >= 1
      const double q = 1.0 - 1.0 / m;
      double p = 1.0 / m;
      for (int s = 1; s < 100000 && p > 1e-16; ++s, p *= q) {
        footprint += p * cluster_footprint_voxels(s, two_d);
        open_cells += p * s * cluster_open_share(s, two_d);
      }
    } else {  // s = max(1, m u / k), u ~ Gamma(k, 1): midpoint rule over u
      const double lo = std::max(0.0, k - 12.0 * std::sqrt(k) - 12.0);
      const double hi = k + 12.0 * std::sqrt(k) + 30.0;
      constexpr int kPoints = 4000;
      const double du = (hi - lo) / kPoints;
      double weight = 0.0;
      for (int j = 0; j < kPoints; ++j) {
        const double u = lo + (j + 0.5) * du;
        const double w = std::exp((k - 1.0) * std::log(u) - u - std::lgamma(k)) * du;
        const double s = std::max(1.0, m * u / k);
        weight += w;
        footprint += w * cluster_footprint_voxels(s, two_d);
        open_cells += w * s * cluster_open_share(s, two_d);
      }
      footprint /= weight;
      open_cells /= weight;
    }
    footprint_.push_back(footprint);
    open_.push_back(open_cells / m);
  }
}

double CloneSizes::lookup(const std::vector<double>& table, double mean_cells) const noexcept {
  const double x = std::log10(std::max(mean_cells, 1.0)) * kPerDecade;
  const auto last = static_cast<double>(table.size() - 1);
  if (x >= last) return table.back();
  const auto i = static_cast<std::size_t>(x);
  const double f = x - static_cast<double>(i);
  return table[i] + f * (table[i + 1] - table[i]);
}

double CloneSizes::footprint_per_clone(double mean_cells) const noexcept {
  const double beyond = mean_cells / std::pow(10.0, kDecades);  // past the table: volume-like
  return beyond > 1.0 ? footprint_.back() * beyond : lookup(footprint_, mean_cells);
}

double CloneSizes::open_share(double mean_cells) const noexcept {
  return lookup(open_, mean_cells);
}

namespace {

// The agent lesion's initial sphere (seed_initial_tumor, agents/tumor_phases.cpp): voxels whose
// centre lies within radius_um of the centre voxel's centre, and the voxels within one Moore step
// of one of them (its dilation), both within the lattice. Counted over the bounding box only.
struct SphereCount {
  std::int64_t voxels = 0;
  std::int64_t dilated = 0;
};
SphereCount initial_sphere(const model::LatticeParams& p, double radius_um) {
  const model::Lattice lat(p.nx, p.ny, p.nz, p.voxel_um);
  const model::Voxel3 c = lat.centre_voxel();
  const double r2 = radius_um * radius_um;
  // Offset from the centre along one axis of the in-lattice voxel nearest to it among u-1..u+1.
  auto nearest = [&](int u, int centre, int n) {
    int best = u - centre;
    for (int d = -1; d <= 1; d += 2)
      if (u + d >= 0 && u + d < n && std::abs(u + d - centre) < std::abs(best))
        best = u + d - centre;
    return best * p.voxel_um;
  };
  const auto reach = static_cast<int>(std::ceil(radius_um / p.voxel_um)) + 1;
  SphereCount count;
  for (int z = std::max(0, c.z - reach); z <= std::min(p.nz - 1, c.z + reach); ++z)
    for (int y = std::max(0, c.y - reach); y <= std::min(p.ny - 1, c.y + reach); ++y)
      for (int x = std::max(0, c.x - reach); x <= std::min(p.nx - 1, c.x + reach); ++x) {
        const double dx = (x - c.x) * p.voxel_um, dy = (y - c.y) * p.voxel_um,
                     dz = (z - c.z) * p.voxel_um;
        count.voxels += dx * dx + dy * dy + dz * dz <= r2 ? 1 : 0;
        const double nx = nearest(x, c.x, p.nx), ny = nearest(y, c.y, p.ny),
                     nz = nearest(z, c.z, p.nz);
        count.dilated += nx * nx + ny * ny + nz * nz <= r2 ? 1 : 0;
      }
  return count;
}

}  // namespace

InitialTumor initial_tumor(const LesionConfig& config) {
  const model::LatticeParams& lat = config.lattice;
  const double voxels = static_cast<double>(lat.nx) * lat.ny * lat.nz;
  const bool two_d = lat.nz == 1;
  const double fill = std::clamp(config.initial_fill_fraction, 0.0, 1.0);
  const SphereCount sphere = initial_sphere(lat, config.tumor.initial_radius_um);
  InitialTumor t;
  t.cells = fill * static_cast<double>(sphere.voxels);
  if (!(t.cells > 0.0)) return t;
  const double reach = two_d ? 9.0 : 27.0;
  const double share = std::min(1.0, static_cast<double>(sphere.dilated) / voxels) *
                       -std::expm1(reach * std::log1p(-std::min(fill, 1.0 - 1e-12)));
  const CloneSizes single(two_d, 1.0);
  auto reached = [&](double clones) {
    return -std::expm1(-clones * single.footprint_per_clone(t.cells / clones) / voxels);
  };
  double lo = std::min(1.0, t.cells), hi = t.cells;  // reached() rises with the clone count
  if (reached(hi) <= share) {
    t.clones = hi;
  } else if (reached(lo) >= share) {
    t.clones = lo;
  } else {
    for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; ++it) {
      const double mid = 0.5 * (lo + hi);
      (reached(mid) < share ? lo : hi) = mid;
    }
    t.clones = 0.5 * (lo + hi);
  }
  return t;
}

}  // namespace isv::agents::mean_field
