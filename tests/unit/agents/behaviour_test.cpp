// The pure behaviour functions of tumour cells and T cells (agents/tumor_behaviour.hpp,
// agents/tcell_behaviour.hpp): each decision checked against its documented rule on a small
// hand-built neighbourhood.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "agents/immune_fields.hpp"
#include "agents/lesion.hpp"
#include "agents/tcell_behaviour.hpp"
#include "agents/tumor_behaviour.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

// A 5^3 lattice with one tumour cell in the centre voxel, oxygen set by the test.
struct TumorWorld {
  model::Lattice lattice{5, 5, 5, 20.0};
  model::TumorParams params;
  std::vector<float> oxygen = std::vector<float>(125, 40.0f);
  std::vector<std::int32_t> tumor_at = std::vector<std::int32_t>(125, -1);
  std::vector<float> debris = std::vector<float>(125, -1.0f);
  TumorCells cells;
  std::int32_t centre = lattice.index(2, 2, 2);

  TumorWorld() {
    params.anoxic_threshold_mmHg = 1.0;
    params.hypoxic_threshold_mmHg = 5.0;
    params.apoptosis_rate_per_day = 0.0;
    add_cell(centre, 20.0f, 10.0f);
  }
  void add_cell(std::int32_t v, float length_h, float age_h) {
    cells.append(cells.size(), v, length_h, age_h, 1, 1.0f);
    tumor_at[v] = static_cast<std::int32_t>(cells.size() - 1);
  }
  TumorIntent decide(std::uint64_t step = 0, double dt_h = 1.0) const {
    const TumorContext ctx{lattice, oxygen, tumor_at, debris, params, dt_h, 7, step};
    return decide_tumor(cells, 0, ctx);
  }
  std::vector<std::int32_t> neighbours() const {
    model::Lattice::Neighbours n;
    const int count = lattice.moore_neighbours(centre, n);
    return {n.begin(), n.begin() + count};
  }
};

TEST(DecideTumor, NormoxicCellAgesByTheStepAndOtherwiseDoesNothing) {
  const TumorWorld w;
  const TumorIntent intent = w.decide(0, 2.5);
  EXPECT_EQ(intent.action, TumorAction::kNone);
  EXPECT_EQ(intent.phase, TumorPhase::kCycling);
  EXPECT_FLOAT_EQ(intent.cycle_age_h, 12.5f);
}

TEST(DecideTumor, HypoxicCellPausesItsCycleWithoutDying) {
  TumorWorld w;
  w.oxygen[w.centre] = 3.0f;  // between the anoxic (1) and hypoxic (5) thresholds
  const TumorIntent intent = w.decide();
  EXPECT_EQ(intent.action, TumorAction::kNone);
  EXPECT_EQ(intent.phase, TumorPhase::kHypoxic);
  EXPECT_FLOAT_EQ(intent.cycle_age_h, 10.0f) << "the cycle must not advance";
}

TEST(DecideTumor, AnoxicCellDiesOfNecrosisAtItsRate) {
  TumorWorld w;
  w.oxygen[w.centre] = 0.5f;
  w.params.anoxic_death_rate_per_day = 1e6;  // certain within the step
  TumorIntent intent = w.decide();
  EXPECT_EQ(intent.action, TumorAction::kDie);
  EXPECT_EQ(intent.death_mode, DeathMode::kNecrosis);
  EXPECT_EQ(intent.phase, TumorPhase::kHypoxic);
  w.params.anoxic_death_rate_per_day = 0.0;  // never
  intent = w.decide();
  EXPECT_EQ(intent.action, TumorAction::kNone);
  EXPECT_EQ(intent.phase, TumorPhase::kHypoxic);
}

TEST(DecideTumor, ApoptosisComesFirstAndKeepsThePhase) {
  TumorWorld w;
  w.params.apoptosis_rate_per_day = 1e6;
  const TumorIntent intent = w.decide();
  EXPECT_EQ(intent.action, TumorAction::kDie);
  EXPECT_EQ(intent.death_mode, DeathMode::kApoptosis);
  EXPECT_EQ(intent.phase, TumorPhase::kCycling);
}

TEST(DecideTumor, CellAtCycleEndDividesIntoAFreeNeighbour) {
  TumorWorld w;
  w.cells.cycle_age_h[0] = 19.5f;  // reaches its 20-h cycle within the step
  const std::vector<std::int32_t> around = w.neighbours();
  // Occupy all but two neighbours: one with a cell, one with debris, two left free.
  std::set<std::int32_t> free_voxels{around[3], around[11]};
  for (std::size_t k = 0; k < around.size(); ++k) {
    if (free_voxels.count(around[k]) != 0) continue;
    if (k % 2 == 0)
      w.add_cell(around[k], 20.0f, 0.0f);
    else
      w.debris[around[k]] = 100.0f;
  }
  std::set<std::int32_t> chosen;
  for (std::uint64_t step = 0; step < 64; ++step) {
    const TumorIntent intent = w.decide(step);
    ASSERT_EQ(intent.action, TumorAction::kDivide);
    ASSERT_EQ(free_voxels.count(intent.target), 1u) << "divides only into a free voxel";
    chosen.insert(intent.target);
  }
  EXPECT_EQ(chosen, free_voxels) << "both free voxels are chosen over 64 draws";
}

