// The XDMF 2 sidecar of a run's HDF5 file: a small XML file that ParaView opens directly
// (XDMFReader) and that points into the HDF5 snapshot datasets, one uniform 3-D grid per lesion
// and snapshot. It holds no data of its own, so it is cheap to rewrite after every snapshot.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace isv::output {

// One [snapshot, z, y, x] dataset shown as a point array on the lesion's grid.
struct XdmfArray {
  enum class Type { kUInt8, kFloat32 };
  std::string name;     // array name in ParaView
  std::string dataset;  // absolute path in the HDF5 file
  Type type = Type::kFloat32;
};

// Immune cells shown as points beside a lesion's grid (population lesions): per snapshot a
// Polyvertex grid over the first counts[s] rows of the group's [snapshot, max_points, ...]
// datasets position_um, type and specificity (output/hdf5_points.hpp).
struct XdmfPoints {
  std::string group;  // absolute path of the HDF5 group
  std::int64_t max_points = 0;
  std::vector<std::int64_t> counts;  // one per snapshot written so far
};

// The snapshots of one lesion. Voxel (i, j, k) becomes the grid point at its centre,
// origin_um + (i + 1/2, j + 1/2, k + 1/2) * voxel_um, so that every array is point data that
// ParaView can slice and contour directly.
struct XdmfLesion {
  std::string name;
  std::array<std::int64_t, 3> dims_zyx{};
  double voxel_um = 0.0;
  std::array<double, 3> origin_um{};  // corner of voxel (0, 0, 0), x y z
  std::vector<XdmfArray> arrays;
  std::vector<double> times_h;  // one per snapshot written so far
  std::optional<XdmfPoints> points;
};

// The XDMF text for `lesions`, whose datasets live in `h5_reference` (written as given: a file
// name relative to the XDMF file, so that the pair can be moved together).
std::string xdmf_text(const std::vector<XdmfLesion>& lesions, const std::string& h5_reference);

// Where the sidecar of a run file lives: run.h5 -> run.xmf while complete, and run.part.xmf
// (pointing at run.h5.part) while the run is going or after it was interrupted.
std::filesystem::path xdmf_path_for(const std::filesystem::path& h5_final_path);
std::filesystem::path partial_xdmf_path_for(const std::filesystem::path& h5_final_path);

// Writes `text` to `path` through a temporary file and a rename, so that a reader never sees
// a half-written sidecar. Throws model::IoError.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

// Keeps the sidecar of one run file in step with the HDF5 writer.
class XdmfSidecar {
 public:
  // Removes a partial sidecar left by an earlier run of the same file (as the HDF5 writer
  // overwrites its ".part" file).
  explicit XdmfSidecar(std::filesystem::path h5_final_path);

  std::vector<XdmfLesion>& lesions() noexcept { return lesions_; }
  const std::vector<XdmfLesion>& lesions() const noexcept { return lesions_; }

  // Rewrites run.part.xmf for the snapshots recorded so far (pointing at run.h5.part).
  void write_partial() const;
  // After run.h5.part became run.h5: writes run.xmf and removes run.part.xmf. With no
  // snapshot in the run there is nothing to show; then any stale run.xmf is removed instead.
  void write_final() const;

 private:
  std::filesystem::path h5_final_path_;
  std::vector<XdmfLesion> lesions_;
};

}  // namespace isv::output
