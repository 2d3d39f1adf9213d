// Up-front memory estimate of a scenario, and the check that refuses one that cannot fit
// (docs/scenarios.md, "Limits"). Counts, per agent lesion, the voxel arrays and fields that are
// allocated when the lesion is built or at its first step, and its agent stores at capacity
// (a tumour cell in every voxel, max_per_voxel T cells in every voxel); mean-field lesions need
// next to nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace isv::scenarios {

// Environment variable that sets the memory limit deliberately, in GiB (it may be above or
// below what the machine has free).
inline constexpr const char* kMemoryLimitEnv = "ISVSIM_MEMORY_LIMIT_GIB";

struct LesionMemory {
  std::string name;
  double at_start_bytes = 0.0;     // voxel arrays and fields
  double at_capacity_bytes = 0.0;  // the same plus the agent stores at capacity
};

struct MemoryEstimate {
  std::vector<LesionMemory> lesions;  // in scenario order
  double at_start_bytes = 0.0;        // whole process: the lesions plus a fixed base
  double at_capacity_bytes = 0.0;
};

// Deterministic: a function of the scenario alone.
MemoryEstimate estimate_memory(const Scenario& scenario);

struct MemoryLimit {
  double bytes = 0.0;
  std::string source;  // "MemAvailable" or the environment variable, for messages
};

// ISVSIM_MEMORY_LIMIT_GIB if set (a ConfigError if it is not a positive number), else
// MemAvailable from /proc/meminfo, else nothing (the check is skipped).
std::optional<MemoryLimit> memory_limit();

// Throws model::ConfigError naming the largest lesion's lattice key (through `locate`), the
// estimate and the limit when the estimate at capacity exceeds the limit.
void check_memory(const Scenario& scenario, const MemoryLimit& limit,
                  const std::function<std::string(const std::string&)>& locate);

// "1.5 GiB", "12.0 MiB".
std::string format_bytes(double bytes);

}  // namespace isv::scenarios