TEST(DecideTumor, CellWithoutFreeNeighbourBecomesQuiescent) {
  TumorWorld w;
  w.cells.cycle_age_h[0] = 19.5f;
  for (const std::int32_t v : w.neighbours()) w.add_cell(v, 20.0f, 0.0f);
  const TumorIntent intent = w.decide();
  EXPECT_EQ(intent.action, TumorAction::kNone);
  EXPECT_EQ(intent.phase, TumorPhase::kQuiescent);
}

model::ImmuneParams two_antigens() {
  model::ImmuneParams p;
  p.antigens.count = 2;
  return p;
}

// A 5^3 lattice with no fields (no chemokine, no antibody) and one T cell of specificity 0 in
// the centre.
struct TCellWorld {
  model::Lattice lattice{5, 5, 5, 20.0};
  model::ImmuneParams params = two_antigens();
  ImmuneFields fields{lattice, params};
  TumorCells tumor;
  std::vector<std::int32_t> tumor_at = std::vector<std::int32_t>(125, -1);
  std::vector<std::uint8_t> tcell_count = std::vector<std::uint8_t>(125, 0);
  TCells tcells;
  std::int32_t centre = lattice.index(2, 2, 2);

  TCellWorld() {
    tcells.append(42, centre, 0, 1000.0f, 0);
    tcell_count[centre] = 1;
  }
  void add_tumor(std::int32_t v, std::uint64_t mask, float pdl1 = 0.0f) {
    tumor.append(tumor.size(), v, 20.0f, 0.0f, mask, pdl1);
    tumor_at[v] = static_cast<std::int32_t>(tumor.size() - 1);
  }
  TCellContext ctx(std::uint64_t step = 0) const {
    return {lattice, tumor, tumor_at, tcell_count, fields, params, 1.0, 3, step};
  }
  std::vector<std::int32_t> neighbours() const {
    model::Lattice::Neighbours n;
    const int count = lattice.moore_neighbours(centre, n);
    return {n.begin(), n.begin() + count};
  }
};

TEST(DecideTCellMove, UnbiasedWalkGoesToEveryNeighbourAndNowhereElse) {
  TCellWorld w;
  w.params.tcells.chemotaxis_bias = 0.0;
  const std::vector<std::int32_t> around = w.neighbours();
  std::vector<int> hits(125, 0);
  const int draws = 26 * 200;
  for (int s = 0; s < draws; ++s) {
    const TCellMoveIntent intent = decide_tcell_move(w.tcells, 0, w.ctx(s), 0);
    ASSERT_GE(intent.target, 0);
    ++hits[intent.target];
  }
  for (const std::int32_t v : around) {
    EXPECT_GT(hits[v], 200 - 5 * 14) << "each neighbour about 1/26 of the moves (200 +- 5 SD)";
    EXPECT_LT(hits[v], 200 + 5 * 14);
  }
  int total = 0;
  for (const std::int32_t v : around) total += hits[v];
  EXPECT_EQ(total, draws) << "only Moore neighbours are targets";
}

TEST(DecideTCellMove, FullVoxelMeansStaying) {
  TCellWorld w;
  w.params.tcells.chemotaxis_bias = 0.0;
  w.params.tcells.max_per_voxel = 2;
  for (const std::int32_t v : w.neighbours()) w.tcell_count[v] = 2;
  for (int s = 0; s < 50; ++s) EXPECT_EQ(decide_tcell_move(w.tcells, 0, w.ctx(s), 0).target, -1);
}

TEST(DecideTCellMove, IsAPureFunctionOfStepMoveAndCell) {
  const TCellWorld w;
  const TCellMoveIntent a = decide_tcell_move(w.tcells, 0, w.ctx(5), 3);
  const TCellMoveIntent b = decide_tcell_move(w.tcells, 0, w.ctx(5), 3);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.priority, b.priority);
}

// Moves past the 64th of a step once reused the counters of the next step's first moves
// (counter = step x 64 + move), and lesions stopped after 64 moves: they must draw on their own.
TEST(DecideTCellMove, MovesBeyondTheSixtyFourthDrawIndependently) {
  const TCellWorld w;
  int same_as_next_step = 0;
  for (std::uint64_t s = 0; s < 32; ++s) {
    for (int m = 64; m < 72; ++m) {
      const TCellMoveIntent late = decide_tcell_move(w.tcells, 0, w.ctx(s), m);
      const TCellMoveIntent next = decide_tcell_move(w.tcells, 0, w.ctx(s + 1), m - 64);
      same_as_next_step += late.priority == next.priority ? 1 : 0;
    }
  }
  EXPECT_EQ(same_as_next_step, 0);
}

