// The run's HDF5 file. Layout:
//   /                       attrs isvsim_version, seed, scenario_toml, scenario_file, step_h
//   /timeseries/time_h                       float64 [sample]
//   /timeseries/<lesion>/<quantity>          int64 or float64 [sample], attr units
//   /snapshots/<lesion>                      attrs voxel_um, origin_um[3], dims_zyx[3]
//   /snapshots/<lesion>/time_h               float64 [snapshot]
//   /snapshots/<lesion>/cell_state           uint8 [snapshot, z, y, x], attr codes
//   /snapshots/<lesion>/fields/<field>       float32 [snapshot, z, y, x], attr units
//   /snapshots/<lesion>/immune_points/...    population lesions: immune cells as points
//                                            (layout in hdf5_points.hpp)
//   /summary/...                             response read-outs of a completed run, written
//                                            at the end (layout in hdf5_summary.cpp)
// Nothing in the file depends on the wall clock, so equal runs give equal content.
// The XDMF sidecar (run.part.xmf, then run.xmf) is rewritten after every snapshot.
#include "output/hdf5_writer.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include "agents/voxel_code.hpp"
#include "model/checkpoint_io.hpp"
#include "model/errors.hpp"
#include "model/safe_file.hpp"
#include "output/disk_reservation.hpp"
#include "output/hdf5_dataset.hpp"
#include "output/hdf5_events.hpp"
#include "output/hdf5_handle.hpp"
#include "output/hdf5_points.hpp"
#include "output/hdf5_summary.hpp"
#include "output/part_file.hpp"
#include "output/response_recorder.hpp"
#include "output/xdmf_writer.hpp"
#include "scenarios/simulation.hpp"

#ifndef ISV_VERSION
#error "ISV_VERSION must be defined by the build (model/CMakeLists.txt)"
#endif

namespace isv::output {
namespace {

namespace fs = std::filesystem;
using agents::Lesion;
using agents::LesionReadouts;
using model::IoError;

// One /timeseries/<lesion>/<name> dataset per read-out, declared in agents/lesion_readouts.hpp.
using Quantity = agents::ReadoutQuantity;
constexpr const auto& kQuantities = agents::kReadoutQuantities;

constexpr std::array<model::CheckpointTarget, 4> kTargets{
    model::CheckpointTarget::kPD1, model::CheckpointTarget::kPDL1, model::CheckpointTarget::kCTLA4,
    model::CheckpointTarget::kVEGFA};

// "pd1", "pdl1", "ctla4": dataset-name spelling of a target.
std::string target_key(model::CheckpointTarget t) {
  std::string key;
  for (const char c : model::to_string(t))
    if (c != '-') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

constexpr hsize_t kSeriesChunk = 256;
constexpr hsize_t kMaxSnapshotChunkBytes = hsize_t{4} << 20;
// Disk space reserved before each record: its raw bytes, plus room for metadata (object
// headers, chunk index nodes) and for rewritten compressed time-series chunks.
constexpr std::uint64_t kMetadataReserveBytes = std::uint64_t{1} << 20;
constexpr std::uint64_t kReservePerDatasetBytes = std::uint64_t{8} << 10;

// Chunk of a [t, z, y, x] snapshot dataset: one whole time slice, or a z-slab of it when the
// slice is larger than kMaxSnapshotChunkBytes.
std::vector<hsize_t> snapshot_chunk(const std::vector<hsize_t>& zyx, hsize_t value_bytes) {
  const hsize_t plane_bytes = zyx[1] * zyx[2] * value_bytes;
  const hsize_t slab = std::clamp<hsize_t>(kMaxSnapshotChunkBytes / plane_bytes, 1, zyx[0]);
  return {1, slab, zyx[1], zyx[2]};
}

}  // namespace

void for_each_snapshot_field(const Lesion& lesion, const SnapshotFieldVisitor& visit) {
  // Units are string literals, so their data() is null-terminated.
  for (const agents::NamedField& f : lesion.snapshot_fields())
    visit(f.name.c_str(), f.unit.data(), f.values);
}

struct Hdf5Writer::File {
  struct LesionSeries {
    std::vector<h5::GrowingDataset> quantities;        // in kQuantities order
    std::vector<h5::GrowingDataset> antigen_released;  // one per tracked antigen
  };
  struct LesionSnapshots {
    std::optional<h5::GrowingDataset> time;
    std::optional<h5::GrowingDataset> cell_state;
    std::vector<h5::GrowingDataset> fields;     // in Lesion::snapshot_fields() order
    std::size_t lesion_index = 0;               // in Simulation::lesions()
    std::optional<ImmunePointDatasets> points;  // population lesions, max_immune_points > 0
  };

