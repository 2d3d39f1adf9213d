// CSV and HDF5 writers of TextTable (see text_table.hpp).
#include "output/text_table.hpp"

#include <charconv>
#include <cmath>
#include <fstream>

#include "model/errors.hpp"
#include "output/hdf5_handle.hpp"

namespace isv::output {

std::size_t TextTable::column(const std::string& name, bool is_numeric) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  add_column(name, is_numeric);
  for (auto& row : rows) row.resize(names.size());
  return names.size() - 1;
}

std::string number_cell(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
  return std::string(buf, r.ptr);
}

namespace {
std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

void write_csv(const TextTable& table, const std::filesystem::path& file) {
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    for (std::size_t c = 0; c < table.names.size(); ++c)
      out << (c ? "," : "") << csv_quote(table.names[c]);
    out << '\n';
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < table.names.size(); ++c)
        out << (c ? "," : "") << csv_quote(c < row.size() ? row[c] : std::string());
      out << '\n';
    }
    if (!out) throw model::IoError("cannot write '" + tmp.string() + "'");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) throw model::IoError("cannot rename '" + tmp.string() + "': " + ec.message());
}

void write_h5_table(long long file_id, const std::string& group, const TextTable& table,
                    const std::string& file_name) {
  const auto file = static_cast<hid_t>(file_id);
  // No object timestamps: the same sweep must give the same bytes.
  const h5::Handle gcpl =
      h5::checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, file_name, "H5Pcreate");
  h5::check(H5Pset_obj_track_times(gcpl.get(), 0), file_name, "H5Pset_obj_track_times");
  const h5::Handle dcpl =
      h5::checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, file_name, "H5Pcreate");
  h5::check(H5Pset_obj_track_times(dcpl.get(), 0), file_name, "H5Pset_obj_track_times");
  const h5::Handle g =
      h5::checked(H5Gcreate2(file, group.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                  file_name, "create " + group);
  const hsize_t n = table.rows.size();
  const h5::Handle space =
      h5::checked(H5Screate_simple(1, &n, nullptr), H5Sclose, file_name, "H5Screate_simple");
  for (std::size_t c = 0; c < table.names.size(); ++c) {
    std::string name = table.names[c];
    for (char& ch : name)
      if (ch == '/') ch = '|';  // '/' would make a sub-group
    const auto cell = [&](std::size_t r) -> std::string {
      return c < table.rows[r].size() ? table.rows[r][c] : std::string();
    };
    if (table.numeric[c]) {
      std::vector<double> v(n);
      for (std::size_t r = 0; r < n; ++r) {
        const std::string& t = cell(r);
        double x = NAN;
        if (!t.empty()) std::from_chars(t.data(), t.data() + t.size(), x);
        v[r] = x;
      }
      const h5::Handle ds =
          h5::checked(H5Dcreate2(g.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                 dcpl.get(), H5P_DEFAULT),
                      H5Dclose, file_name, "create " + name);
      if (n > 0)
        h5::check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
                  file_name, "write " + name);
    } else {
      const h5::Handle type = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, file_name, "H5Tcopy");
      h5::check(H5Tset_size(type.get(), H5T_VARIABLE), file_name, "H5Tset_size");
      h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), file_name, "H5Tset_cset");
      std::vector<std::string> texts(n);
      std::vector<const char*> ptrs(n);
      for (std::size_t r = 0; r < n; ++r) {
        texts[r] = cell(r);
        ptrs[r] = texts[r].c_str();
      }
      const h5::Handle ds = h5::checked(H5Dcreate2(g.get(), name.c_str(), type.get(), space.get(),
                                                   H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                        H5Dclose, file_name, "create " + name);
      if (n > 0)
        h5::check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
                  file_name, "write " + name);
    }
  }
}

}  // namespace isv::output
