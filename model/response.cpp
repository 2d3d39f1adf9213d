// RECIST 1.1 / mRECIST read-outs from diameter series (see response.hpp, docs/readouts.md).
#include "model/response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace isv::model {
namespace {

constexpr double kPercent = 100.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Sample and assessment days come from sums of hour steps; a day matches within this.
constexpr double kDayTolerance = 1e-9;
// Threshold comparisons (shrink/growth fractions, mm increases) forgive rounding of sums of
// voxel-width diameters, so that a hand-worked boundary case (exactly -30 %) lands as intended.
constexpr double kRelativeTolerance = 1e-9;

// Higher is better; used to pick the best overall response.
int rank(ResponseCategory c) {
  switch (c) {
    case ResponseCategory::kCR:
      return 4;
    case ResponseCategory::kPR:
      return 3;
    case ResponseCategory::kSD:
      return 2;
    case ResponseCategory::kPD:
      return 1;
    case ResponseCategory::kNotEvaluable:
      return 0;
  }
  return 0;
}

bool is_response(ResponseCategory c) {
  return c == ResponseCategory::kCR || c == ResponseCategory::kPR;
}

double change_percent(double value, double baseline) {
  return baseline > 0.0 ? kPercent * (value - baseline) / baseline : kNaN;
}

// True if `value` is at least `fraction` below `baseline` (baseline > 0).
bool shrunk_by(double value, double baseline, double fraction) {
  return (value - baseline) / baseline <= -fraction + kRelativeTolerance;
}

// The best response confirmed at assessment i: the category must hold (CR: CR; PR: CR or PR)
// at every assessment from i through the first one at least `confirmation_days` later.
ResponseCategory confirmed_at(std::span<const double> days,
                              std::span<const ResponseCategory> categories, std::size_t i,
                              std::size_t end, double confirmation_days) {
  bool all_cr = true;
  for (std::size_t j = i; j < end; ++j) {
    if (!is_response(categories[j])) return ResponseCategory::kNotEvaluable;
    all_cr = all_cr && categories[j] == ResponseCategory::kCR;
    if (days[j] - days[i] >= confirmation_days - kDayTolerance)
      return all_cr ? ResponseCategory::kCR : ResponseCategory::kPR;
  }
  return ResponseCategory::kNotEvaluable;  // the run ended before a confirming assessment
}

CriterionResult assess(const ResponseInput& in, const std::vector<std::vector<double>>& diameters,
                       std::span<const double> days, const ResponseCriteria& c,
                       const ResponseParams& p) {
  CriterionResult res;
  bool gone = false;
  res.baseline_sum_mm = target_sum_mm(diameters, in.target, 0, c.cr_diameter_mm, gone);
  const bool any_target = std::find(in.target.begin(), in.target.end(), true) != in.target.end();
  const bool evaluable = any_target && res.baseline_sum_mm > 0.0;
  double nadir = res.baseline_sum_mm;
  for (const double day : days) {
    const std::size_t s = sample_at_or_before(in.sample_days, day);
    const double sum = target_sum_mm(diameters, in.target, s, c.cr_diameter_mm, gone);
    res.sum_mm.push_back(sum);
    res.nadir_sum_mm.push_back(nadir);
    res.category.push_back(evaluable ? classify(sum, gone, res.baseline_sum_mm, nadir, c)
                                     : ResponseCategory::kNotEvaluable);
    nadir = std::min(nadir, sum);
  }
  if (!evaluable) {
    res.time_to_progression_days = kNaN;
    res.progression_censored = true;
    return res;
  }
  res.best_overall = best_overall_response(days, res.category, p.confirmation_days, p.sd_min_days);
  const auto pd = std::find(res.category.begin(), res.category.end(), ResponseCategory::kPD);
  res.progression_censored = pd == res.category.end();
  // Censored at the last assessment: progression after it would not have been seen.
  res.time_to_progression_days = res.progression_censored
                                     ? (days.empty() ? 0.0 : days.back())
                                     : days[static_cast<std::size_t>(pd - res.category.begin())];
  return res;
}

LesionResponse lesion_response(const ResponseInput& in, std::size_t l, std::span<const double> days,
                               const ResponseParams& p) {
  const std::vector<double>& d = in.diameter_mm[l];
  const std::vector<double>& v = in.viable_diameter_mm[l];
  LesionResponse r;
  r.target = in.target[l];
  r.treated = in.treated[l];
  r.baseline_mm = d.front();
  r.final_mm = d.back();
  r.nadir_mm = *std::min_element(d.begin(), d.end());
  r.viable_baseline_mm = v.front();
  r.viable_final_mm = v.back();
  r.viable_nadir_mm = *std::min_element(v.begin(), v.end());
  r.final_change_percent = change_percent(r.final_mm, r.baseline_mm);
  r.viable_final_change_percent = change_percent(r.viable_final_mm, r.viable_baseline_mm);
  const double last_day = in.sample_days.back();
  for (const double day : p.report_days) {
    const bool reached = day <= last_day + kDayTolerance;
    const std::size_t s = sample_at_or_before(in.sample_days, day);
    r.change_at_report_percent.push_back(reached ? change_percent(d[s], r.baseline_mm) : kNaN);
    r.viable_change_at_report_percent.push_back(reached ? change_percent(v[s], r.viable_baseline_mm)
                                                        : kNaN);
  }
  r.abscopal_day = kNaN;
  if (in.treated[l]) return r;  // flags stay kNotApplicable
  const double fraction = p.abscopal_shrink_percent / kPercent;
  auto flag = [&](const std::vector<double>& series, double* first_day) {
    if (!(series.front() > p.cr_diameter_mm)) return AbscopalFlag::kNotApplicable;
    for (const double day : days) {
      if (shrunk_by(series[sample_at_or_before(in.sample_days, day)], series.front(), fraction)) {
        if (first_day != nullptr) *first_day = day;
        return AbscopalFlag::kYes;
      }
    }
    return AbscopalFlag::kNo;
  };
  r.abscopal = flag(d, &r.abscopal_day);
  r.abscopal_viable = flag(v, nullptr);
  return r;
}

}  // namespace

