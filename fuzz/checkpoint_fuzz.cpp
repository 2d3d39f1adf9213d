// libFuzzer target: a checkpoint file through the reader behind `isvsim run --resume/--restart`
// (docs/building.md, "Fuzzing"). The first input byte picks the mode:
//   odd   the rest is the file as is: exercises the framing checks (magic, sizes, checksum);
//   even  the rest gets its payload size and checksum recomputed first, so that mutations reach
//         the payload: the scenario section, then the whole simulation state restored into a
//         simulation built from the checkpoint's own scenario, which then advances one step.
// The seed (fuzz/corpus/checkpoint/) is a real checkpoint of fuzz/checkpoint_seed.toml.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_contract.hpp"
#include "model/hash.hpp"
#include "scenarios/checkpoint.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace {

// The framing of model/checkpoint_io.cpp (format 2): magic[8], u32 format, u32 n, n version
// bytes, u64 scenario hash, i64 step, u64 payload size, u64 image size, u64 image checksum,
// u64 checksum (FNV-1a of header + payload), payload, image. Repaired, everything after the
// header is payload and the image is empty.
void repair_framing(std::vector<unsigned char>& file) {
  constexpr std::size_t kFixed = 8 + 4 + 4;
  if (file.size() < kFixed) return;
  std::uint32_t version_bytes = 0;
  std::memcpy(&version_bytes, file.data() + 12, sizeof version_bytes);
  if (version_bytes > 256) return;
  const std::size_t size_at = kFixed + version_bytes + 16;
  const std::size_t payload_at = size_at + 32;
  if (file.size() < payload_at) return;
  auto put = [&](std::size_t at, std::uint64_t value) {
    std::memcpy(file.data() + at, &value, sizeof value);
  };
  auto text = [&](std::size_t from, std::size_t to) {
    return std::string_view(reinterpret_cast<const char*>(file.data()) + from, to - from);
  };
  put(size_at, file.size() - payload_at);      // payload size
  put(size_at + 8, 0);                         // image size
  put(size_at + 16, isv::model::fnv1a64(""));  // image checksum: FNV-1a of nothing
  put(size_at + 24, isv::model::fnv1a64(text(payload_at, file.size()),
                                        isv::model::fnv1a64(text(0, size_at + 24))));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::vector<unsigned char> file(data + 1, data + size);
  if ((data[0] & 1U) == 0) repair_framing(file);

  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("isv_fuzz_" + std::to_string(::getpid()) + ".ckpt");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(file.data()),
              static_cast<std::streamsize>(file.size()));
  }
  const std::string source = path.string();
  isv::fuzz::load_or_clear_error(source, [&] {
    isv::scenarios::OpenedCheckpoint ckpt = isv::scenarios::open_checkpoint(path, ISV_VERSION);
    // As `isvsim run --resume` does without a scenario file: the checkpoint's own scenario.
    isv::scenarios::Scenario scenario;
    isv::fuzz::load_or_clear_error(ckpt.scenario_file, [&] {
      scenario = isv::scenarios::parse_scenario(ckpt.scenario_toml, ckpt.scenario_file);
    });
    if (scenario.lesions.empty()) return;
    isv::scenarios::Simulation sim(scenario);
    isv::scenarios::restore_checkpoint(ckpt, sim);
    if (!sim.finished()) sim.advance();
  });
  std::filesystem::remove(path);
  return 0;
}