TEST(TCellMoves, PerStepCountFollowsSpeedAndStepWithoutACap) {
  EXPECT_EQ(tcell_moves_per_step(5.0, 1.0, 20.0), 15);    // 300 um/h over 20-um voxels
  EXPECT_EQ(tcell_moves_per_step(5.0, 24.0, 20.0), 360);  // not 64
  EXPECT_EQ(tcell_moves_per_step(0.0, 24.0, 20.0), 0);
  EXPECT_TRUE(tcell_moves_error(5.0, 24.0, 20.0).empty());
  const std::string error = tcell_moves_error(5000.0, 24.0, 1.0);
  EXPECT_NE(error.find("tcells.speed_um_per_min"), std::string::npos) << error;
  EXPECT_NE(error.find("run.step_h"), std::string::npos) << error;

  LesionConfig c = test::cube_lesion("fast", 8, 20.0);
  c.immune.tcells.speed_um_per_min = 5000.0;
  EXPECT_THROW(Lesion(c, 1, 24.0), model::ScenarioError) << "a lesion refuses what it cannot do";
  EXPECT_NO_THROW(Lesion(c, 1, 0.05));
}

TEST(DecideTCellAct, NoTargetWithItsAntigenMeansNoEngagement) {
  TCellWorld w;
  w.add_tumor(w.neighbours()[0], 0b10);  // expresses antigen 1 only; the cell sees antigen 0
  const TCellActIntent intent = decide_tcell_act(w.tcells, 0, w.ctx());
  EXPECT_EQ(intent.engaged, 0);
  EXPECT_EQ(intent.kill_target, -1);
  EXPECT_EQ(intent.exhaustion, 0.0f);
}

TEST(DecideTCellAct, ExhaustedCellNeitherEngagesNorKills) {
  TCellWorld w;
  w.add_tumor(w.centre, 0b01);
  w.tcells.exhaustion[0] = 1.0f;
  w.params.tcells.kill_rate_per_day = 1e6;
  const TCellActIntent intent = decide_tcell_act(w.tcells, 0, w.ctx());
  EXPECT_EQ(intent.engaged, 0);
  EXPECT_EQ(intent.kill_target, -1);
  EXPECT_EQ(intent.exhaustion, 1.0f);
}

TEST(DecideTCellAct, KillsOnlyAdjacentCellsExpressingItsAntigen) {
  TCellWorld w;
  w.params.tcells.kill_rate_per_day = 1e6;  // kills whenever engaged
  const std::vector<std::int32_t> around = w.neighbours();
  w.add_tumor(around[0], 0b01);                 // target
  w.add_tumor(around[5], 0b10);                 // wrong antigen
  w.add_tumor(around[9], 0b11);                 // target
  w.add_tumor(w.lattice.index(0, 0, 0), 0b01);  // right antigen, not adjacent
  std::set<std::int32_t> killed;
  for (std::uint64_t s = 0; s < 64; ++s) {
    const TCellActIntent intent = decide_tcell_act(w.tcells, 0, w.ctx(s));
    ASSERT_EQ(intent.engaged, 1);
    ASSERT_TRUE(intent.kill_target == 0 || intent.kill_target == 2) << intent.kill_target;
    killed.insert(intent.kill_target);
  }
  EXPECT_EQ(killed.size(), 2u) << "both targets are chosen over 64 draws";
}

TEST(DecideTCellAct, PdL1SuppressionExhaustsAndWithoutItNothingExhausts) {
  TCellWorld w;
  w.params.tcells.kill_rate_per_day = 0.0;  // engage, never kill
  w.params.tcells.exhaustion_rate_per_day = 2.4;
  w.add_tumor(w.centre, 0b01, 0.0f);  // no PD-L1: H = 0
  TCellActIntent intent = decide_tcell_act(w.tcells, 0, w.ctx());
  EXPECT_EQ(intent.engaged, 1);
  EXPECT_EQ(intent.kill_target, -1);
  EXPECT_EQ(intent.exhaustion, 0.0f);

  w.tumor.pdl1[0] = 5.0f;
  const double h = pd1_suppression(5.0, 0.0, 0.0, w.params.pdl1);
  ASSERT_GT(h, 0.0);
  intent = decide_tcell_act(w.tcells, 0, w.ctx());
  EXPECT_NEAR(intent.exhaustion, 1.0 * 2.4 / 24.0 * h, 1e-6) << "dt x rate x H";
}

}  // namespace
}  // namespace isv::agents