  File(const fs::path& part_path, const fs::path& final_path, bool reopen = false);

  void start(const scenarios::Simulation& sim);
  void sample(const scenarios::Simulation& sim);
  void snapshot(const scenarios::Simulation& sim);
  void create_snapshots(const scenarios::Simulation& sim);  // groups and datasets, empty
  void create_systemic_series(const scenarios::Simulation& sim);
  void sample_systemic(const scenarios::Simulation& sim);
  // Resuming: cuts every dataset back to the checkpoint's records.
  void apply_resume(const scenarios::Simulation& sim);
  void flush();
  // Closes every object, then the file; throws if the final flush fails.
  void close();
  void close_quietly() noexcept;
  void close_objects() noexcept;

  std::string path;  // of the .part file, for messages
  // Declared before the datasets so that it is destroyed after them.
  h5::Handle file;
  // Opened once HDF5 has created the file; unused reserved blocks are returned when it closes
  // (File::close() closes the HDF5 file first).
  DiskReservation reservation;
  h5::FileObjects objects;
  bool started = false;
  std::optional<h5::GrowingDataset> time;
  std::vector<LesionSeries> series;        // one per lesion, in lesion order
  std::vector<LesionSnapshots> snapshots;  // agent lesions only; empty until the first snapshot
  bool snapshots_created = false;
  std::vector<h5::GrowingDataset> systemic;  // state, then (concentration, occupancy) per target
  std::vector<std::uint8_t> codes;           // scratch for cell_state
  XdmfSidecar xdmf;
  ResponseRecorder response;          // diameter series for /summary
  std::optional<EventsTable> events;  // /events: one row per applied treatment
  std::optional<Position> resume;     // set while reopening the file of a resumed run
};

namespace {

// A strong close degree makes H5Fclose close anything still open, so closing never leaves a
// dangling file; datasets are closed first anyway so that failures show up in order.
h5::Handle create_file(const std::string& path) {
  const h5::Handle fapl = h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, path, "H5Pcreate");
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), path, "H5Pset_fclose_degree");
  // O_EXCL: prepare_part_path() left the path absent; whatever appeared since is not followed.
  return h5::checked(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.get()), H5Fclose, path,
                     "creating HDF5 file");
}

// Reopening a resumed run's file keeps its content; objects then open instead of create.
h5::Handle open_file(const std::string& path) {
  const h5::Handle fapl = h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, path, "H5Pcreate");
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), path, "H5Pset_fclose_degree");
  return h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()), H5Fclose, path,
                     "reopening HDF5 file to resume");
}

}  // namespace

Hdf5Writer::File::File(const fs::path& part_path, const fs::path& final_path, bool reopen)
    : path(part_path.string()),
      file(reopen ? open_file(path) : create_file(path)),
      reservation(part_path),
      objects(file.get(), path, reopen),
      xdmf(final_path) {}