std::string_view to_string(ResponseCategory c) {
  switch (c) {
    case ResponseCategory::kCR:
      return "CR";
    case ResponseCategory::kPR:
      return "PR";
    case ResponseCategory::kSD:
      return "SD";
    case ResponseCategory::kPD:
      return "PD";
    case ResponseCategory::kNotEvaluable:
      return "NE";
  }
  return "NE";
}

std::string_view response_code_legend() { return "0=NE 1=CR 2=PR 3=SD 4=PD"; }

ResponseCriteria recist_criteria(const ResponseParams& p) {
  return {p.cr_diameter_mm, p.pr_shrink_percent / kPercent, p.pd_growth_percent / kPercent,
          p.pd_min_increase_mm};
}

ResponseCriteria mrecist_criteria(const ResponseParams& p) {
  ResponseCriteria c = recist_criteria(p);
  c.pd_min_increase_mm = p.mrecist_pd_min_increase_mm;
  return c;
}

std::vector<double> assessment_days(double last_sample_day, double every_days) {
  std::vector<double> days;
  if (!(every_days > 0.0)) return days;
  // Multiples, not repeated sums, so that day 8 x 56 is exactly 448.
  for (int k = 1;; ++k) {
    const double day = every_days * k;
    if (day > last_sample_day + kDayTolerance) break;
    days.push_back(day);
  }
  return days;
}

std::size_t sample_at_or_before(std::span<const double> sample_days, double day) {
  const auto after = std::upper_bound(sample_days.begin(), sample_days.end(), day + kDayTolerance);
  if (after == sample_days.begin()) return kNoSample;
  return static_cast<std::size_t>(after - sample_days.begin()) - 1;
}

