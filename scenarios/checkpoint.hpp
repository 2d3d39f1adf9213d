// Checkpoint and restart of one run (docs/checkpoint.md). A checkpoint holds the effective
// scenario, the whole simulation state and, after it, whatever the caller adds (the output
// writer's position), so that a run restarted from it continues bit for bit. Files are
// replaced atomically; a damaged, foreign-scenario or foreign-version file is refused with a
// model::CheckpointError (a ConfigError: the command line exits with code 2).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "model/checkpoint_io.hpp"
#include "scenarios/observer.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {

// FNV-1a of the effective scenario TOML: what a checkpoint must match to be restored.
std::uint64_t scenario_hash(const Scenario& scenario);
// OUT.h5 -> OUT.h5.ckpt, beside the run's OUT.h5.part.
std::filesystem::path checkpoint_path_for(const std::filesystem::path& output);

// State kept outside the simulation, written after it (and read back in the same order).
using CheckpointExtra = std::function<void(model::CheckpointWriter&)>;

// Writes the checkpoint of `sim` to `path` (atomic replace), with a copy of `output` (the
// run's output file as it stands, flushed) as its image. Throws model::IoError.
void write_checkpoint(const std::filesystem::path& path, const Simulation& sim,
                      std::string_view isvsim_version, const CheckpointExtra& extra = {},
                      const std::filesystem::path& output = {});

// A verified checkpoint, its scenario not yet matched to a run.
struct OpenedCheckpoint {
  std::filesystem::path path;
  model::CheckpointHeader header;
  std::string scenario_toml;       // the effective scenario it was written for
  std::string scenario_file;       // where that scenario was read from
  model::CheckpointReader reader;  // positioned at the simulation state
  model::CheckpointImage image;    // the output file as it stood at the checkpoint
};

// Reads `path` and checks its framing (magic, sizes, checksum) and that it was written by
// `isvsim_version`. Throws model::CheckpointError naming the file.
OpenedCheckpoint open_checkpoint(const std::filesystem::path& path,
                                 std::string_view isvsim_version);

// Loads the checkpoint into `sim`, freshly built from a scenario whose hash must match.
// Afterwards `ckpt.reader` is positioned at the caller's extra state.
void restore_checkpoint(OpenedCheckpoint& ckpt, Simulation& sim);

// Writes a checkpoint every `every_h` hours of simulated time (0: never) after that step's
// output, and one when the run is interrupted; removes it when the run completes. List it
// after the observers whose state `extra` saves, so that they are done with each step (the
// output writer has then flushed `output`, which each checkpoint copies as its image).
class Checkpointer final : public Observer {
 public:
  Checkpointer(std::filesystem::path path, double every_h, std::string isvsim_version,
               CheckpointExtra extra = {}, std::filesystem::path output = {});

  void on_step(const Simulation& sim) override;
  void on_finish(const Simulation& sim, RunOutcome outcome) override;
  const std::filesystem::path& path() const noexcept { return path_; }
  int written() const noexcept { return written_; }

 private:
  void write(const Simulation& sim);

  std::filesystem::path path_;
  double every_h_;
  std::string version_;
  CheckpointExtra extra_;
  std::filesystem::path output_;
  int written_ = 0;
};

}  // namespace isv::scenarios
