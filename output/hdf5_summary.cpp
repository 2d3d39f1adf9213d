// The /summary group, written once when a run completes. Flat, fixed-size datasets so that
// h5py/pandas read each group as one table (L lesions, A assessments after baseline,
// R report days):
//   /summary                     attrs response_codes, abscopal_codes, the [response]
//                                parameters (e.g. assessment_every_days, units in the names)
//   /summary/patient/<scalar>    recist_/mrecist_ + best_overall_response (int8 code, attr
//                                label), time_to_progression_days (float64, NaN if not
//                                evaluable), progression_censored (int8 0/1),
//                                baseline_sum_mm (float64), reached_boundary (int8 0/1: any
//                                lesion's tumour reached its lattice's outer voxel layer)
//   /summary/assessments/<name>  [A]: day, recist_/mrecist_ + sum_mm, nadir_sum_mm (float64),
//                                category (int8 code)
//   /summary/lesions/<name>      [L]: name (string), target, treated (int8 0/1), baseline_,
//                                nadir_, final_diameter_mm, final_change_percent, the same with
//                                viable_ prefix (float64), abscopal_response,
//                                abscopal_response_viable (int8 -1/0/1), abscopal_day (float64),
//                                reached_boundary (int8 0/1), boundary_day (float64, NaN if not)
//   /summary/report/day          [R] float64; change_percent, viable_change_percent [L, R]
// Every float dataset has a `units` attribute; codes are spelt out in `codes` attributes.
#include "output/hdf5_summary.hpp"

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "model/units.hpp"
#include "output/hdf5_handle.hpp"

namespace isv::output {
namespace {

using model::ResponseCategory;

constexpr std::string_view kAbscopalCodes = "-1=not applicable (treated or no baseline) 0=no 1=yes";
constexpr std::string_view kFlagCodes = "0=no 1=yes";

// Writes whole fixed-size datasets (contiguous, no object times so equal runs give equal
// files).
class SummaryWriter {
 public:
  explicit SummaryWriter(const h5::FileObjects& objects) : objects_(objects) {}

  void floats(const std::string& name, const std::vector<double>& values, std::string_view units,
              std::vector<hsize_t> dims = {}) {
    if (dims.empty()) dims = {values.size()};
    write(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, values.data());
    objects_.write_attribute(name, "units", units);
  }
  void codes(const std::string& name, const std::vector<std::int8_t>& values,
             std::string_view legend) {
    write(name, H5T_STD_I8LE, H5T_NATIVE_INT8, {values.size()}, values.data());
    objects_.write_attribute(name, "codes", legend);
  }
  void scalar(const std::string& name, double value, std::string_view units) {
    write(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {}, &value);
    objects_.write_attribute(name, "units", units);
  }
  void scalar_code(const std::string& name, std::int8_t value, std::string_view legend) {
    write(name, H5T_STD_I8LE, H5T_NATIVE_INT8, {}, &value);
    objects_.write_attribute(name, "codes", legend);
  }
  void label(const std::string& name, std::string_view text) {
    objects_.write_attribute(name, "label", text);
  }
  // Variable-length UTF-8, as the file's string attributes.
  void strings(const std::string& name, const std::vector<std::string>& values) {
    const std::string& path = objects_.path();
    const h5::Handle type = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, path, "H5Tcopy");
    h5::check(H5Tset_size(type.get(), H5T_VARIABLE), path, "H5Tset_size");
    h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), path, "H5Tset_cset");
    std::vector<const char*> pointers;
    for (const std::string& v : values) pointers.push_back(v.c_str());
    write(name, type.get(), type.get(), {values.size()}, pointers.data());
  }

 private:
  // `dims` empty = scalar.
  void write(const std::string& name, hid_t file_type, hid_t mem_type,
             const std::vector<hsize_t>& dims, const void* data) {
    const std::string& path = objects_.path();
    const std::string what = "writing " + name;
    const h5::Handle space =
        dims.empty()
            ? h5::checked(H5Screate(H5S_SCALAR), H5Sclose, path, what)
            : h5::checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                          H5Sclose, path, what);
    const h5::Handle dcpl = h5::checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, path, what);
    h5::check(H5Pset_obj_track_times(dcpl.get(), false), path, what);
    const h5::Handle dataset =
        h5::checked(H5Dcreate2(objects_.file(), name.c_str(), file_type, space.get(), H5P_DEFAULT,
                               dcpl.get(), H5P_DEFAULT),
                    H5Dclose, path, what);
    hsize_t elements = 1;
    for (const hsize_t d : dims) elements *= d;
    if (elements == 0) return;  // an empty dataset (no assessment yet): nothing to write
    h5::check(H5Dwrite(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), path, what);
  }

  const h5::FileObjects& objects_;
};