double target_sum_mm(const std::vector<std::vector<double>>& diameter_mm,
                     const std::vector<bool>& target, std::size_t sample, double cr_diameter_mm,
                     bool& all_gone) {
  double sum = 0.0;
  all_gone = true;
  for (std::size_t l = 0; l < diameter_mm.size(); ++l) {
    if (!target[l]) continue;
    const double d = diameter_mm[l][sample];
    if (d > cr_diameter_mm) {
      sum += d;
      all_gone = false;
    }
  }
  return sum;
}

ResponseCategory classify(double sum_mm, bool all_gone, double baseline_sum_mm, double nadir_sum_mm,
                          const ResponseCriteria& c) {
  if (!(baseline_sum_mm > 0.0)) return ResponseCategory::kNotEvaluable;
  if (all_gone) return ResponseCategory::kCR;
  const double increase_mm = sum_mm - nadir_sum_mm;
  // From a nadir of 0 (all gone) any reappearance is an infinite relative increase.
  const bool grew = nadir_sum_mm > 0.0
                        ? increase_mm / nadir_sum_mm >= c.pd_growth_fraction - kRelativeTolerance
                        : increase_mm > 0.0;
  if (grew && increase_mm >= c.pd_min_increase_mm * (1.0 - kRelativeTolerance))
    return ResponseCategory::kPD;
  if (shrunk_by(sum_mm, baseline_sum_mm, c.pr_shrink_fraction)) return ResponseCategory::kPR;
  return ResponseCategory::kSD;
}

ResponseCategory best_overall_response(std::span<const double> days,
                                       std::span<const ResponseCategory> categories,
                                       double confirmation_days, double sd_min_days) {
  // Only assessments up to and including the first PD count (Eisenhauer 2009, section 4.6).
  const auto first_pd = std::find(categories.begin(), categories.end(), ResponseCategory::kPD);
  const std::size_t end =
      static_cast<std::size_t>(first_pd - categories.begin()) + (first_pd != categories.end());
  ResponseCategory best = ResponseCategory::kNotEvaluable;
  auto consider = [&](ResponseCategory c) {
    if (rank(c) > rank(best)) best = c;
  };
  for (std::size_t i = 0; i < end; ++i) {
    const ResponseCategory c = categories[i];
    if (is_response(c)) consider(confirmed_at(days, categories, i, end, confirmation_days));
    // An unconfirmed CR/PR still meets the SD criteria.
    if (c != ResponseCategory::kPD && c != ResponseCategory::kNotEvaluable &&
        days[i] >= sd_min_days - kDayTolerance)
      consider(ResponseCategory::kSD);
    if (c == ResponseCategory::kPD) consider(ResponseCategory::kPD);
  }
  return best;
}

PatientResponse evaluate_response(const ResponseInput& in, const ResponseParams& p) {
  const std::size_t lesions = in.diameter_mm.size(), samples = in.sample_days.size();
  bool consistent = in.viable_diameter_mm.size() == lesions && in.target.size() == lesions &&
                    in.treated.size() == lesions;
  for (std::size_t l = 0; consistent && l < lesions; ++l)
    consistent = in.diameter_mm[l].size() == samples && in.viable_diameter_mm[l].size() == samples;
  if (!consistent)
    throw std::invalid_argument("evaluate_response: series lengths do not match the samples");
  PatientResponse r;
  r.report_days = p.report_days;
  if (in.sample_days.empty()) return r;
  r.assessment_days = assessment_days(in.sample_days.back(), p.assessment_every_days);
  r.recist = assess(in, in.diameter_mm, r.assessment_days, recist_criteria(p), p);
  r.mrecist = assess(in, in.viable_diameter_mm, r.assessment_days, mrecist_criteria(p), p);
  for (std::size_t l = 0; l < in.diameter_mm.size(); ++l)
    r.lesions.push_back(lesion_response(in, l, r.assessment_days, p));
  return r;
}

}  // namespace isv::model
