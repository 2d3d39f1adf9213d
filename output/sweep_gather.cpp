// Sweep gather: runs → summary tables and arm statistics (see sweep_gather.hpp).
#include "output/sweep_gather.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <tuple>

#include "model/errors.hpp"
#include "model/stats.hpp"
#include "output/hdf5_handle.hpp"
#include "output/run_readout.hpp"
#include "output/sweep_synergy.hpp"
#include "output/sweep_untreated.hpp"
#include "output/text_table.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_dir.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;
using scenarios::Manifest;
using scenarios::ManifestRow;
using scenarios::SweepDir;

std::string read_text(const fs::path& p) {
  return scenarios::read_input_file(p, "sweep file copy", scenarios::kMaxScenarioFileBytes);
}

std::string flag_cell(int flag) { return flag < 0 ? "" : std::to_string(flag); }

TextTable sample_table(const Manifest& m, const std::vector<std::optional<RunReadout>>& runs,
                       const std::vector<UntreatedEndpoints>& untreated, const SweepDir& dir) {
  TextTable t;
  // The seed stays text: a 62-bit seed does not survive a float64 column.
  for (const char* c : {"index", "arm", "point", "patient", "replicate", "seed", "hash", "status"})
    t.add_column(c, std::string(c) == "index" || std::string(c) == "point" ||
                        std::string(c) == "patient" || std::string(c) == "replicate");
  for (const std::string& c : m.columns) t.add_column(c, true);
  for (const char* c :
       {"end_day", "baseline_sld_mm", "final_sld_mm", "best_change_pct", "final_change_pct",
        "best_viable_change_pct", "best_response", "responder", "mrecist_best_response",
        "mrecist_responder", "progressed", "ttp_days", "shrinkage", "final_viable_cells",
        "response_source", "untreated_change_pct", "untreated_shrinkage", "untreated_abscopal",
        "untreated_abscopal_viable"})
    t.add_column(c, std::string(c) != "best_response" && std::string(c) != "response_source" &&
                        std::string(c) != "mrecist_best_response");
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const ManifestRow& r = m.rows[i];
    std::vector<std::string> row{std::to_string(r.index),
                                 r.arm,
                                 std::to_string(r.point),
                                 std::to_string(r.patient),
                                 std::to_string(r.replicate),
                                 std::to_string(r.seed),
                                 r.hash};
    row.push_back(runs[i] ? "done" : fs::exists(dir.failure(r.index)) ? "failed" : "missing");
    for (const std::string& v : r.values) row.push_back(v);
    t.rows.push_back(row);
    if (!runs[i]) {
      t.rows.back().resize(t.names.size());
      continue;
    }
    const RunReadout& o = *runs[i];
    for (const std::string& v :
         {number_cell(o.end_day), number_cell(o.baseline_sld_mm), number_cell(o.final_sld_mm),
          number_cell(o.best_change_pct), number_cell(o.final_change_pct),
          number_cell(o.best_viable_change_pct), o.best_response,
          std::string(o.responder ? "1" : "0"), o.mrecist_best_response,
          std::string(o.mrecist_responder ? "1" : "0"), std::string(o.progressed ? "1" : "0"),
          number_cell(o.ttp_days), number_cell(o.shrinkage), number_cell(o.final_viable_cells),
          o.response_source, number_cell(untreated[i].change_pct),
          untreated[i].evaluable ? number_cell(untreated[i].shrinkage) : "",
          flag_cell(untreated[i].abscopal), flag_cell(untreated[i].abscopal_viable)})
      t.rows.back().push_back(v);
    t.rows.back().resize(t.names.size());
    for (const LesionReadout& l : o.lesions) {
      t.rows.back()[t.column(l.name + ".final_ld_change_pct", true)] =
          number_cell(l.final_ld_change_pct);
      t.rows.back()[t.column(l.name + ".final_viable_change_pct", true)] =
          number_cell(l.final_viable_change_pct);
      t.rows.back()[t.column(l.name + ".final_viable_cells", true)] =
          number_cell(l.final_viable_cells);
    }
    for (const auto& [key, value] : o.summary_fields)
      t.rows.back()[t.column("summary." + key, true)] = value;
  }
  for (auto& row : t.rows) row.resize(t.names.size());
  return t;
}

struct ArmStats {
  TextTable arms, km;
};

