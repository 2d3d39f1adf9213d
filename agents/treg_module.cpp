// Regulatory T cells: entry, anti-CTLA-4 depletion, ageing, treatment deaths and the pure
// behaviour functions (agents/treg_module.hpp).
#include "agents/treg_module.hpp"

#include <algorithm>
#include <cmath>

#include "agents/lesion_state.hpp"
#include "agents/tcell_phases.hpp"
#include "agents/treatment_zone.hpp"
#include "model/occupancy.hpp"
#include "model/units.hpp"

namespace isv::agents {

using model::CounterRng;
using model::units::days_to_hours;
using model::units::kHoursPerDay;

double treg_kill_factor(int tregs, double half_cells) noexcept {
  return tregs > 0 ? 1.0 / (1.0 + tregs / half_cells) : 1.0;
}

double ctla4_tissue_occupancy(double blood_nM, double tissue_partition, double kd_nM) noexcept {
  return model::receptor_occupancy(blood_nM * tissue_partition, kd_nM);
}

double treg_depletion_probability(double dt_h, double rate_per_day, double occupancy) noexcept {
  return -std::expm1(-dt_h * rate_per_day / kHoursPerDay * occupancy);
}

int tregs_around(const model::Lattice& lattice, std::span<const std::uint8_t> count,
                 std::int32_t v) noexcept {
  model::Lattice::Neighbours neighbours;
  const int n = lattice.moore_neighbours(v, neighbours);
  int total = count[v];
  for (int k = 0; k < n; ++k) total += count[neighbours[k]];
  return total;
}

namespace {

using State = TregModule::State;

std::int64_t cd8_arrivals(const LesionState& s) {
  std::int64_t total = 0;
  for (const std::int32_t n : s.inputs.arriving_tcells) total += n;
  return total;
}

// Removes the Tregs with dies[i] != 0, keeping the others in order; returns how many.
std::int64_t remove_flagged(State& st, const std::vector<std::uint8_t>& dies) {
  std::vector<std::uint8_t> keep(dies.size());
  std::int64_t removed = 0;
  for (std::size_t i = 0; i < dies.size(); ++i) {
    keep[i] = dies[i] == 0 ? 1 : 0;
    if (dies[i] != 0) {
      --st.count[st.cells.voxel[i]];
      ++removed;
    }
  }
  if (removed > 0) keep_flagged(st.cells, keep);
  return removed;
}

// Dies with probability p (1: surely, <= 0: never), drawn from (stream, key, id).
bool draw_dies(float p, std::uint64_t seed, model::Stream stream, std::uint64_t key,
               std::uint64_t id) {
  if (p >= 1.0f) return true;
  if (p <= 0.0f) return false;
  CounterRng rng(seed, stream, key, id);
  return rng.uniform() < p;
}

}  // namespace

void TregModule::init(State& state, const LesionState& s) {
  if (cell_params<TregModule>(s).entry_per_cd8_entry > 0.0)
    state.count.assign(static_cast<std::size_t>(s.lattice.size()), 0);
}

bool TregModule::consistent(const State& state, const LesionState& s) {
  if (!columns_consistent(state.cells)) return false;
  if (state.count.empty()) return state.cells.size() == 0;
  if (state.count.size() != static_cast<std::size_t>(s.lattice.size())) return false;
  return std::ranges::all_of(state.cells.voxel,
                             [&](std::int32_t v) { return v >= 0 && v < s.lattice.size(); });
}

bool tregs_arriving(const LesionState& s) {
  return !cell_type<TregModule>(s).count.empty() && cd8_arrivals(s) > 0;
}

bool tregs_present(const LesionState& s) { return cell_type<TregModule>(s).cells.size() != 0; }

bool tregs_depletable(const LesionState& s) {
  return tregs_present(s) && s.inputs.drugs.ctla4_blood_nM > 0.0 &&
         cell_params<TregModule>(s).ctla4_depletion_rate_per_day > 0.0;
}

// The number entering is a Poisson draw around ratio x CD8 arrivals; each takes a voxel drawn
// by the CD8 entry weight (perfusion x chemokine boost), as the CD8 cells did this step.
void enter_tregs(LesionState& s, double /*dt_h*/) {
  if (!tregs_arriving(s)) return;
  const TregParams& p = cell_params<TregModule>(s);
  State& st = cell_type<TregModule>(s);
  CounterRng count_rng(s.seed, TregModule::kEntry, s.step, 0);
  const std::int64_t n = count_rng.poisson(p.entry_per_cd8_entry * cd8_arrivals(s));
  if (n <= 0) return;
  const double sum = fill_tcell_entry_cdf(s);
  const std::vector<double>& cumulative = s.entry_cdf;
  for (std::int64_t c = 0; c < n; ++c) {
    const std::uint64_t id = st.next_id++;
    CounterRng rng(s.seed, TregModule::kPlacement, s.step, id);
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), rng.uniform() * sum);
    const auto v = static_cast<std::int32_t>(
        std::min<std::ptrdiff_t>(it - cumulative.begin(), s.lattice.size() - 1));
    if (!(sum > 0.0) || st.count[v] >= p.max_per_voxel) continue;  // turned away
    CounterRng life(s.seed, TregModule::kLifespan, s.step, id);
    const double lifespan_h = life.lognormal_mean_cv(days_to_hours(p.lifespan_days), p.lifespan_cv);
    st.cells.append(id, v, static_cast<float>(s.time_h() + lifespan_h));
    ++st.count[v];
    ++st.arrived_total;
  }
}

