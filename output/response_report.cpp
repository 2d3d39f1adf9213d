// Text of the response read-outs (see response_report.hpp).
#include "output/response_report.hpp"

#include <cmath>
#include <cstdio>

#include "output/text_format.hpp"

namespace isv::output {
namespace {

std::string percent(double value) {
  return std::isnan(value) ? std::string("n/a") : format("%+.1f %%", value);
}

std::string categories(const model::CriterionResult& c) {
  std::string out;
  for (const model::ResponseCategory k : c.category) {
    if (!out.empty()) out += ' ';
    out += model::to_string(k);
  }
  return out;
}

std::string progression(const model::CriterionResult& c) {
  if (std::isnan(c.time_to_progression_days)) return "n/a";
  return c.progression_censored ? format(">= %.0f days (censored)", c.time_to_progression_days)
                                : format("%.0f days", c.time_to_progression_days);
}

std::string abscopal(const model::LesionResponse& l) {
  switch (l.abscopal) {
    case model::AbscopalFlag::kYes:
      return format("yes (day %.0f)", l.abscopal_day);
    case model::AbscopalFlag::kNo:
      return "no";
    case model::AbscopalFlag::kNotApplicable:
      break;
  }
  return "n/a";
}

}  // namespace

std::string response_report(const scenarios::Scenario& sc, const model::PatientResponse& r) {
  const model::ResponseParams& p = sc.response;
  std::string out =
      format("Response (assessments every %g days after baseline)\n", p.assessment_every_days);
  if (r.assessment_days.empty()) {
    out += "  no assessment after baseline: the run is shorter than assessment_every_days\n";
  } else {
    out += format("  days           %g .. %g (%zu assessments)\n", r.assessment_days.front(),
                  r.assessment_days.back(), r.assessment_days.size());
    out += "  RECIST 1.1     " + categories(r.recist) + "\n";
    out += "  mRECIST        " + categories(r.mrecist) + "\n";
  }
  out += format("  best response  RECIST %s, mRECIST %s\n",
                std::string(model::to_string(r.recist.best_overall)).c_str(),
                std::string(model::to_string(r.mrecist.best_overall)).c_str());
  out += "  progression    RECIST " + progression(r.recist) + ", mRECIST " +
         progression(r.mrecist) + "\n";
  for (std::size_t l = 0; l < r.lesions.size(); ++l) {
    const model::LesionResponse& lr = r.lesions[l];
    out += format("  '%s' (%s, %s): diameter %s, viable %s at the end",
                  sc.lesions[l].config.name.c_str(), lr.target ? "target" : "non-target",
                  lr.treated ? "treated" : "untreated", percent(lr.final_change_percent).c_str(),
                  percent(lr.viable_final_change_percent).c_str());
    for (std::size_t d = 0; d < r.report_days.size(); ++d) {
      const double change = lr.change_at_report_percent[d];
      out += std::isnan(change)
                 ? format("; day %g not reached", r.report_days[d])
                 : format("; %s at day %g", percent(change).c_str(), r.report_days[d]);
    }
    if (!lr.treated) out += "; abscopal " + abscopal(lr);
    out += "\n";
  }
  return out;
}

}  // namespace isv::output
