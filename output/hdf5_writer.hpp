// The run's HDF5 file: root attributes (version, seed, scenario), per-lesion time series and
// lattice snapshots, written as the run goes and flushed after every record so that a killed
// run leaves a readable file. The layout is listed at the top of hdf5_writer.cpp. Beside it, an
// XDMF sidecar (xdmf_writer.hpp) lets ParaView open the snapshots.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "model/checkpoint_io.hpp"
#include "output/response_recorder.hpp"
#include "scenarios/observer.hpp"

namespace isv::agents {
class Lesion;
}

namespace isv::output {

// Calls `visit(name, unit, values)` for every float field written as
// /snapshots/<lesion>/fields/<name>, in file order, so that other views of a run (the Catalyst
// adaptor) show exactly the fields the file holds.
using SnapshotFieldVisitor =
    std::function<void(const char* name, const char* unit, std::span<const float> values)>;
void for_each_snapshot_field(const agents::Lesion& lesion, const SnapshotFieldVisitor& visit);

class Hdf5Writer final : public scenarios::Observer {
 public:
  // Creates `final_path` + ".part" now (never through a symbolic link) and writes into it; it is
  // renamed onto `final_path` only when the run completes. Throws model::IoError, before
  // creating anything, if `final_path` exists and `force` is false, if it is not a regular file
  // (even with `force`), or if the directory is missing or not writable.
  // An interrupted run (or an exception) leaves the ".part" file with every finished record;
  // a ".part" left by an earlier run is replaced (the caller refuses that while a checkpoint of
  // it exists).
  Hdf5Writer(std::filesystem::path final_path, bool force);
  // Resumes an interrupted run from its checkpoint (docs/checkpoint.md): `position` is the
  // checkpoint's reader where save_position() wrote; the ".part" file becomes the checkpoint's
  // `image` of the output (install_checkpoint_image: a ".part" of another run is refused,
  // nothing is deleted) and the run appends to it. Throws model::CheckpointError for a
  // mismatch, model::IoError if HDF5 fails.
  Hdf5Writer(std::filesystem::path final_path, model::CheckpointReader& position,
             const model::CheckpointImage& image, std::uint64_t scenario_hash);
  ~Hdf5Writer() override;

  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;
  Hdf5Writer(Hdf5Writer&&) = delete;
  Hdf5Writer& operator=(Hdf5Writer&&) = delete;

  const std::filesystem::path& final_path() const noexcept { return final_path_; }
  const std::filesystem::path& part_path() const noexcept { return part_path_; }

  // All of these throw model::IoError if HDF5 fails (e.g. disk full).
  void on_start(const scenarios::Simulation& sim) override;
  void on_sample(const scenarios::Simulation& sim) override;
  void on_snapshot(const scenarios::Simulation& sim) override;
  // One row of /events (output/hdf5_events.hpp).
  void on_event(const scenarios::Simulation& sim, const scenarios::TreatmentEvent& event) override;
  // Closes the file; renames it onto final_path() only for RunOutcome::kCompleted.
  void on_finish(const scenarios::Simulation& sim, scenarios::RunOutcome outcome) override;

  // What a checkpoint taken now must know to resume this file: records written so far and the
  // response series collected for /summary. Valid after on_finish too.
  void save_position(model::CheckpointWriter& out) const;

  // Records in the file so far.
  struct Position {
    std::uint64_t samples = 0;
    std::vector<double> snapshot_times_h;
    std::uint64_t events = 0;
  };

 private:
  struct File;  // the open HDF5 file and its datasets (hdf5.h stays out of this header)

  std::filesystem::path final_path_;
  std::filesystem::path part_path_;
  std::unique_ptr<File> file_;
  Position position_;
  ResponseRecorder closed_response_;  // the file's response series, kept when it closed
  bool remove_if_unstarted_ = false;  // this writer created the file (not a resume)
};

}  // namespace isv::output
