// The immune point set of a population lesion in the run file, one record per snapshot:
//   /snapshots/<lesion>/immune_points/count            int64 [snapshot]
//   /snapshots/<lesion>/immune_points/cells_per_point  float64 [snapshot]
//   /snapshots/<lesion>/immune_points/position_um      float32 [snapshot, max_points, 3]
//   /snapshots/<lesion>/immune_points/type             uint8 [snapshot, max_points]
//   /snapshots/<lesion>/immune_points/specificity      uint8 [snapshot, max_points]
// Rows from `count` on are zero. Fixed-size records keep a resumed file cut by snapshot like
// every other dataset. Private to output/ (includes hdf5.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agents/immune_points.hpp"
#include "output/hdf5_dataset.hpp"

namespace isv::output {

class ImmunePointDatasets {
 public:
  // Creates (or, in a reopened file, opens) the datasets in the existing group `group`.
  ImmunePointDatasets(const h5::FileObjects& objects, const std::string& group,
                      std::int64_t max_points);

  // Appends one snapshot's points (at most max_points; more is an error of the caller).
  void append(const agents::ImmunePoints& points);
  void truncate(hsize_t snapshots);
  // The point count of every snapshot written so far (for the XDMF of a resumed run).
  std::vector<std::int64_t> counts() const;
  std::int64_t max_points() const noexcept { return max_points_; }
  // Bytes one record takes, for disk reservations.
  static std::uint64_t record_bytes(std::int64_t max_points) noexcept {
    return static_cast<std::uint64_t>(max_points) * (3 * sizeof(float) + 2) + 16;
  }

 private:
  std::int64_t max_points_;
  h5::GrowingDataset count_, cells_per_point_, position_, type_, specificity_;
  std::vector<float> position_buffer_;
  std::vector<std::uint8_t> type_buffer_, specificity_buffer_;
};

}  // namespace isv::output
