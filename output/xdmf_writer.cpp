// XDMF 2 sidecar. One temporal collection per lesion; each snapshot is a 3DCORECTMesh whose
// attributes are HyperSlab items selecting one time slice of a 4-D [t, z, y, x] dataset.
// XDMF 2 (ParaView's XDMFReader) is used because the Xdmf3 readers cannot read HyperSlab items.
#include "output/xdmf_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>

#include "model/errors.hpp"
#include "model/safe_file.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;
using model::IoError;

// Shortest text that reads back to the same double, independent of the locale.
std::string number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* number_type(XdmfArray::Type type) {
  return type == XdmfArray::Type::kUInt8 ? R"(NumberType="UChar" Precision="1")"
                                         : R"(NumberType="Float" Precision="4")";
}

void append_snapshot(std::string& out, const XdmfLesion& lesion, std::size_t snapshot,
                     const std::string& h5_reference) {
  const auto& d = lesion.dims_zyx;
  const std::string zyx =
      std::to_string(d[0]) + " " + std::to_string(d[1]) + " " + std::to_string(d[2]);
  const std::string tzyx = std::to_string(lesion.times_h.size()) + " " + zyx;
  const double half = 0.5 * lesion.voxel_um;
  const auto& o = lesion.origin_um;
  // ORIGIN_DXDYDZ lists z, y, x, matching the z-slowest order of the datasets.
  const std::string origin =
      number(o[2] + half) + " " + number(o[1] + half) + " " + number(o[0] + half);
  const std::string spacing =
      number(lesion.voxel_um) + " " + number(lesion.voxel_um) + " " + number(lesion.voxel_um);

  out += "      <Grid Name=\"" + escaped(lesion.name) + "\" GridType=\"Uniform\">\n";
  out += "        <Time Value=\"" + number(lesion.times_h[snapshot]) + "\"/>\n";
  out += "        <Topology TopologyType=\"3DCORECTMesh\" Dimensions=\"" + zyx + "\"/>\n";
  out += "        <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n";
  out +=
      "          <DataItem Name=\"Origin\" Dimensions=\"3\" NumberType=\"Float\" "
      "Precision=\"8\" Format=\"XML\">" +
      origin + "</DataItem>\n";
  out +=
      "          <DataItem Name=\"Spacing\" Dimensions=\"3\" NumberType=\"Float\" "
      "Precision=\"8\" Format=\"XML\">" +
      spacing + "</DataItem>\n";
  out += "        </Geometry>\n";
  for (const XdmfArray& array : lesion.arrays) {
    out += "        <Attribute Name=\"" + escaped(array.name) +
           "\" AttributeType=\"Scalar\" Center=\"Node\">\n";
    // The result is declared 3-D: XDMFReader would read a 4th dimension as components.
    out += "          <DataItem ItemType=\"HyperSlab\" Dimensions=\"" + zyx +
           "\" Type=\"HyperSlab\">\n";
    // Start, stride and count of the selection, one row each over (t, z, y, x).
    out += "            <DataItem Dimensions=\"3 4\" Format=\"XML\">" + std::to_string(snapshot) +
           " 0 0 0 1 1 1 1 1 " + zyx + "</DataItem>\n";
    out += "            <DataItem Dimensions=\"" + tzyx + "\" " + number_type(array.type) +
           " Format=\"HDF\">" + escaped(h5_reference) + ":" + escaped(array.dataset) +
           "</DataItem>\n";
    out += "          </DataItem>\n";
    out += "        </Attribute>\n";
  }
  out += "      </Grid>\n";
}

// One slice [snapshot, 0.., 0..] of `count` rows of a [snapshots, max_points(, 3)] dataset.
std::string point_slice(const XdmfPoints& p, std::size_t snapshots, std::size_t snapshot,
                        std::int64_t count, const char* dataset, const char* type, bool xyz,
                        const std::string& h5_reference) {
  const std::string n = std::to_string(count);
  const std::string rows = std::to_string(snapshots) + " " + std::to_string(p.max_points);
  std::string out = "          <DataItem ItemType=\"HyperSlab\" Dimensions=\"" + n +
                    (xyz ? " 3" : "") + "\" Type=\"HyperSlab\">\n";
  out += "            <DataItem Dimensions=\"3 " + std::string(xyz ? "3" : "2") +
         "\" Format=\"XML\">" + std::to_string(snapshot) + (xyz ? " 0 0 1 1 1 1 " : " 0 1 1 1 ") +
         n + (xyz ? " 3" : "") + "</DataItem>\n";
  out += "            <DataItem Dimensions=\"" + rows + (xyz ? " 3" : "") + "\" " + type +
         " Format=\"HDF\">" + escaped(h5_reference) + ":" + escaped(p.group) + "/" + dataset +
         "</DataItem>\n";
  out += "          </DataItem>\n";
  return out;
}

