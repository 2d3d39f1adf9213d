// Embolization: the cut in flow kills only through the oxygen model (necrosis of anoxic cells,
// after the oxygen has fallen), recanalization restores the flow with its half-time, fewer
// immune cells can enter, and the run stays bit-identical at 1 and 2 threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include "agents/lesion.hpp"
#include "agents/treatment_zone.hpp"
#include "tests/support/lesion_builders.hpp"

namespace isv::agents {
namespace {

// A small, well-oxygenated tumour: no cell is anoxic before treatment.
LesionConfig small_lesion() {
  LesionConfig c = test::cube_lesion("emb", 24, 60.0);
  c.tumor.doubling_time_days = 2.0;
  return c;
}

TEST(Embolization, TumourDiesOnlyByHypoxiaAfterOxygenFalls) {
  // Oxygen penetrates ~100 um into tumour, so only a tumour several times that size has an
  // anoxic core once its flow is cut: 40-um voxels keep the lattice small.
  LesionConfig cfg = small_lesion();
  cfg.lattice.voxel_um = 40.0;
  cfg.tumor.initial_radius_um = 360.0;
  Lesion lesion(cfg, 7, 1.0);
  Lesion control(cfg, 7, 1.0);
  for (int s = 0; s < 12; ++s) {
    lesion.step();
    control.step();
  }
  ASSERT_EQ(lesion.readouts().tumor_deaths_total, 0) << "deaths before treatment: bad fixture";
  // The tumour and a margin of tissue around it (oxygen from perfused tissue next to the
  // tumour would otherwise keep its rim alive, as after TACE in patients).
  const model::Lattice& lat = lesion.lattice();
  const std::vector<std::int32_t> territory =
      test::sphere_voxels(lat, lat.centre_um(lat.index(lat.centre_voxel())), 440.0);
  const std::set<std::int32_t> in_territory(territory.begin(), territory.end());
  const double anoxic = cfg.tumor.anoxic_threshold_mmHg;
  double oxygen_before = 0.0;
  for (const std::int32_t v : territory) {
    ASSERT_GT(lesion.oxygen_mmHg()[v], anoxic);
    oxygen_before += lesion.oxygen_mmHg()[v];
  }

  const auto cells_before = lesion.tumor().size();
  lesion.embolize({territory, 0.0, 1.0, 30.0 * 24.0});
  EXPECT_EQ(lesion.tumor().size(), cells_before) << "embolization must not kill by decree";

  std::int64_t hypoxic_deaths = 0;
  for (int s = 0; s < 24; ++s) {
    std::vector<std::uint64_t> ids = lesion.tumor().id;
    std::vector<std::int32_t> voxels = lesion.tumor().voxel;
    lesion.step();
    control.step();
    std::set<std::uint64_t> alive(lesion.tumor().id.begin(), lesion.tumor().id.end());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (alive.count(ids[i]) != 0) continue;
      // The oxygen this step's fate decisions read: the voxel was anoxic when the cell died.
      EXPECT_TRUE(in_territory.count(voxels[i]) != 0) << "death outside the territory";
      EXPECT_LT(lesion.oxygen_mmHg()[voxels[i]], anoxic) << "death before the oxygen fell";
      ++hypoxic_deaths;
    }
  }
  double oxygen_after = 0.0;
  for (const std::int32_t v : territory) oxygen_after += lesion.oxygen_mmHg()[v];
  EXPECT_LT(oxygen_after, 0.75 * oxygen_before) << "the territory's oxygen did not fall";
  EXPECT_GT(hypoxic_deaths, 0);
  EXPECT_EQ(lesion.deaths_by_mode(DeathMode::kNecrosis), lesion.readouts().tumor_deaths_total);
  EXPECT_EQ(lesion.readouts().tumor_deaths_total, hypoxic_deaths);
  EXPECT_EQ(control.readouts().tumor_deaths_total, 0) << "deaths without embolization";
}

// In tissue free of tumour the vessels stay at 1, so the perfusion is the flow multiplier:
// 1 - f 2^{-t/T} at the start of each step.
TEST(Embolization, RecanalizationRestoresPerfusionWithHalfTime) {
  LesionConfig cfg = small_lesion();
  cfg.tumor.initial_radius_um = 0.0;
  Lesion lesion(cfg, 3, 1.0);
  const model::Lattice& lat = lesion.lattice();
  const Point3 centre = lat.centre_um(lat.index(lat.centre_voxel()));
  const std::vector<std::int32_t> territory = test::sphere_voxels(lat, centre, 100.0);
  ASSERT_FALSE(territory.empty());
  const double fraction = 0.8, half_time_h = 48.0;
  lesion.embolize({territory, 0.0, fraction, half_time_h});
  const std::int32_t outside = 0;  // a lattice corner
  for (int s = 0; s <= 96; ++s) {
    const double t_h = lesion.time_h();
    lesion.step();
    const double expected = 1.0 - fraction * std::exp2(-t_h / half_time_h);
    for (const std::int32_t v : {territory.front(), territory.back()})
      ASSERT_NEAR(lesion.perfusion()[v], expected, 1e-6) << "t = " << t_h << " h";
    ASSERT_EQ(lesion.perfusion()[outside], 1.0f);
    if (s == 48) {
      EXPECT_NEAR(lesion.perfusion()[territory.front()], 1.0 - fraction / 2, 1e-6);
    }
  }
}

// Entry weights (T cells, and DC recruitment through the same perfusion) scale with the flow.
TEST(Embolization, FewerImmuneCellsCanEnter) {
  LesionConfig cfg = small_lesion();
  Lesion lesion(cfg, 5, 1.0);
  lesion.step();
  const double before = lesion.tcell_entry_weight_cm3();
  std::vector<std::int32_t> all(static_cast<std::size_t>(lesion.lattice().size()));
  for (std::size_t v = 0; v < all.size(); ++v) all[v] = static_cast<std::int32_t>(v);
  lesion.embolize({all, 0.0, 0.9, 0.0});
  lesion.step();
  EXPECT_NEAR(lesion.tcell_entry_weight_cm3() / before, 0.1, 1e-3);
}

std::vector<std::uint64_t> run_embolized(int threads) {
  tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
  LesionConfig cfg = small_lesion();
  cfg.tumor.initial_radius_um = 120.0;
  Lesion lesion(cfg, 11, 1.0);
  for (int s = 0; s < 6; ++s) lesion.step();
  lesion.embolize({lesion.lesion_voxels(), 0.0, 0.9, 72.0});
  for (int s = 0; s < 30; ++s) lesion.step();
  std::vector<std::uint64_t> out = lesion.tumor().id;
  for (const std::int32_t v : lesion.tumor().voxel) out.push_back(static_cast<std::uint64_t>(v));
  for (const std::span<const float> f : {lesion.oxygen_mmHg(), lesion.perfusion()}) {
    for (const float x : f) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, &x, sizeof bits);
      out.push_back(bits);
    }
  }
  return out;
}

TEST(Embolization, BitIdenticalAtOneAndTwoThreads) {
  const auto one = run_embolized(1);
  const auto two = run_embolized(2);
  ASSERT_EQ(one.size(), two.size());
  EXPECT_TRUE(one == two);
}

}  // namespace
}  // namespace isv::agents
