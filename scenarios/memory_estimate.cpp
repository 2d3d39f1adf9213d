// Memory estimate of a scenario (see memory_estimate.hpp). The byte counts follow the members
// of agents::Lesion and its fields, solvers and stores; sizeof() keeps them true when an
// element type changes, but a new per-voxel array must be added here by hand.
#include "scenarios/memory_estimate.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "agents/immune_cells.hpp"
#include "agents/tcell_behaviour.hpp"
#include "agents/tumor_behaviour.hpp"
#include "agents/tumor_cells.hpp"
#include "model/errors.hpp"
#include "scenarios/message_text.hpp"

namespace isv::scenarios {

namespace {

template <class Vector>
constexpr double element_bytes(const Vector&) {
  return sizeof(typename Vector::value_type);
}

// Bytes per voxel allocated when an agent lesion is built or at its first step
// (agents/lesion.hpp, immune_fields.hpp, local_therapy.hpp, model/diffusion.hpp).
double voxel_bytes(int antigens) {
  constexpr double kFloat = sizeof(float);
  const double lesion = sizeof(std::int32_t)      // tumor_at_
                        + 7 * kFloat              // debris, perfusion, vessels, ceiling, O2 x3
                        + sizeof(std::uint8_t)    // tcell_count_
                        + sizeof(double);         // entry_cdf_ (first T-cell arrival)
  const double solvers = 3 * kFloat               // delta_ of the O2, immune, local solvers
                         + 2 * kFloat;            // be_sink_, be_source_ (immune advance)
  const double immune = (8 + antigens) * kFloat;  // damp, chemokine, IFN-g, 2 antibodies,
                                                  // secretion, sink, source + antigens
  const double output = sizeof(std::uint8_t);     // cell-state codes of a snapshot
  return lesion + solvers + immune + output;
}

// Bytes per tumour cell at capacity: the store, its compaction spare, the decide intents and
// the commit scratch (indices, divisions, death modes, dead flags).
double tumor_cell_bytes() {
  const agents::TumorCells c;
  const double store = element_bytes(c.id) + element_bytes(c.voxel) +
                       element_bytes(c.cycle_length_h) + element_bytes(c.cycle_age_h) +
                       element_bytes(c.phase) + element_bytes(c.antigen_mask) +
                       element_bytes(c.pdl1);
  constexpr double kCommitEntry = 24;  // Lesion::Division: int32, uint32, uint64, int32
  return 2 * store + sizeof(agents::TumorIntent) + sizeof(std::int32_t) + kCommitEntry + 2;
}

// Bytes per T cell at capacity: store, spare, move and kill proposals, act intents.
double tcell_bytes() {
  const agents::TCells c;
  const double store = element_bytes(c.id) + element_bytes(c.voxel) + element_bytes(c.specificity) +
                       element_bytes(c.death_h) + element_bytes(c.exhaustion) +
                       element_bytes(c.divisions_left) + element_bytes(c.engaged);
  constexpr double kProposal = 24;  // Lesion::Move and Lesion::Kill
  return 2 * store + 2 * kProposal + sizeof(agents::TCellActIntent);
}

// Resident size of isvsim with a negligible lesion (code, TBB, HDF5, buffers): 22 MiB peak
// measured for a 16^3 run (docs/scenarios.md), rounded up.
constexpr double kProcessBaseBytes = 24.0 * 1024 * 1024;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

std::string format_bytes(double bytes) {
  char buf[48];
  if (bytes >= kGiB)
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / kGiB);
  else
    std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

MemoryEstimate estimate_memory(const Scenario& sc) {
  MemoryEstimate m;
  m.at_start_bytes = m.at_capacity_bytes = kProcessBaseBytes;
  for (const LesionSpec& spec : sc.lesions) {
    LesionMemory l;
    l.name = spec.config.name;
    if (spec.kind == "agents") {
      const model::LatticeParams& lat = spec.config.lattice;
      const double voxels = static_cast<double>(lat.nx) * lat.ny * lat.nz;
      const double tcells_max = voxels * spec.config.immune.tcells.max_per_voxel;
      l.at_start_bytes = voxels * voxel_bytes(spec.config.immune.antigens.count);
      l.at_capacity_bytes =
          l.at_start_bytes + voxels * tumor_cell_bytes() + tcells_max * tcell_bytes();
    }
    if (spec.kind == "population") {
      // Per voxel: viable, necrotic, distance (doubles), order (int32), vessels (float), one
      // effector density per antigen, and the step's scratch arrays (two doubles).
      const model::LatticeParams& lat = spec.config.lattice;
      const double voxels = static_cast<double>(lat.nx) * lat.ny * lat.nz;
      const double per_voxel = 5 * sizeof(double) + sizeof(std::int32_t) + sizeof(float) +
                               spec.config.immune.antigens.count * sizeof(double);
      l.at_start_bytes = l.at_capacity_bytes = voxels * per_voxel;
      // Embolization, TACE, TARE (agents/population_territory.hpp): the open-flow array and
      // its construction scratch, and per territory at most every voxel (index + five doubles).
      int territories = 0;
      for (const TreatmentSpec& t : sc.treatments) {
        const std::string& m = t.common.modality;
        if (t.common.lesion == spec.config.name && (m == "bland" || m == "tace" || m == "tare"))
          ++territories;
      }
      if (territories > 0)
        l.at_capacity_bytes += voxels * (2 * sizeof(double) +
                                         territories * (sizeof(std::int32_t) + 5 * sizeof(double)));
    }
    m.at_start_bytes += l.at_start_bytes;
    m.at_capacity_bytes += l.at_capacity_bytes;
    m.lesions.push_back(std::move(l));
  }
  return m;
}

std::optional<MemoryLimit> memory_limit() {
  if (const char* env = std::getenv(kMemoryLimitEnv); env != nullptr && *env != '\0') {
    char* end = nullptr;
    errno = 0;
    const double gib = std::strtod(env, &end);
    if (errno != 0 || end == env || *end != '\0' || !(gib > 0.0) || gib > 1e9)
      throw model::ConfigError(std::string(kMemoryLimitEnv) + "='" + printable(env) +
                               "': expected a positive number of GiB");
    return MemoryLimit{gib * kGiB, kMemoryLimitEnv};
  }
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    double kib = 0.0;
    if (fields >> key >> kib && key == "MemAvailable:")
      return MemoryLimit{kib * 1024.0, "MemAvailable"};
  }
  return std::nullopt;
}

void check_memory(const Scenario& sc, const MemoryLimit& limit,
                  const std::function<std::string(const std::string&)>& locate) {
  const MemoryEstimate m = estimate_memory(sc);
  if (m.at_capacity_bytes <= limit.bytes || m.lesions.empty()) return;
  const LesionMemory* largest = &m.lesions.front();
  for (const LesionMemory& l : m.lesions)
    if (l.at_capacity_bytes > largest->at_capacity_bytes) largest = &l;
  const LesionSpec* spec = nullptr;
  for (const LesionSpec& s : sc.lesions)
    if (s.config.name == largest->name) spec = &s;
  const model::LatticeParams& lat = spec->config.lattice;
  const std::string key = "lesions." + largest->name + ".lattice";
  throw model::ConfigError(
      locate(key + ".nx") + ": " + key + ": the scenario needs up to " +
      format_bytes(m.at_capacity_bytes) + " of memory (" + format_bytes(m.at_start_bytes) +
      " at the start, the rest when the agent stores fill; this lesion's " +
      std::to_string(lat.nx) + "x" + std::to_string(lat.ny) + "x" + std::to_string(lat.nz) +
      " lattice: up to " + format_bytes(largest->at_capacity_bytes) + "), but " +
      format_bytes(limit.bytes) + " is available (" + limit.source +
      (limit.source == kMemoryLimitEnv
           ? std::string()
           : std::string("; set ") + kMemoryLimitEnv + " to choose the limit") +
      ")");
}

}  // namespace isv::scenarios
