// HDF5 → RunReadout (see run_readout.hpp).
#include "output/run_readout.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/errors.hpp"
#include "output/hdf5_handle.hpp"

namespace isv::output {
namespace {

using model::IoError;

std::vector<std::string> child_names(hid_t group) {
  std::vector<std::string> names;
  H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

// True if `name` is a link in the open group `group` (one level: no error on a missing parent).
bool has_link(hid_t group, const std::string& name) {
  return H5Lexists(group, name.c_str(), H5P_DEFAULT) > 0;
}

bool is_group(hid_t file, const std::string& path) {
  H5O_info_t info;
  return H5Oget_info_by_name(file, path.c_str(), &info, H5P_DEFAULT) >= 0 &&
         info.type == H5O_TYPE_GROUP;
}

std::vector<double> read_series(hid_t file, const std::string& path, const std::string& where) {
  const h5::Handle ds =
      h5::checked(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, where, "open " + path);
  const h5::Handle space = h5::checked(H5Dget_space(ds.get()), H5Sclose, where, "space " + path);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<double> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  if (!v.empty())
    h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), where,
              "read " + path);
  return v;
}

std::string number_text(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
  return std::string(buf, r.ptr);
}

std::vector<std::string> read_strings(hid_t file, const std::string& path,
                                      const std::string& where) {
  const h5::Handle ds =
      h5::checked(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, where, "open " + path);
  const h5::Handle space = h5::checked(H5Dget_space(ds.get()), H5Sclose, where, "space " + path);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  const h5::Handle type = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, where, "H5Tcopy");
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), where, "H5Tset_size");
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), where, "H5Tset_cset");  // as written
  std::vector<char*> raw(n, nullptr);
  std::vector<std::string> out;
  if (n > 0 && H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0) {
    for (char* p : raw) out.emplace_back(p != nullptr ? p : "");
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  }
  return out;
}

// "0=NE 1=CR 2=PR 3=SD 4=PD" (model::response_code_legend).
constexpr const char* kLabels[] = {"NE", "CR", "PR", "SD", "PD"};
std::string response_label(double code) {
  const auto i = static_cast<int>(code);
  return i >= 0 && i <= 4 ? kLabels[i] : "NE";
}

// The response read-outs of model/response.hpp written by the run (output/hdf5_summary.cpp):
// /summary/patient scalars, and /summary/lesions/<field>[L] per lesion.
void read_summary(hid_t file, const std::string& where, RunReadout& r) {
  if (is_group(file, "/summary/patient")) {
    const h5::Handle g = h5::checked(H5Gopen2(file, "/summary/patient", H5P_DEFAULT), H5Gclose,
                                     where, "open /summary/patient");
    for (const std::string& name : child_names(g.get())) {
      const std::vector<double> v = read_series(file, "/summary/patient/" + name, where);
      if (v.size() != 1) continue;
      const bool code = name.find("best_overall_response") != std::string::npos;
      r.summary_fields.emplace_back(name, code ? response_label(v[0]) : number_text(v[0]));
    }
  }
  if (!is_group(file, "/summary/lesions")) return;
  const h5::Handle g = h5::checked(H5Gopen2(file, "/summary/lesions", H5P_DEFAULT), H5Gclose, where,
                                   "open /summary/lesions");
  if (!has_link(g.get(), "name")) return;
  const std::vector<std::string> lesions = read_strings(file, "/summary/lesions/name", where);
  for (const std::string& field : child_names(g.get())) {
    if (field == "name") continue;
    const std::vector<double> v = read_series(file, "/summary/lesions/" + field, where);
    if (v.size() != lesions.size()) continue;
    for (std::size_t l = 0; l < lesions.size(); ++l)
      r.summary_fields.emplace_back(lesions[l] + "." + field, number_text(v[l]));
  }
}

// The value of a /summary field, if the run has it.
const std::string* summary_field(const RunReadout& r, const std::string& name) {
  for (const auto& [key, value] : r.summary_fields)
    if (key == name) return &value;
  return nullptr;
}

// A /summary code field as an int; -1 if the run has none.
int summary_code(const RunReadout& r, const std::string& name) {
  const std::string* v = summary_field(r, name);
  return v == nullptr || v->empty() ? -1 : static_cast<int>(std::lround(std::stod(*v)));
}

std::string category(double change, bool gone, double sld, double nadir, bool& pd,
                     const ReadoutCriteria& c) {
  pd = false;
  if (gone) return "CR";
  if (nadir > 0.0 && sld >= (1.0 + c.pd_growth_fraction) * nadir && sld > nadir) {
    pd = true;
    return "PD";
  }
  if (change <= -c.pr_shrink_fraction) return "PR";
  return "SD";
}

int rank(const std::string& r) { return r == "CR" ? 0 : r == "PR" ? 1 : r == "SD" ? 2 : 3; }

struct SeriesResponse {
  std::string best = "NE";
  bool progressed = false;
  double ttp_days = 0.0;
};

// Every sample after baseline is an assessment; responses count up to the first PD.
SeriesResponse classify_series(const std::vector<double>& time_h, const std::vector<double>& sum,
                               const std::vector<double>& viable, const ReadoutCriteria& c) {
  SeriesResponse out;
  const double base = sum.front();
  if (sum.size() < 2 || !(base > 0)) return out;
  out.best = "PD";
  double nadir = base;
  for (std::size_t k = 1; k < sum.size(); ++k) {
    bool pd = false;
    const std::string cat = category(sum[k] / base - 1.0, viable[k] <= 0.0, sum[k], nadir, pd, c);
    if (rank(cat) < rank(out.best)) out.best = cat;
    if (pd) {
      out.progressed = true;
      out.ttp_days = time_h[k] / 24.0;
      break;
    }
    nadir = std::min(nadir, sum[k]);
  }
  return out;
}

}  // namespace

