// Structure-of-arrays stores of the immune agents: CD8 T cells and dendritic cells. Each
// declares its columns once (agents/store_ops.hpp: reserve, append, removal, checkpoint).
#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "agents/store_ops.hpp"

namespace isv::agents {

struct TCells {
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<std::uint8_t> specificity;  // tracked antigen index
  std::vector<float> death_h;             // time the cell dies of age
  std::vector<float> exhaustion;          // 0 fresh .. 1 exhausted (then it no longer kills)
  std::vector<std::uint8_t> divisions_left;
  std::vector<std::uint8_t> engaged;  // 1 if it engaged a target in the last step

  std::size_t size() const noexcept { return id.size(); }

  // Every member, in declaration order (agents/store_ops.hpp).
  static constexpr auto columns() {
    return std::tuple{&TCells::id,      &TCells::voxel,      &TCells::specificity,
                      &TCells::death_h, &TCells::exhaustion, &TCells::divisions_left,
                      &TCells::engaged};
  }

  // A fresh cell (not exhausted, not engaged).
  void append(std::uint64_t new_id, std::int32_t at_voxel, std::uint8_t antigen, float dies_at_h,
              std::uint8_t divisions) {
    append_row(*this, new_id, at_voxel, antigen, dies_at_h, 0.0f, divisions, std::uint8_t{0});
  }
};
static_assert(declared_layout_matches<TCells>(), "TCells::columns() must list every member");

struct DendriticCells {
  int antigen_count = 1;
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<std::uint8_t> mature;
  std::vector<float> load;  // antigen_count entries per cell (cell-eq)

  std::size_t size() const noexcept { return id.size(); }

  // Store-wide values and per-cell columns, in declaration order (agents/store_ops.hpp).
  static constexpr auto scalars() { return std::tuple{&DendriticCells::antigen_count}; }
  static constexpr auto columns() {
    return std::tuple{&DendriticCells::id, &DendriticCells::voxel, &DendriticCells::mature,
                      &DendriticCells::load};
  }
  template <class T>
  std::size_t stride(const std::vector<T>& column) const noexcept {
    return static_cast<const void*>(&column) == static_cast<const void*>(&load)
               ? static_cast<std::size_t>(antigen_count)
               : 1;
  }

  // A new immature cell with no antigen.
  void append(std::uint64_t new_id, std::int32_t at_voxel) {
    append_row(*this, new_id, at_voxel, std::uint8_t{0}, 0.0f);
  }
  float* load_of(std::size_t i) noexcept { return load.data() + i * antigen_count; }
  const float* load_of(std::size_t i) const noexcept { return load.data() + i * antigen_count; }
};
static_assert(declared_layout_matches<DendriticCells>(),
              "DendriticCells::scalars() and columns() must list every member");

}  // namespace isv::agents
