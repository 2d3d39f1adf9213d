// Immune point sets of population lesions in the run file (output/hdf5_points.hpp).
#include "output/hdf5_points.hpp"

#include <algorithm>

#include "model/errors.hpp"

namespace isv::output {
namespace {

using Dims = std::vector<hsize_t>;
constexpr hsize_t kSeriesChunk = 256;

}  // namespace

ImmunePointDatasets::ImmunePointDatasets(const h5::FileObjects& objects, const std::string& group,
                                         std::int64_t max_points)
    : max_points_(max_points),
      count_(objects, group + "/count", H5T_STD_I64LE, H5T_NATIVE_INT64, Dims{},
             Dims{kSeriesChunk}),
      cells_per_point_(objects, group + "/cells_per_point", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                       Dims{}, Dims{kSeriesChunk}),
      position_(objects, group + "/position_um", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                Dims{static_cast<hsize_t>(max_points), 3},
                Dims{1, static_cast<hsize_t>(max_points), 3}),
      type_(objects, group + "/type", H5T_STD_U8LE, H5T_NATIVE_UINT8,
            Dims{static_cast<hsize_t>(max_points)}, Dims{1, static_cast<hsize_t>(max_points)}),
      specificity_(objects, group + "/specificity", H5T_STD_U8LE, H5T_NATIVE_UINT8,
                   Dims{static_cast<hsize_t>(max_points)},
                   Dims{1, static_cast<hsize_t>(max_points)}) {
  objects.write_attribute(group + "/position_um", "units", std::string_view("um"));
  objects.write_attribute(group + "/cells_per_point", "units", std::string_view("cells"));
  objects.write_attribute(group + "/type", "codes", std::string_view("1 CD8 T cell, 2 Treg"));
  objects.write_attribute(group + "/specificity", "codes",
                          std::string_view("tracked antigen of a CD8 T cell; 255 none"));
}

void ImmunePointDatasets::append(const agents::ImmunePoints& points) {
  const auto n = static_cast<std::int64_t>(points.size());
  if (n > max_points_)
    throw model::IoError("immune point set of " + std::to_string(n) + " points exceeds " +
                         std::to_string(max_points_));
  const auto m = static_cast<std::size_t>(max_points_);
  position_buffer_.assign(3 * m, 0.0F);
  type_buffer_.assign(m, 0);
  specificity_buffer_.assign(m, 0);
  std::copy(points.position_um.begin(), points.position_um.end(), position_buffer_.begin());
  std::copy(points.type.begin(), points.type.end(), type_buffer_.begin());
  std::copy(points.specificity.begin(), points.specificity.end(), specificity_buffer_.begin());
  count_.append(&n);
  cells_per_point_.append(&points.cells_per_point);
  position_.append(position_buffer_.data());
  type_.append(type_buffer_.data());
  specificity_.append(specificity_buffer_.data());
}

void ImmunePointDatasets::truncate(hsize_t snapshots) {
  count_.truncate(snapshots);
  cells_per_point_.truncate(snapshots);
  position_.truncate(snapshots);
  type_.truncate(snapshots);
  specificity_.truncate(snapshots);
}

std::vector<std::int64_t> ImmunePointDatasets::counts() const {
  std::vector<std::int64_t> out(static_cast<std::size_t>(count_.rows()));
  count_.read_all(out.data());
  return out;
}

}  // namespace isv::output
