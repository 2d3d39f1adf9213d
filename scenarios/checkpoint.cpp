// Checkpoint orchestration: payload layout and the checkpointing observer (checkpoint.hpp).
// Payload: section "scenario" (effective TOML, source file), the simulation, then the extra
// state of the caller.
#include "scenarios/checkpoint.hpp"

#include <cmath>
#include <system_error>
#include <utility>

#include "model/hash.hpp"

namespace isv::scenarios {
namespace fs = std::filesystem;

std::uint64_t scenario_hash(const Scenario& scenario) {
  return model::fnv1a64(scenario.effective_toml);
}

fs::path checkpoint_path_for(const fs::path& output) { return output.string() + ".ckpt"; }

void write_checkpoint(const fs::path& path, const Simulation& sim, std::string_view isvsim_version,
                      const CheckpointExtra& extra, const fs::path& output) {
  model::CheckpointWriter out;
  out.section("scenario");
  out(sim.scenario().effective_toml, sim.scenario().source_path);
  sim.save(out);
  out.section("extra");
  if (extra) extra(out);
  const model::CheckpointHeader header{model::kCheckpointFormatVersion, std::string(isvsim_version),
                                       scenario_hash(sim.scenario()), sim.step()};
  model::write_checkpoint_file(path, header, out.payload(), output);
}

OpenedCheckpoint open_checkpoint(const fs::path& path, std::string_view isvsim_version) {
  model::CheckpointFile file = model::read_checkpoint_file(path);
  if (file.header.isvsim_version != isvsim_version)
    file.payload.fail("written by isvsim " + file.header.isvsim_version + ", this is isvsim " +
                      std::string(isvsim_version) + "; finish the run with that version");
  OpenedCheckpoint ckpt{path, std::move(file.header), {}, {}, std::move(file.payload), file.image};
  ckpt.reader.section("scenario");
  ckpt.reader(ckpt.scenario_toml, ckpt.scenario_file);
  if (model::fnv1a64(ckpt.scenario_toml) != ckpt.header.scenario_hash)
    ckpt.reader.fail("scenario text does not match its hash (damaged)");
  return ckpt;
}

void restore_checkpoint(OpenedCheckpoint& ckpt, Simulation& sim) {
  if (scenario_hash(sim.scenario()) != ckpt.header.scenario_hash)
    ckpt.reader.fail("was written for another scenario (read from '" + ckpt.scenario_file +
                     "') than this run's (read from '" + sim.scenario().source_path +
                     "'): the file, a --set value or the seed differs; resume with the same "
                     "scenario, or start afresh without --resume/--restart");
  sim.load(ckpt.reader);
  if (sim.step() != ckpt.header.step) ckpt.reader.fail("step does not match its header");
  ckpt.reader.section("extra");
}

Checkpointer::Checkpointer(fs::path path, double every_h, std::string isvsim_version,
                           CheckpointExtra extra, fs::path output)
    : path_(std::move(path)),
      every_h_(every_h),
      version_(std::move(isvsim_version)),
      extra_(std::move(extra)),
      output_(std::move(output)) {}

void Checkpointer::write(const Simulation& sim) {
  write_checkpoint(path_, sim, version_, extra_, output_);
  ++written_;
}

// At the first step at or after each multiple of every_h (as output cadences are counted).
void Checkpointer::on_step(const Simulation& sim) {
  if (!(every_h_ > 0.0) || sim.finished()) return;
  constexpr double kTolerance = 1e-9;  // in units of every_h; absorbs rounding of step_h
  const double dt = sim.scenario().run.step_h;
  const auto step = static_cast<double>(sim.step());
  if (std::floor(step * dt / every_h_ + kTolerance) >
      std::floor((step - 1.0) * dt / every_h_ + kTolerance))
    write(sim);
}

void Checkpointer::on_finish(const Simulation& sim, RunOutcome outcome) {
  if (outcome == RunOutcome::kInterrupted) {
    write(sim);
    return;
  }
  std::error_code ec;  // a completed run needs no checkpoint
  fs::remove(path_, ec);
}

}  // namespace isv::scenarios