void deplete_tregs(LesionState& s, double dt_h) {
  if (!tregs_depletable(s)) return;
  State& st = cell_type<TregModule>(s);
  const double occupancy = ctla4_tissue_occupancy(s.inputs.drugs.ctla4_blood_nM,
                                                  s.config.immune.fields.antibody_tissue_partition,
                                                  s.inputs.drugs.ctla4_kd_nM);
  const double p = treg_depletion_probability(
      dt_h, cell_params<TregModule>(s).ctla4_depletion_rate_per_day, occupancy);
  std::vector<std::uint8_t> dies(st.cells.size());
  for (std::size_t i = 0; i < dies.size(); ++i)
    dies[i] =
        draw_dies(static_cast<float>(p), s.seed, TregModule::kDepletion, s.step, st.cells.id[i]);
  st.depleted_total += remove_flagged(st, dies);
}

void age_tregs(LesionState& s, double /*dt_h*/) {
  State& st = cell_type<TregModule>(s);
  const auto now_h = static_cast<float>(s.end_time_h());
  std::vector<std::uint8_t> dies(st.cells.size());
  for (std::size_t i = 0; i < dies.size(); ++i) dies[i] = st.cells.death_h[i] <= now_h ? 1 : 0;
  remove_flagged(st, dies);
}

void TregModule::kill_in_zone(LesionState& s, std::span<const float> p_kill, std::uint64_t event) {
  State& st = cell_type<TregModule>(s);
  std::vector<std::uint8_t> dies(st.cells.size());
  for (std::size_t i = 0; i < dies.size(); ++i)
    dies[i] = draw_dies(p_kill[st.cells.voxel[i]], s.seed, kTreatment, event, st.cells.id[i]);
  remove_flagged(st, dies);
}

void TregModule::irradiate(LesionState& s, const RadiationFraction& fraction, float p_die,
                           std::uint64_t event) {
  State& st = cell_type<TregModule>(s);
  std::vector<std::uint8_t> dies(st.cells.size());
  for (std::size_t i = 0; i < dies.size(); ++i)
    dies[i] = fraction.field.contains(s.lattice.centre_um(st.cells.voxel[i])) &&
              draw_dies(p_die, s.seed, kRadiation, event, st.cells.id[i]);
  remove_flagged(st, dies);
}

}  // namespace isv::agents
