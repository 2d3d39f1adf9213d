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

TextTable sample_table(const Manifest& m, const std::vector<std::optional<RunReadout>>& runs,
                       const SweepDir& dir) {
  TextTable t;
  // The seed stays text: a 62-bit seed does not survive a float64 column.
  for (const char* c : {"index", "arm", "point", "patient", "replicate", "seed", "hash", "status"})
    t.add_column(c, std::string(c) == "index" || std::string(c) == "point" ||
                        std::string(c) == "patient" || std::string(c) == "replicate");
  for (const std::string& c : m.columns) t.add_column(c, true);
  for (const char* c : {"end_day", "baseline_sld_mm", "final_sld_mm", "best_change_pct",
                        "final_change_pct", "best_viable_change_pct", "best_response", "responder",
                        "mrecist_best_response", "mrecist_responder", "progressed", "ttp_days",
                        "shrinkage", "final_viable_cells", "response_source"})
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
          o.response_source})
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

ArmStats arm_stats(const Manifest& m, const std::vector<std::string>& arm_names,
                   const std::vector<std::optional<RunReadout>>& runs) {
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
                        "mrecist_ci_high"})
    s.arms.add_column(c, std::string(c) != "arm");
  for (const char* c : {"arm", "time_days", "at_risk", "events", "censored", "survival"})
    s.km.add_column(c, std::string(c) != "arm");
  for (const std::string& arm : arm_names) {
    std::int64_t total = 0, done = 0, responders = 0, progressed = 0;
    std::int64_t abscopal_evaluable = 0, abscopal = 0, mrecist = 0;
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
      abscopal_evaluable += runs[i]->abscopal >= 0;
      abscopal += runs[i]->abscopal > 0;
      ttp.push_back(runs[i]->ttp_days);
      event_flags.push_back(runs[i]->progressed);
    }
    const model::Interval ci = model::wilson_interval(responders, done);
    const model::Interval abs_ci = model::wilson_interval(abscopal, abscopal_evaluable);
    const model::Interval m_ci = model::wilson_interval(mrecist, done);
    const auto flags = std::make_unique<bool[]>(event_flags.size());
    for (std::size_t k = 0; k < event_flags.size(); ++k) flags[k] = event_flags[k] != 0;
    const model::KaplanMeier km =
        model::kaplan_meier(ttp, std::span<const bool>(flags.get(), event_flags.size()));
    const double nd = static_cast<double>(done);
    s.arms.rows.push_back({arm,
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
                           std::to_string(abscopal_evaluable),
                           std::to_string(abscopal),
                           abscopal_evaluable ? number_cell(abs_ci.estimate) : "",
                           abscopal_evaluable ? number_cell(abs_ci.lower) : "",
                           abscopal_evaluable ? number_cell(abs_ci.upper) : "",
                           std::to_string(mrecist),
                           done ? number_cell(m_ci.estimate) : "",
                           number_cell(m_ci.lower),
                           number_cell(m_ci.upper)});
    for (const model::KmRow& row : km.table)
      s.km.rows.push_back({arm, number_cell(row.time), std::to_string(row.at_risk),
                           std::to_string(row.events), std::to_string(row.censored),
                           number_cell(row.survival)});
  }
  return s;
}

// Paired units: (point, patient, replicate) → per-arm readout.
TextTable synergy_table(const Manifest& m, const scenarios::SweepSpec& spec,
                        const std::vector<std::optional<RunReadout>>& runs) {
  TextTable t;
  for (const char* c : {"combination", "mono_a", "mono_b", "measure", "units", "effect_a",
                        "effect_b", "effect_ab", "bliss_expected", "bliss_excess", "bliss_ci_low",
                        "bliss_ci_high", "hsa_excess", "hsa_ci_low", "hsa_ci_high"})
    t.add_column(c, std::string(c) != "combination" && std::string(c) != "mono_a" &&
                        std::string(c) != "mono_b" && std::string(c) != "measure");
  using Unit = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  std::map<Unit, std::map<std::string, const RunReadout*>> units;
  for (std::size_t i = 0; i < m.rows.size(); ++i)
    if (runs[i])
      units[{m.rows[i].point, m.rows[i].patient, m.rows[i].replicate}][m.rows[i].arm] = &*runs[i];
  for (std::size_t k = 0; k < spec.synergy.size(); ++k) {
    const scenarios::SynergySpec& syn = spec.synergy[k];
    // Measures: RECIST response, mRECIST response, mean shrinkage.
    for (int measure = 0; measure < 3; ++measure) {
      std::vector<double> a, b, ab;
      for (const auto& [unit, arms] : units) {
        const auto fa = arms.find(syn.mono_a), fb = arms.find(syn.mono_b),
                   fab = arms.find(syn.combination);
        if (fa == arms.end() || fb == arms.end() || fab == arms.end()) continue;
        const auto effect = [&](const RunReadout* r) {
          if (measure == 0) return r->responder ? 1.0 : 0.0;
          if (measure == 1) return r->mrecist_responder ? 1.0 : 0.0;
          return r->shrinkage;
        };
        a.push_back(effect(fa->second));
        b.push_back(effect(fb->second));
        ab.push_back(effect(fab->second));
      }
      std::vector<std::string> row{syn.combination, syn.mono_a, syn.mono_b,
                                   measure == 0   ? "response_rate"
                                   : measure == 1 ? "mrecist_response_rate"
                                                  : "mean_shrinkage",
                                   std::to_string(a.size())};
      if (!a.empty()) {
        const model::SynergyInterval s = model::paired_bootstrap_synergy(
            a, b, ab, spec.bootstrap_resamples, spec.seed, 3 * k + static_cast<unsigned>(measure));
        for (double v :
             {s.point.effect_a, s.point.effect_b, s.point.effect_ab, s.point.bliss_expected,
              s.point.bliss_excess, s.bliss_excess.lower, s.bliss_excess.upper, s.point.hsa_excess,
              s.hsa_excess.lower, s.hsa_excess.upper})
          row.push_back(number_cell(v));
      }
      row.resize(t.names.size());
      t.rows.push_back(row);
    }
  }
  return t;
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
  const TextTable samples = sample_table(m, runs, d);
  const ArmStats arms = arm_stats(m, arm_names, runs);
  const TextTable synergy = synergy_table(m, spec, runs);
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