// Bootstrap streams of the arms' untreated-lesion means: apart from the synergy streams.
constexpr std::uint64_t kArmStreamBase = std::uint64_t{1} << 40;

ArmStats arm_stats(const Manifest& m, const scenarios::SweepSpec& spec,
                   const std::vector<std::string>& arm_names,
                   const std::vector<std::optional<RunReadout>>& runs,
                   const std::vector<UntreatedEndpoints>& untreated,
                   const std::vector<std::string>& untouched) {
  std::string untouched_names;
  for (const std::string& name : untouched)
    untouched_names += (untouched_names.empty() ? "" : ";") + name;
  ArmStats s;
  for (const char* c : {"arm",
                        "samples",
                        "done",
                        "responders",
                        "response_rate",
                        "response_ci_low",
                        "response_ci_high",
                        "progressed",
                        "median_ttp_days",
                        "mean_shrinkage",
                        "mean_final_change_pct",
                        "abscopal_evaluable",
                        "abscopal_responders",
                        "abscopal_rate",
                        "abscopal_ci_low",
                        "abscopal_ci_high",
                        "mrecist_responders",
                        "mrecist_response_rate",
                        "mrecist_ci_low",
                        "mrecist_ci_high",
                        "untreated_lesions",
                        "abscopal_viable_evaluable",
                        "abscopal_viable_responders",
                        "abscopal_viable_rate",
                        "abscopal_viable_ci_low",
                        "abscopal_viable_ci_high",
                        "untreated_evaluable",
                        "untreated_mean_change_pct",
                        "untreated_change_ci_low",
                        "untreated_change_ci_high",
                        "untreated_mean_shrinkage",
                        "untreated_shrinkage_ci_low",
                        "untreated_shrinkage_ci_high",
                        "samples_at_boundary"})
    s.arms.add_column(c, std::string(c) != "arm" && std::string(c) != "untreated_lesions");
  for (const char* c : {"arm", "time_days", "at_risk", "events", "censored", "survival"})
    s.km.add_column(c, std::string(c) != "arm");
  for (std::size_t a = 0; a < arm_names.size(); ++a) {
    const std::string& arm = arm_names[a];
    std::int64_t total = 0, done = 0, responders = 0, progressed = 0, mrecist = 0;
    std::int64_t at_boundary = 0;
    std::vector<UntreatedEndpoints> arm_untreated;
    double shrink = 0.0, change = 0.0;
    std::vector<double> ttp;
    std::vector<char> event_flags;  // not vector<bool>: kaplan_meier takes a span
    for (std::size_t i = 0; i < m.rows.size(); ++i) {
      if (m.rows[i].arm != arm) continue;
      ++total;
      if (!runs[i]) continue;
      ++done;
      responders += runs[i]->responder;
      mrecist += runs[i]->mrecist_responder;
      progressed += runs[i]->progressed;
      shrink += runs[i]->shrinkage;
      change += runs[i]->final_change_pct;
      arm_untreated.push_back(untreated[i]);
      for (const LesionReadout& l : runs[i]->lesions)
        if (l.reached_boundary > 0) {
          ++at_boundary;
          break;
        }
      ttp.push_back(runs[i]->ttp_days);
      event_flags.push_back(runs[i]->progressed);
    }
    const model::Interval ci = model::wilson_interval(responders, done);
    const UntreatedArm u =
        untreated_arm(arm_untreated, spec.bootstrap_resamples, spec.seed, kArmStreamBase + a);
    const model::Interval m_ci = model::wilson_interval(mrecist, done);
    const auto flags = std::make_unique<bool[]>(event_flags.size());
    for (std::size_t k = 0; k < event_flags.size(); ++k) flags[k] = event_flags[k] != 0;
    const model::KaplanMeier km =
        model::kaplan_meier(ttp, std::span<const bool>(flags.get(), event_flags.size()));
    const double nd = static_cast<double>(done);
    s.arms.rows.push_back(
        {arm,
         std::to_string(total),
         std::to_string(done),
         std::to_string(responders),
         done ? number_cell(ci.estimate) : "",
         number_cell(ci.lower),
         number_cell(ci.upper),
         std::to_string(progressed),
         km.median ? number_cell(*km.median) : "",
         done ? number_cell(shrink / nd) : "",
         done ? number_cell(change / nd) : "",
         std::to_string(u.abscopal_evaluable),
         std::to_string(u.abscopal),
         u.abscopal_evaluable ? number_cell(u.abscopal_rate.estimate) : "",
         u.abscopal_evaluable ? number_cell(u.abscopal_rate.lower) : "",
         u.abscopal_evaluable ? number_cell(u.abscopal_rate.upper) : "",
         std::to_string(mrecist),
         done ? number_cell(m_ci.estimate) : "",
         number_cell(m_ci.lower),
         number_cell(m_ci.upper),
         untouched_names,
         std::to_string(u.abscopal_viable_evaluable),
         std::to_string(u.abscopal_viable),
         u.abscopal_viable_evaluable ? number_cell(u.abscopal_viable_rate.estimate) : "",
         u.abscopal_viable_evaluable ? number_cell(u.abscopal_viable_rate.lower) : "",
         u.abscopal_viable_evaluable ? number_cell(u.abscopal_viable_rate.upper) : "",
         std::to_string(u.evaluable),
         number_cell(u.change_pct.estimate),
         number_cell(u.change_pct.lower),
         number_cell(u.change_pct.upper),
         number_cell(u.shrinkage.estimate),
         number_cell(u.shrinkage.lower),
         number_cell(u.shrinkage.upper),
         std::to_string(at_boundary)});
    for (const model::KmRow& row : km.table)
      s.km.rows.push_back({arm, number_cell(row.time), std::to_string(row.at_risk),
                           std::to_string(row.events), std::to_string(row.censored),
                           number_cell(row.survival)});
  }
  return s;
}

}  // namespace

