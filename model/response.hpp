// Patient-level tumour response from lesion diameter series: RECIST 1.1 (longest diameters,
// debris included) and mRECIST (viable diameters) categories at assessment times, best overall
// response with confirmation, time to progression, and per-lesion changes with an abscopal
// response flag for untreated lesions. Pure math on numbers; definitions in docs/readouts.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/response_params.hpp"

namespace isv::model {

// Codes as stored in the output file (attribute `codes` there spells them out).
enum class ResponseCategory : std::int8_t {
  kNotEvaluable = 0,  // no measurable target disease at baseline, or no assessment yet
  kCR = 1,
  kPR = 2,
  kSD = 3,
  kPD = 4,
};
std::string_view to_string(ResponseCategory c);
// "0=NE 1=CR 2=PR 3=SD 4=PD": the legend written beside stored codes.
std::string_view response_code_legend();

// Abscopal response of one lesion, stored as int8.
enum class AbscopalFlag : std::int8_t {
  kNotApplicable = -1,  // treated lesion, or no measurable diameter at baseline
  kNo = 0,
  kYes = 1,
};

// The thresholds of one criterion (RECIST 1.1 or mRECIST).
struct ResponseCriteria {
  double cr_diameter_mm = 0.0;
  double pr_shrink_fraction = 0.30;
  double pd_growth_fraction = 0.20;
  double pd_min_increase_mm = 5.0;
};
ResponseCriteria recist_criteria(const ResponseParams& p);
ResponseCriteria mrecist_criteria(const ResponseParams& p);

// What a run hands over: one sample per time, per lesion a diameter at each sample.
struct ResponseInput {
  std::vector<double> sample_days;                      // increasing; first = baseline (day 0)
  std::vector<std::vector<double>> diameter_mm;         // [lesion][sample], RECIST (debris in)
  std::vector<std::vector<double>> viable_diameter_mm;  // [lesion][sample], mRECIST (viable)
  std::vector<bool> target;                             // [lesion]
  std::vector<bool> treated;                            // [lesion], treated locally
};

// One criterion over the assessments after baseline.
struct CriterionResult {
  double baseline_sum_mm = 0.0;
  std::vector<double> sum_mm;              // [assessment]
  std::vector<double> nadir_sum_mm;        // [assessment] reference for PD at that assessment
  std::vector<ResponseCategory> category;  // [assessment]
  ResponseCategory best_overall = ResponseCategory::kNotEvaluable;
  double time_to_progression_days = 0.0;  // first PD, or the last assessment if censored
  bool progression_censored = true;       // no PD seen (NaN time if not evaluable)
};

struct LesionResponse {
  bool target = false, treated = false;                      // as given
  double baseline_mm = 0.0, nadir_mm = 0.0, final_mm = 0.0;  // RECIST diameter, over samples
  double viable_baseline_mm = 0.0, viable_nadir_mm = 0.0, viable_final_mm = 0.0;
  double final_change_percent = 0.0;  // vs baseline; NaN if the baseline is 0
  double viable_final_change_percent = 0.0;
  std::vector<double> change_at_report_percent;                 // [report day]; NaN if not reached
  std::vector<double> viable_change_at_report_percent;          // [report day]
  AbscopalFlag abscopal = AbscopalFlag::kNotApplicable;         // on the RECIST diameter
  AbscopalFlag abscopal_viable = AbscopalFlag::kNotApplicable;  // on the viable diameter
  double abscopal_day = 0.0;  // first assessment meeting the flag; NaN if none
};

struct PatientResponse {
  std::vector<double> assessment_days;  // after baseline, every assessment_every_days
  std::vector<double> report_days;      // as configured
  CriterionResult recist, mrecist;
  std::vector<LesionResponse> lesions;  // input order
};

// --- building blocks (public for tests) ---------------------------------------------------

// Assessment days after baseline: every, 2 every, ... up to the last sample day.
std::vector<double> assessment_days(double last_sample_day, double every_days);

// Index of the last sample taken at or before `day` (a day is matched within a tiny tolerance,
// so a sample at 56.0 days serves an assessment at day 56); npos if there is none.
inline constexpr std::size_t kNoSample = static_cast<std::size_t>(-1);
std::size_t sample_at_or_before(std::span<const double> sample_days, double day);

// Sum of the target diameters at one sample; lesions at or below the CR diameter add 0.
// `all_gone` is set when every target lesion is at or below it.
double target_sum_mm(const std::vector<std::vector<double>>& diameter_mm,
                     const std::vector<bool>& target, std::size_t sample, double cr_diameter_mm,
                     bool& all_gone);

// Category of one assessment from its sum, the baseline sum and the nadir (smallest sum at
// earlier assessments, baseline included). CR, then PD, then PR, else SD.
ResponseCategory classify(double sum_mm, bool all_gone, double baseline_sum_mm, double nadir_sum_mm,
                          const ResponseCriteria& c);

// Best overall response over the assessments up to and including the first PD:
// CR (PR) if a CR (CR or PR) is still met at every assessment through the first one at least
// confirmation_days later; else SD if any non-PD assessment is at or after sd_min_days; else
// PD if a PD was seen; else NE.
ResponseCategory best_overall_response(std::span<const double> days,
                                       std::span<const ResponseCategory> categories,
                                       double confirmation_days, double sd_min_days);

// The whole read-out.
PatientResponse evaluate_response(const ResponseInput& in, const ResponseParams& p);

}  // namespace isv::model