void Hdf5Writer::File::start(const scenarios::Simulation& sim) {
  const scenarios::Scenario& sc = sim.scenario();
  for (const scenarios::PatientLesion& lesion : sim.lesions())
    if (lesion.name() == "time_h")
      throw IoError("cannot write '" + path + "': lesion name 'time_h' clashes with " +
                    "/timeseries/time_h; rename the lesion");
  reservation.reserve(kMetadataReserveBytes + sc.effective_toml.size() + sc.source_path.size() +
                      kReservePerDatasetBytes * (1 + kQuantities.size() * sim.lesions().size()));
  objects.write_attribute("/", "isvsim_version", std::string_view(ISV_VERSION));
  objects.write_attribute("/", "seed", std::int64_t{sc.run.seed});
  objects.write_attribute("/", "scenario_toml", std::string_view(sc.effective_toml));
  objects.write_attribute("/", "scenario_file", std::string_view(sc.source_path));
  objects.write_attribute("/", "step_h", sc.run.step_h);

  objects.create_group("/timeseries");
  time.emplace(objects, "/timeseries/time_h", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
               std::vector<hsize_t>{}, std::vector<hsize_t>{kSeriesChunk});
  objects.write_attribute(time->name(), "units", std::string_view("h"));
  for (const scenarios::PatientLesion& lesion : sim.lesions()) {
    const std::string group = "/timeseries/" + lesion.name();
    objects.create_group(group);
    LesionSeries& s = series.emplace_back();
    for (const Quantity& q : kQuantities) {
      const bool integer = std::holds_alternative<std::int64_t LesionReadouts::*>(q.member);
      s.quantities.emplace_back(objects, group + "/" + q.name,
                                integer ? H5T_STD_I64LE : H5T_IEEE_F64LE,
                                integer ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE,
                                std::vector<hsize_t>{}, std::vector<hsize_t>{kSeriesChunk});
      objects.write_attribute(s.quantities.back().name(), "units", std::string_view(q.unit));
    }
    for (int k = 0; k < sc.immune.antigens.count; ++k) {
      char name[48];
      std::snprintf(name, sizeof name, "/antigen_released_%02d", k);
      s.antigen_released.emplace_back(objects, group + name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                      std::vector<hsize_t>{}, std::vector<hsize_t>{kSeriesChunk});
      objects.write_attribute(s.antigen_released.back().name(), "units",
                              std::string_view("cell-eq (cumulative)"));
    }
  }
  create_systemic_series(sim);
  events.emplace(objects);
  if (resume) apply_resume(sim);
  started = true;
  flush();
}

// /timeseries/systemic/<state> for every ODE state, plus blood concentration (nM) and
// occupancy of each checkpoint target.
void Hdf5Writer::File::create_systemic_series(const scenarios::Simulation& sim) {
  const std::string group = "/timeseries/systemic";
  objects.create_group(group);
  auto add = [&](const std::string& name, std::string_view unit) {
    systemic.emplace_back(objects, group + "/" + name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          std::vector<hsize_t>{}, std::vector<hsize_t>{kSeriesChunk});
    objects.write_attribute(systemic.back().name(), "units", unit);
  };
  for (const std::string& name : sim.systemic().state_names())
    add(name, name.ends_with("_mg")
                  ? "mg"
                  : (name.find("antigen_load") != std::string::npos ? "cell-eq" : "cells"));
  for (const model::CheckpointTarget t : kTargets) {
    add("concentration_nM_" + target_key(t), "nM");
    add("occupancy_" + target_key(t), "1");
  }
}

void Hdf5Writer::File::sample_systemic(const scenarios::Simulation& sim) {
  const model::SystemicModel& m = sim.systemic();
  const std::span<const double> state = m.state();
  std::size_t i = 0;
  for (; i < state.size(); ++i) systemic[i].append(&state[i]);
  for (const model::CheckpointTarget t : kTargets) {
    const double c = m.concentration_nM(t), o = m.occupancy(t);
    systemic[i++].append(&c);
    systemic[i++].append(&o);
  }
}