std::int8_t code(ResponseCategory c) { return static_cast<std::int8_t>(c); }
std::int8_t code(model::AbscopalFlag f) { return static_cast<std::int8_t>(f); }
std::int8_t code(bool b) { return b ? 1 : 0; }

std::vector<std::int8_t> codes_of(const std::vector<ResponseCategory>& categories) {
  std::vector<std::int8_t> out;
  for (const ResponseCategory c : categories) out.push_back(code(c));
  return out;
}

// The [response] parameters as attributes of /summary, named and unit-suffixed as in the
// scenario file, so that a gatherer knows the rules a summary was made with.
class ParamAttributes {
 public:
  ParamAttributes(const h5::FileObjects& objects, std::string object)
      : objects_(objects), object_(std::move(object)) {}
  void operator()(const double& v, const model::ParamInfo& i) {
    objects_.write_attribute(object_, std::string(i.key), v);
  }
  void operator()(const std::vector<double>& v, const model::ParamInfo& i) {
    // An empty list is left out (HDF5 attributes of zero size are not portable); the values
    // also live in a dataset (/summary/report/day).
    if (v.empty()) return;
    objects_.write_attribute(object_, std::string(i.key), std::span<const double>(v));
  }

 private:
  const h5::FileObjects& objects_;
  std::string object_;
};

void write_patient(SummaryWriter& w, const std::string& group, const model::PatientResponse& r,
                   std::span<const double> boundary_reached_h) {
  const std::string legend(model::response_code_legend());
  for (const auto& [prefix, c] : {std::pair{"recist_", &r.recist}, {"mrecist_", &r.mrecist}}) {
    const std::string base = group + "/" + prefix;
    w.scalar_code(base + "best_overall_response", code(c->best_overall), legend);
    w.label(base + "best_overall_response", model::to_string(c->best_overall));
    w.scalar(base + "time_to_progression_days", c->time_to_progression_days, "days");
    w.scalar_code(base + "progression_censored", code(c->progression_censored), kFlagCodes);
    w.scalar(base + "baseline_sum_mm", c->baseline_sum_mm, "mm");
  }
  bool any = false;
  for (const double h : boundary_reached_h) any = any || !std::isnan(h);
  w.scalar_code(group + "/reached_boundary", code(any), kFlagCodes);
}

void write_assessments(SummaryWriter& w, const std::string& group,
                       const model::PatientResponse& r) {
  w.floats(group + "/day", r.assessment_days, "days");
  for (const auto& [prefix, c] : {std::pair{"recist_", &r.recist}, {"mrecist_", &r.mrecist}}) {
    const std::string base = group + "/" + prefix;
    w.floats(base + "sum_mm", c->sum_mm, "mm");
    w.floats(base + "nadir_sum_mm", c->nadir_sum_mm, "mm");
    w.codes(base + "category", codes_of(c->category), model::response_code_legend());
  }
}

