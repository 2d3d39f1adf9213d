// The declared agent stores (agents/store_ops.hpp) and the declared read-out list
// (agents/lesion_readouts.hpp): generic append, removal, size check and checkpoint round trip.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "agents/immune_cells.hpp"
#include "agents/lesion_readouts.hpp"
#include "agents/tumor_cells.hpp"
#include "model/checkpoint_io.hpp"

namespace isv::agents {
namespace {

TumorCells five_tumor_cells() {
  TumorCells t;
  for (std::uint64_t i = 0; i < 5; ++i)
    t.append(100 + i, static_cast<std::int32_t>(10 * i), 20.0f + i, 1.0f * i, i, 1.5f * i);
  return t;
}

TEST(DeclaredStores, AppendFillsEveryColumn) {
  const TumorCells t = five_tumor_cells();
  EXPECT_EQ(t.size(), 5u);
  EXPECT_TRUE(columns_consistent(t));
  EXPECT_EQ(t.phase[3], TumorPhase::kCycling);
  EXPECT_EQ(t.voxel[3], 30);
  EXPECT_EQ(t.pdl1[4], 6.0f);
  TCells c;
  c.append(7, 3, 1, 50.0f, 4);
  EXPECT_TRUE(columns_consistent(c));
  EXPECT_EQ(c.exhaustion[0], 0.0f);
  EXPECT_EQ(c.engaged[0], 0);
  EXPECT_EQ(c.divisions_left[0], 4);
}

TEST(DeclaredStores, KeepRowsIsStableOverEveryColumn) {
  TumorCells t = five_tumor_cells(), spare;
  const std::vector<std::int32_t> keep{0, 2, 4};
  keep_rows(t, keep, spare);
  ASSERT_TRUE(columns_consistent(t));
  EXPECT_EQ(t.id, (std::vector<std::uint64_t>{100, 102, 104}));
  EXPECT_EQ(t.voxel, (std::vector<std::int32_t>{0, 20, 40}));
  EXPECT_EQ(t.antigen_mask, (std::vector<std::uint64_t>{0, 2, 4}));
  EXPECT_EQ(t.cycle_length_h, (std::vector<float>{20.0f, 22.0f, 24.0f}));
}

TEST(DeclaredStores, DendriticCellLoadMovesWithItsCell) {
  DendriticCells d;
  d.antigen_count = 3;
  for (std::uint64_t i = 0; i < 4; ++i) {
    d.append(i, static_cast<std::int32_t>(i));
    for (int k = 0; k < 3; ++k) d.load_of(i)[k] = static_cast<float>(10 * i + k);
  }
  ASSERT_EQ(d.load.size(), 12u);
  ASSERT_TRUE(columns_consistent(d));
  const std::vector<std::uint8_t> keep{1, 0, 0, 1};
  keep_flagged(d, keep);
  ASSERT_TRUE(columns_consistent(d));
  EXPECT_EQ(d.id, (std::vector<std::uint64_t>{0, 3}));
  EXPECT_EQ(d.load, (std::vector<float>{0, 1, 2, 30, 31, 32}));
}

TEST(DeclaredStores, SizeCheckFindsAShortColumn) {
  TumorCells t = five_tumor_cells();
  t.pdl1.pop_back();
  EXPECT_FALSE(columns_consistent(t));
  DendriticCells d;
  d.antigen_count = 2;
  d.append(1, 1);
  d.load.push_back(0.0f);
  EXPECT_FALSE(columns_consistent(d));
}

TEST(DeclaredStores, CheckpointRoundTripRestoresEveryColumn) {
  const TumorCells t = five_tumor_cells();
  DendriticCells d;
  d.antigen_count = 2;
  d.append(9, 4);
  d.load_of(0)[1] = 3.5f;
  model::CheckpointWriter out;
  out(t, d);
  model::CheckpointReader in(out.payload(), "test");
  TumorCells t2;
  DendriticCells d2;
  in(t2, d2);
  EXPECT_TRUE(in.at_end());
  EXPECT_EQ(t2.id, t.id);
  EXPECT_EQ(t2.voxel, t.voxel);
  EXPECT_EQ(t2.cycle_length_h, t.cycle_length_h);
  EXPECT_EQ(t2.cycle_age_h, t.cycle_age_h);
  EXPECT_EQ(t2.phase, t.phase);
  EXPECT_EQ(t2.antigen_mask, t.antigen_mask);
  EXPECT_EQ(t2.pdl1, t.pdl1);
  EXPECT_EQ(d2.antigen_count, 2);
  EXPECT_EQ(d2.load, d.load);
  EXPECT_EQ(d2.id, d.id);
}

TEST(ReadoutList, NamesAreUniqueAndEveryScalarRoundTrips) {
  std::set<std::string> names;
  LesionReadouts r;
  double x = 1.0;
  for (const ReadoutQuantity& q : kReadoutQuantities) {
    EXPECT_TRUE(names.insert(q.name).second) << "duplicate read-out " << q.name;
    EXPECT_FALSE(std::string(q.unit).empty()) << q.name << " has no unit";
    std::visit([&](auto m) { r.*m = static_cast<std::remove_reference_t<decltype(r.*m)>>(x); },
               q.member);
    x += 1.0;
  }
  r.antigen_released_total = {0.25, 0.5};
  model::CheckpointWriter out;
  visit_readouts(r, out);
  model::CheckpointReader in(out.payload(), "test");
  LesionReadouts back;
  visit_readouts(back, in);
  EXPECT_TRUE(in.at_end());
  EXPECT_EQ(back, r);
  // Every listed value was set to a distinct value, so equal read-outs mean every one of them
  // went through the archive.
  for (std::size_t k = 0; k < kReadoutQuantities.size(); ++k)
    EXPECT_EQ(kReadoutQuantities[k].value(back), static_cast<double>(k + 1));
}

}  // namespace
}  // namespace isv::agents