void Hdf5Writer::File::sample(const scenarios::Simulation& sim) {
  reservation.reserve(kMetadataReserveBytes +
                      kReservePerDatasetBytes * (1 + kQuantities.size() * series.size()));
  const double t_h = sim.time_h();
  time->append(&t_h);
  response.sample(sim);
  for (std::size_t l = 0; l < series.size(); ++l) {
    const LesionReadouts r = sim.lesions()[l].readouts();
    for (std::size_t q = 0; q < kQuantities.size(); ++q)
      std::visit([&](auto member) { series[l].quantities[q].append(&(r.*member)); },
                 kQuantities[q].member);
    for (std::size_t k = 0; k < series[l].antigen_released.size(); ++k)
      series[l].antigen_released[k].append(&r.antigen_released_total[k]);
  }
  sample_systemic(sim);
  flush();
}

void Hdf5Writer::File::create_snapshots(const scenarios::Simulation& sim) {
  objects.create_group("/snapshots");
  for (std::size_t index = 0; index < sim.lesions().size(); ++index) {
    const scenarios::PatientLesion& lesion = sim.lesions()[index];
    if (lesion.lattice() == nullptr) continue;  // a mean-field lesion has no lattice to snapshot
    const model::Lattice& lat = *lesion.lattice();
    const std::vector<hsize_t> zyx{static_cast<hsize_t>(lat.nz()), static_cast<hsize_t>(lat.ny()),
                                   static_cast<hsize_t>(lat.nx())};
    const std::string group = "/snapshots/" + lesion.name();
    objects.create_group(group);
    objects.write_attribute(group, "voxel_um", lat.voxel_um());
    objects.write_attribute(group, "origin_um", std::array<double, 3>{0.0, 0.0, 0.0});
    objects.write_attribute(group, "dims_zyx",
                            std::array<std::int64_t, 3>{lat.nz(), lat.ny(), lat.nx()});
    LesionSnapshots& s = snapshots.emplace_back();
    s.lesion_index = index;
    XdmfLesion& x = xdmf.lesions().emplace_back();
    x = {
        lesion.name(), {lat.nz(), lat.ny(), lat.nx()}, lat.voxel_um(), {0.0, 0.0, 0.0}, {}, {}, {}};
    x.arrays.push_back({"cell_state", group + "/cell_state", XdmfArray::Type::kUInt8});
    const std::vector<agents::NamedField> fields = lesion.snapshot_fields();
    for (const agents::NamedField& f : fields)
      x.arrays.push_back({f.name, group + "/fields/" + f.name, XdmfArray::Type::kFloat32});
    s.time.emplace(objects, group + "/time_h", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                   std::vector<hsize_t>{}, std::vector<hsize_t>{kSeriesChunk});
    objects.write_attribute(s.time->name(), "units", std::string_view("h"));
    s.cell_state.emplace(objects, group + "/cell_state", H5T_STD_U8LE, H5T_NATIVE_UINT8, zyx,
                         snapshot_chunk(zyx, 1));
    objects.write_attribute(s.cell_state->name(), "codes", agents::kVoxelCodeLegend);
    objects.create_group(group + "/fields");
    for (const agents::NamedField& f : fields) {
      s.fields.emplace_back(objects, group + "/fields/" + f.name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                            zyx, snapshot_chunk(zyx, sizeof(float)));
      objects.write_attribute(s.fields.back().name(), "units", f.unit);
    }
    const std::int64_t max_points = sim.scenario().output.max_immune_points;
    if (lesion.population() != nullptr && max_points > 0) {
      objects.create_group(group + "/immune_points");
      s.points.emplace(objects, group + "/immune_points", max_points);
      x.points = XdmfPoints{group + "/immune_points", max_points, {}};
    }
  }
}

