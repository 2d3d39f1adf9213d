// The run's partial output file, OUT.h5.part: created without following links, and, on a
// resume, replaced by the copy that the checkpoint holds (docs/checkpoint.md, "What survives a
// crash"). Nothing here ever deletes a file that may hold someone's finished samples.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "model/checkpoint_io.hpp"

namespace isv::output {

// Creates `part` afresh for HDF5 to create into: a stale regular file or a symbolic link at
// `part` is unlinked (never followed), anything else is refused; the path is left absent and
// writable. Throws model::IoError naming `final_path` and the reason.
void prepare_part_path(const std::filesystem::path& part, const std::filesystem::path& final_path);

// FNV-1a of the `scenario_toml` root attribute of an isvsim output file: which run wrote it.
// nullopt if the file cannot be read as one (damaged, or not HDF5).
std::optional<std::uint64_t> output_scenario_hash(const std::filesystem::path& h5);

// Makes `part` the checkpoint's image of the output, for a run of `scenario_hash`:
// - a `part` of another run (readable, another scenario hash) is refused with a
//   model::CheckpointError from `position` and left untouched;
// - a `part` that cannot be read (damaged by a crash) is kept, renamed to `part`.unreadable;
// - the image is written to a temporary file, checked against its checksum, synced and renamed
//   over `part`. Any failure leaves `part` as it was.
void install_checkpoint_image(const model::CheckpointImage& image,
                              const std::filesystem::path& part, std::uint64_t scenario_hash,
                              const model::CheckpointReader& position);

}  // namespace isv::output
