// Structure-of-arrays stores of the immune agents: CD8 T cells and dendritic cells.
#pragma once

#include <cstdint>
#include <vector>

namespace isv::agents {

struct TCells {
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<std::uint8_t> specificity;    // tracked antigen index
  std::vector<float> death_h;               // time the cell dies of age
  std::vector<float> exhaustion;            // 0 fresh .. 1 exhausted (then it no longer kills)
  std::vector<std::uint8_t> divisions_left;
  std::vector<std::uint8_t> engaged;        // 1 if it engaged a target in the last step

  std::size_t size() const noexcept { return id.size(); }
  void append(std::uint64_t new_id, std::int32_t at_voxel, std::uint8_t antigen, float dies_at_h,
              std::uint8_t divisions) {
    id.push_back(new_id);
    voxel.push_back(at_voxel);
    specificity.push_back(antigen);
    death_h.push_back(dies_at_h);
    exhaustion.push_back(0.0f);
    divisions_left.push_back(divisions);
    engaged.push_back(0);
  }
  void keep_only(const std::vector<std::int32_t>& keep, TCells& spare);
};

struct DendriticCells {
  int antigen_count = 1;
  std::vector<std::uint64_t> id;
  std::vector<std::int32_t> voxel;
  std::vector<std::uint8_t> mature;
  std::vector<float> load;  // antigen_count entries per cell (cell-eq)

  std::size_t size() const noexcept { return id.size(); }
  void append(std::uint64_t new_id, std::int32_t at_voxel) {
    id.push_back(new_id);
    voxel.push_back(at_voxel);
    mature.push_back(0);
    load.resize(load.size() + static_cast<std::size_t>(antigen_count), 0.0f);
  }
  float* load_of(std::size_t i) noexcept { return load.data() + i * antigen_count; }
  const float* load_of(std::size_t i) const noexcept { return load.data() + i * antigen_count; }
  // Serial (DCs are few); keeps the cells with keep[i] != 0 in order.
  void keep_if(const std::vector<std::uint8_t>& keep);
};

}  // namespace isv::agents