void Hdf5Writer::File::snapshot(const scenarios::Simulation& sim) {
  std::uint64_t bytes = kMetadataReserveBytes;
  for (const scenarios::PatientLesion& patient_lesion : sim.lesions()) {
    if (patient_lesion.lattice() == nullptr) continue;
    const std::uint64_t n_fields = patient_lesion.snapshot_fields().size();
    bytes += kReservePerDatasetBytes * (2 + n_fields) +
             static_cast<std::uint64_t>(patient_lesion.lattice()->size()) *
                 (1 + sizeof(float) * n_fields);
    if (patient_lesion.population() != nullptr)
      bytes += kReservePerDatasetBytes * 5 +
               ImmunePointDatasets::record_bytes(sim.scenario().output.max_immune_points);
  }
  reservation.reserve(bytes);
  if (!snapshots_created) create_snapshots(sim);
  snapshots_created = true;
  const double t_h = sim.time_h();
  for (std::size_t l = 0; l < snapshots.size(); ++l) {
    LesionSnapshots& s = snapshots[l];
    const scenarios::PatientLesion& lesion = sim.lesions()[s.lesion_index];
    s.time->append(&t_h);
    codes.resize(static_cast<std::size_t>(lesion.lattice()->size()));
    lesion.cell_state_codes(codes);
    s.cell_state->append(codes.data());
    const std::vector<agents::NamedField> fields = lesion.snapshot_fields();
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (fields[f].values.size() != codes.size())
        throw IoError("cannot write '" + path + "': field " + fields[f].name + " of lesion " +
                      lesion.name() + " does not match its lattice");
      s.fields[f].append(fields[f].values.data());
    }
    if (s.points) {
      const agents::ImmunePoints points =
          lesion.population()->immune_points(s.points->max_points());
      s.points->append(points);
      xdmf.lesions()[l].points->counts.push_back(static_cast<std::int64_t>(points.size()));
    }
  }
  flush();
  for (XdmfLesion& x : xdmf.lesions()) x.times_h.push_back(t_h);
  xdmf.write_partial();
}

// The reopened datasets keep what the checkpoint covers; whatever the interrupted run wrote
// after it is dropped and written again, so the resumed file equals an uninterrupted one.
void Hdf5Writer::File::apply_resume(const scenarios::Simulation& sim) {
  const hsize_t samples = resume->samples;
  time->truncate(samples);
  for (LesionSeries& s : series) {
    for (h5::GrowingDataset& d : s.quantities) d.truncate(samples);
    for (h5::GrowingDataset& d : s.antigen_released) d.truncate(samples);
  }
  for (h5::GrowingDataset& d : systemic) d.truncate(samples);
  events->truncate(resume->events);
  const hsize_t shots = resume->snapshot_times_h.size();
  if (shots > 0 || H5Lexists(file.get(), "/snapshots", H5P_DEFAULT) > 0) {
    create_snapshots(sim);  // opens them
    snapshots_created = true;
    for (LesionSnapshots& s : snapshots) {
      s.time->truncate(shots);
      s.cell_state->truncate(shots);
      for (h5::GrowingDataset& d : s.fields) d.truncate(shots);
      if (s.points) s.points->truncate(shots);
    }
    for (std::size_t l = 0; l < snapshots.size(); ++l) {
      XdmfLesion& x = xdmf.lesions()[l];
      x.times_h = resume->snapshot_times_h;
      if (x.points) x.points->counts = snapshots[l].points->counts();
    }
    if (shots > 0) xdmf.write_partial();
  }
  objects = h5::FileObjects(file.get(), path);  // from here on, new objects are created
  resume.reset();
}

void Hdf5Writer::File::flush() {
  h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), path, "flushing");
}

void Hdf5Writer::File::close() {
  reservation.reserve(kMetadataReserveBytes);
  flush();
  close_objects();
  if (!file.close()) h5::fail(path, "closing");
}

void Hdf5Writer::File::close_quietly() noexcept {
  close_objects();
  file.reset();
  H5Eclear2(H5E_DEFAULT);
}

void Hdf5Writer::File::close_objects() noexcept {
  time.reset();
  events.reset();
  series.clear();
  systemic.clear();
  snapshots.clear();
}