// Per lesion; a run with no sample has no lesion rows.
void write_lesions(SummaryWriter& w, const std::string& group, const scenarios::Scenario& sc,
                   const model::PatientResponse& r, std::span<const double> boundary_reached_h) {
  const std::size_t n = r.lesions.size();
  std::vector<std::string> names;
  std::vector<std::int8_t> target, is_treated, abscopal, abscopal_viable, boundary;
  std::vector<double> boundary_day;
  for (std::size_t l = 0; l < n; ++l) {
    const double reached_h = l < boundary_reached_h.size() ? boundary_reached_h[l] : NAN;
    boundary.push_back(code(!std::isnan(reached_h)));
    boundary_day.push_back(model::units::hours_to_days(reached_h));
    names.push_back(sc.lesions[l].config.name);
    target.push_back(code(r.lesions[l].target));
    is_treated.push_back(code(r.lesions[l].treated));
    abscopal.push_back(code(r.lesions[l].abscopal));
    abscopal_viable.push_back(code(r.lesions[l].abscopal_viable));
  }
  w.strings(group + "/name", names);
  w.codes(group + "/target", target, kFlagCodes);
  w.codes(group + "/treated", is_treated, kFlagCodes);
  auto column = [&](const char* name, double model::LesionResponse::*member, const char* units) {
    std::vector<double> values;
    for (const model::LesionResponse& lr : r.lesions) values.push_back(lr.*member);
    w.floats(group + "/" + name, values, units);
  };
  using LR = model::LesionResponse;
  column("baseline_diameter_mm", &LR::baseline_mm, "mm");
  column("nadir_diameter_mm", &LR::nadir_mm, "mm");
  column("final_diameter_mm", &LR::final_mm, "mm");
  column("final_change_percent", &LR::final_change_percent, "%");
  column("viable_baseline_diameter_mm", &LR::viable_baseline_mm, "mm");
  column("viable_nadir_diameter_mm", &LR::viable_nadir_mm, "mm");
  column("viable_final_diameter_mm", &LR::viable_final_mm, "mm");
  column("viable_final_change_percent", &LR::viable_final_change_percent, "%");
  w.codes(group + "/abscopal_response", abscopal, kAbscopalCodes);
  w.codes(group + "/abscopal_response_viable", abscopal_viable, kAbscopalCodes);
  column("abscopal_day", &LR::abscopal_day, "days");
  w.codes(group + "/reached_boundary", boundary, kFlagCodes);
  w.floats(group + "/boundary_day", boundary_day, "days");
}

void write_report(SummaryWriter& w, const std::string& group, const model::PatientResponse& r) {
  const std::size_t days = r.report_days.size();
  w.floats(group + "/day", r.report_days, "days");
  std::vector<double> change, viable;
  for (const model::LesionResponse& lr : r.lesions) {
    change.insert(change.end(), lr.change_at_report_percent.begin(),
                  lr.change_at_report_percent.end());
    viable.insert(viable.end(), lr.viable_change_at_report_percent.begin(),
                  lr.viable_change_at_report_percent.end());
  }
  const std::vector<hsize_t> dims{r.lesions.size(), days};
  w.floats(group + "/change_percent", change, "%", dims);
  w.floats(group + "/viable_change_percent", viable, "%", dims);
}

}  // namespace

void write_summary(const h5::FileObjects& objects, const scenarios::Scenario& sc,
                   const model::PatientResponse& response,
                   std::span<const double> boundary_reached_h) {
  const std::string root = "/summary";
  objects.create_group(root);
  objects.write_attribute(root, "response_codes", model::response_code_legend());
  objects.write_attribute(root, "abscopal_codes", kAbscopalCodes);
  model::ResponseParams params = sc.response;
  params.visit(ParamAttributes(objects, root));
  SummaryWriter w(objects);
  for (const char* group : {"/patient", "/assessments", "/lesions", "/report"})
    objects.create_group(root + group);
  write_patient(w, root + "/patient", response, boundary_reached_h);
  write_assessments(w, root + "/assessments", response);
  write_lesions(w, root + "/lesions", sc, response, boundary_reached_h);
  write_report(w, root + "/report", response);
}

}  // namespace isv::output