RunReadout read_run_readout(const std::filesystem::path& h5_file, const ReadoutCriteria& c) {
  const std::string where = h5_file.string();
  const h5::Handle file =
      h5::checked(H5Fopen(where.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, where, "H5Fopen");
  RunReadout r;
  r.response_source = "timeseries";
  const std::vector<double> time_h = read_series(file.get(), "/timeseries/time_h", where);
  if (time_h.empty()) throw IoError(where + ": /timeseries/time_h is empty");
  const std::size_t n = time_h.size();
  r.end_day = time_h.back() / 24.0;
  const h5::Handle ts =
      h5::checked(H5Gopen2(file.get(), "/timeseries", H5P_DEFAULT), H5Gclose, where, "open");
  if (is_group(file.get(), "/summary")) read_summary(file.get(), where, r);
  std::vector<double> sld(n, 0.0), vsld(n, 0.0), viable(n, 0.0);
  for (const std::string& name : child_names(ts.get())) {
    const std::string base = "/timeseries/" + name;
    if (!is_group(file.get(), base)) continue;  // time_h
    const h5::Handle lesion =
        h5::checked(H5Gopen2(file.get(), base.c_str(), H5P_DEFAULT), H5Gclose, where, "open");
    if (!has_link(lesion.get(), "longest_diameter_mm")) continue;  // systemic
    const std::vector<double> ld = read_series(file.get(), base + "/longest_diameter_mm", where);
    const std::vector<double> vd = read_series(file.get(), base + "/viable_diameter_mm", where);
    const std::vector<double> cells = read_series(file.get(), base + "/tumor_viable", where);
    if (ld.size() != n || vd.size() != n || cells.size() != n)
      throw IoError(where + ": " + base + " series lengths differ from time_h");
    LesionReadout l;
    l.name = name;
    l.baseline_ld_mm = ld.front();
    l.final_ld_mm = ld.back();
    l.final_ld_change_pct = ld.front() > 0 ? 100.0 * (ld.back() / ld.front() - 1.0) : NAN;
    l.final_viable_change_pct = vd.front() > 0 ? 100.0 * (vd.back() / vd.front() - 1.0) : NAN;
    l.final_viable_cells = cells.back();
    l.treated = summary_code(r, name + ".treated");
    l.abscopal = summary_code(r, name + ".abscopal_response");
    l.abscopal_viable = summary_code(r, name + ".abscopal_response_viable");
    l.reached_boundary = summary_code(r, name + ".reached_boundary");
    // Sums over target lesions (all lesions unless /summary says which are targets).
    const std::string* target = summary_field(r, name + ".target");
    if (target == nullptr || *target != "0") {
      for (std::size_t k = 0; k < n; ++k) {
        sld[k] += ld[k];
        vsld[k] += vd[k];
        viable[k] += cells[k];
      }
    }
    r.lesions.push_back(std::move(l));
  }
  r.baseline_sld_mm = sld.front();
  r.final_sld_mm = sld.back();
  r.final_viable_cells = viable.back();
  const double base = sld.front();
  r.final_change_pct = base > 0 ? 100.0 * (sld.back() / base - 1.0) : NAN;
  r.shrinkage = base > 0 ? std::clamp(1.0 - sld.back() / base, 0.0, 1.0) : 0.0;
  // Waterfall value: the smallest change after baseline, over the whole run.
  r.best_change_pct = NAN;
  for (std::size_t k = 1; k < n && base > 0; ++k)
    r.best_change_pct = std::fmin(r.best_change_pct, 100.0 * (sld[k] / base - 1.0));
  r.best_viable_change_pct = NAN;
  for (std::size_t k = 1; k < n && vsld.front() > 0; ++k)
    r.best_viable_change_pct =
        std::fmin(r.best_viable_change_pct, 100.0 * (vsld[k] / vsld.front() - 1.0));
  const SeriesResponse recist = classify_series(time_h, sld, viable, c);
  const SeriesResponse mrecist = classify_series(time_h, vsld, viable, c);
  r.best_response = recist.best;
  r.mrecist_best_response = mrecist.best;
  r.progressed = recist.progressed;
  r.ttp_days = recist.progressed ? recist.ttp_days : r.end_day;
  // Prefer the run's own read-out (confirmation, 5 mm rule, assessment days).
  const std::string* bor = summary_field(r, "recist_best_overall_response");
  const std::string* ttp = summary_field(r, "recist_time_to_progression_days");
  const std::string* censored = summary_field(r, "recist_progression_censored");
  if (bor != nullptr && ttp != nullptr && censored != nullptr) {
    r.response_source = "summary";
    r.best_response = *bor;
    r.progressed = *censored == "0" && !ttp->empty();
    r.ttp_days = r.progressed ? std::stod(*ttp) : r.end_day;
  }
  if (const std::string* m = summary_field(r, "mrecist_best_overall_response"))
    r.mrecist_best_response = *m;
  r.mrecist_responder = r.mrecist_best_response == "CR" || r.mrecist_best_response == "PR";
  r.responder = r.best_response == "CR" || r.best_response == "PR";
  return r;
}

}  // namespace isv::output