Hdf5Writer::Hdf5Writer(std::filesystem::path final_path, bool force)
    : final_path_(std::move(final_path)), part_path_(final_path_.string() + ".part") {
  if (final_path_.empty()) throw IoError("no output file name given");
  std::error_code ec;
  // Even with --force only a regular file is replaced (never a link, device or directory).
  model::require_replaceable(final_path_, "output file");
  if (fs::exists(fs::symlink_status(final_path_, ec)) && !force)
    throw IoError("output file '" + final_path_.string() + "' exists; use --force to overwrite");
  prepare_part_path(part_path_, final_path_);
  // HDF5 would print its error stack to stderr; every failure becomes an IoError instead.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  file_ = std::make_unique<File>(part_path_, final_path_);
  remove_if_unstarted_ = true;
}

// Without on_finish (an exception unwound the run) the file is closed and kept as ".part",
// unless this writer created it and nothing was ever written into it. A resumed file is
// always kept: it holds the checkpoint's records.
Hdf5Writer::~Hdf5Writer() {
  if (!file_) return;
  const bool started = file_->started;
  file_->close_quietly();
  file_.reset();
  if (!started && remove_if_unstarted_) {
    std::error_code ec;
    fs::remove(part_path_, ec);
  }
}

Hdf5Writer::Hdf5Writer(std::filesystem::path final_path, model::CheckpointReader& position,
                       const model::CheckpointImage& image, std::uint64_t scenario_hash)
    : final_path_(std::move(final_path)), part_path_(final_path_.string() + ".part") {
  position.section("hdf5_writer");
  position(position_.samples, position_.snapshot_times_h, position_.events);
  ResponseRecorder response;
  response.load(position);
  model::require_replaceable(final_path_, "output file");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  install_checkpoint_image(image, part_path_, scenario_hash, position);
  file_ = std::make_unique<File>(part_path_, final_path_, true);
  file_->resume = position_;
  file_->response = std::move(response);
}

void Hdf5Writer::save_position(model::CheckpointWriter& out) const {
  out.section("hdf5_writer");
  out(position_.samples, position_.snapshot_times_h, position_.events);
  (file_ ? file_->response : closed_response_).save(out);
}

void Hdf5Writer::on_start(const scenarios::Simulation& sim) {
  if (!file_) throw IoError("output file '" + part_path_.string() + "' is already closed");
  if (!file_->started) file_->start(sim);
}

void Hdf5Writer::on_sample(const scenarios::Simulation& sim) {
  on_start(sim);
  file_->sample(sim);
  ++position_.samples;
}

void Hdf5Writer::on_snapshot(const scenarios::Simulation& sim) {
  on_start(sim);
  file_->snapshot(sim);
  position_.snapshot_times_h.push_back(sim.time_h());
}

void Hdf5Writer::on_event(const scenarios::Simulation& sim,
                          const scenarios::TreatmentEvent& event) {
  on_start(sim);
  file_->reservation.reserve(kMetadataReserveBytes);
  file_->events->append(event);
  file_->flush();
  ++position_.events;
}

void Hdf5Writer::on_finish(const scenarios::Simulation& sim, scenarios::RunOutcome outcome) {
  on_start(sim);
  if (outcome == scenarios::RunOutcome::kCompleted) {  // read-outs of a whole run only
    file_->reservation.reserve(kMetadataReserveBytes);
    write_summary(file_->objects, sim.scenario(), file_->response.evaluate(sim.scenario()),
                  sim.boundary_reached_h());
  }
  file_->close();
  const XdmfSidecar xdmf = std::move(file_->xdmf);
  closed_response_ = std::move(file_->response);
  file_.reset();
  if (outcome != scenarios::RunOutcome::kCompleted) return;
  model::rename_into_place(part_path_, final_path_, "output file");
  xdmf.write_final();
}

}  // namespace isv::output
