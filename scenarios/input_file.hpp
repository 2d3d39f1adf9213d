// Reading a whole input file (scenario, sweep base) with a size limit: a directory, a device
// such as /dev/zero, or a file larger than the limit is refused with one clear line instead of
// exhausting memory or reporting something unrelated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace isv::scenarios {

// Largest scenario file isvsim reads (16 MiB). The library's scenarios are a few kB; the
// effective scenario of the largest sweep is well under 1 MB.
inline constexpr std::uintmax_t kMaxScenarioFileBytes = 16u << 20;

// The contents of `path`. `what` names the file's role in messages ("scenario file").
// Accepts regular files and pipes (`<(...)`, /dev/stdin fed by a pipe), reading at most
// `max_bytes` + 1 bytes from either. Throws model::ConfigError naming the path for: a missing
// or unreadable file, a directory, any other kind of file (character or block device, socket),
// and a file larger than `max_bytes` (with its size and the limit).
std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::uintmax_t max_bytes);

}  // namespace isv::scenarios
