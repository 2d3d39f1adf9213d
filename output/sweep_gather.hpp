// `isvsim sweep gather DIR`: one row per sample (its parameters and read-outs) and per-arm
// statistics — response rates with Wilson 95 % intervals, Kaplan–Meier time to progression,
// the endpoints of the lesions no arm treats (abscopal rates, diameter change;
// sweep_untreated.hpp), and Bliss / HSA synergy of declared combinations on both, with paired
// bootstrap intervals (sweep_synergy.hpp). Writes
//   DIR/summary.csv, DIR/summary.h5 (/samples, /arms, /km, /synergy: one dataset per column),
//   DIR/arms.csv, DIR/km.csv, DIR/synergy.csv.
// Works on an incomplete sweep: statistics use the finished samples and the report lists the
// rest. The output is a pure function of the finished runs (no timestamps), so the same sweep
// run with any --jobs or through Slurm gathers to identical files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace isv::output {

struct GatherReport {
  std::int64_t samples = 0;
  std::int64_t done = 0;
  std::vector<std::int64_t> missing;     // not finished (pending, running or failed)
  std::vector<std::int64_t> failed;      // subset of missing with a failure record
  std::vector<std::int64_t> unreadable;  // finished but the run file could not be read
  std::vector<std::string> written;      // files written
};

GatherReport gather_sweep(const std::filesystem::path& dir);

}  // namespace isv::output