GatherReport gather_sweep(const fs::path& dir) {
  const Manifest m = scenarios::read_manifest(dir);
  const SweepDir d(dir);
  const scenarios::SweepSpec spec = scenarios::parse_sweep(read_text(d.sweep_copy()), m.sweep_file);
  std::vector<std::string> arm_names;
  for (const scenarios::Arm& a : spec.arms) arm_names.push_back(a.name);

  GatherReport report;
  report.samples = static_cast<std::int64_t>(m.rows.size());
  std::vector<std::optional<RunReadout>> runs(m.rows.size());
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const std::int64_t index = m.rows[i].index;
    if (!fs::exists(d.run(index))) {
      report.missing.push_back(index);
      if (fs::exists(d.failure(index))) report.failed.push_back(index);
      continue;
    }
    try {
      runs[i] = read_run_readout(d.run(index));
      ++report.done;
    } catch (const model::IoError&) {
      report.unreadable.push_back(index);
      report.missing.push_back(index);
    }
  }
  const std::vector<TreatedLesions> treated = treated_per_sample(m, runs, d);
  const std::vector<std::string> untouched = untouched_lesions(treated);
  std::vector<UntreatedEndpoints> untreated(m.rows.size());
  for (std::size_t i = 0; i < m.rows.size(); ++i)
    if (runs[i]) untreated[i] = untreated_endpoints(*runs[i], untouched);

  const TextTable samples = sample_table(m, runs, untreated, d);
  const ArmStats arms = arm_stats(m, spec, arm_names, runs, untreated, untouched);
  const TextTable synergy = synergy_table(m, spec, runs, untreated);
  write_csv(samples, dir / "summary.csv");
  write_csv(arms.arms, dir / "arms.csv");
  write_csv(arms.km, dir / "km.csv");
  write_csv(synergy, dir / "synergy.csv");

  const fs::path h5 = dir / "summary.h5";
  const fs::path tmp = dir / "summary.h5.tmp";
  {
    const std::string name = h5.string();
    const h5::Handle file =
        h5::checked(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, name,
                    "H5Fcreate");
    write_h5_table(file.get(), "/samples", samples, name);
    write_h5_table(file.get(), "/arms", arms.arms, name);
    write_h5_table(file.get(), "/km", arms.km, name);
    write_h5_table(file.get(), "/synergy", synergy, name);
  }
  std::error_code ec;
  fs::rename(tmp, h5, ec);
  if (ec) throw model::IoError("cannot rename '" + tmp.string() + "': " + ec.message());
  for (const char* f : {"summary.csv", "summary.h5", "arms.csv", "km.csv", "synergy.csv"})
    report.written.push_back((dir / f).string());
  return report;
}

}  // namespace isv::output