// The points of one snapshot. XDMF 2 cannot select zero rows, so a snapshot without points
// gets a grid with no cells over one placeholder point at the origin (type 0): ParaView draws
// nothing for it, and does not fall back to a neighbouring snapshot's points.
void append_points(std::string& out, const XdmfLesion& lesion, std::size_t snapshot,
                   const std::string& h5_reference) {
  const XdmfPoints& p = *lesion.points;
  const std::int64_t count = p.counts[snapshot];
  const std::size_t snapshots = lesion.times_h.size();
  const char* kFloat = R"(NumberType="Float" Precision="4")";
  const char* kByte = R"(NumberType="UChar" Precision="1")";
  out += "      <Grid Name=\"" + escaped(lesion.name) + "_immune_points\" GridType=\"Uniform\">\n";
  out += "        <Time Value=\"" + number(lesion.times_h[snapshot]) + "\"/>\n";
  out += "        <Topology TopologyType=\"Polyvertex\" NumberOfElements=\"" +
         std::to_string(std::max<std::int64_t>(count, 0)) + "\"/>\n";
  out += "        <Geometry GeometryType=\"XYZ\">\n";
  out += count > 0
             ? point_slice(p, snapshots, snapshot, count, "position_um", kFloat, true, h5_reference)
             : std::string("          <DataItem Dimensions=\"1 3\" ") + kFloat +
                   " Format=\"XML\">0 0 0</DataItem>\n";
  out += "        </Geometry>\n";
  for (const char* name : {"type", "specificity"}) {
    out += "        <Attribute Name=\"" + std::string(name) +
           "\" AttributeType=\"Scalar\" Center=\"Node\">\n";
    out += count > 0 ? point_slice(p, snapshots, snapshot, count, name, kByte, false, h5_reference)
                     : std::string("          <DataItem Dimensions=\"1\" ") + kByte +
                           " Format=\"XML\">" + (name[0] == 't' ? "0" : "255") + "</DataItem>\n";
    out += "        </Attribute>\n";
  }
  out += "      </Grid>\n";
}

}  // namespace

std::string xdmf_text(const std::vector<XdmfLesion>& lesions, const std::string& h5_reference) {
  std::string out =
      "<?xml version=\"1.0\" ?>\n"
      "<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
      "<!-- isvsim lattice snapshots; open with ParaView's XDMF (2) reader. Points are voxel "
      "centres (um), time is in hours. -->\n"
      "<Xdmf Version=\"2.0\">\n"
      "  <Domain>\n";
  for (const XdmfLesion& lesion : lesions) {
    out += "    <Grid Name=\"" + escaped(lesion.name) +
           "\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
    for (std::size_t s = 0; s < lesion.times_h.size(); ++s)
      append_snapshot(out, lesion, s, h5_reference);
    out += "    </Grid>\n";
    if (!lesion.points) continue;
    out += "    <Grid Name=\"" + escaped(lesion.name) +
           "_immune_points\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
    for (std::size_t s = 0; s < lesion.times_h.size(); ++s)
      append_points(out, lesion, s, h5_reference);
    out += "    </Grid>\n";
  }
  out += "  </Domain>\n</Xdmf>\n";
  return out;
}

fs::path xdmf_path_for(const fs::path& h5_final_path) {
  fs::path path = h5_final_path;
  path.replace_extension(".xmf");
  if (path == h5_final_path) path += ".xmf";  // the run file itself is called *.xmf
  return path;
}

fs::path partial_xdmf_path_for(const fs::path& h5_final_path) {
  fs::path path = xdmf_path_for(h5_final_path);
  path.replace_extension(".part.xmf");
  return path;
}

void write_text_atomically(const fs::path& path, const std::string& text) {
  const fs::path temp = path.string() + ".tmp";
  model::FileDescriptor file(model::create_fresh_file(temp, "XDMF sidecar"));
  try {
    model::write_fully(file.get(),
                       {reinterpret_cast<const unsigned char*>(text.data()), text.size()}, temp);
    file.close(temp);
    model::rename_into_place(temp, path, "XDMF sidecar");
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

XdmfSidecar::XdmfSidecar(fs::path h5_final_path) : h5_final_path_(std::move(h5_final_path)) {
  std::error_code ignored;
  fs::remove(partial_xdmf_path_for(h5_final_path_), ignored);
}

void XdmfSidecar::write_partial() const {
  const fs::path h5_part = h5_final_path_.string() + ".part";
  write_text_atomically(partial_xdmf_path_for(h5_final_path_),
                        xdmf_text(lesions_, h5_part.filename().string()));
}

void XdmfSidecar::write_final() const {
  std::error_code ignored;
  const fs::path final_xdmf = xdmf_path_for(h5_final_path_);
  bool any_snapshot = false;
  for (const XdmfLesion& lesion : lesions_) any_snapshot |= !lesion.times_h.empty();
  if (any_snapshot)
    write_text_atomically(final_xdmf, xdmf_text(lesions_, h5_final_path_.filename().string()));
  else
    fs::remove(final_xdmf, ignored);
  fs::remove(partial_xdmf_path_for(h5_final_path_), ignored);
}

}  // namespace isv::output
