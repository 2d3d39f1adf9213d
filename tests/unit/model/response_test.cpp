// RECIST 1.1 / mRECIST read-outs against hand-worked examples (numbers in the comments).
#include "model/response.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace isv::model {
namespace {

using C = ResponseCategory;

ResponseCriteria recist() { return recist_criteria(ResponseParams{}); }

TEST(ResponseClassify, ThirtyPercentShrinkIsPartialResponse) {
  // Baseline 100 mm: 70 mm is exactly -30 % -> PR; 71 mm is -29 % -> SD.
  EXPECT_EQ(classify(70.0, false, 100.0, 100.0, recist()), C::kPR);
  EXPECT_EQ(classify(71.0, false, 100.0, 100.0, recist()), C::kSD);
}

TEST(ResponseClassify, ProgressionNeedsTwentyPercentAndFiveMillimetres) {
  // Baseline = nadir = 20 mm. 24 mm is +20 % but only +4 mm -> not PD (SD).
  EXPECT_EQ(classify(24.0, false, 20.0, 20.0, recist()), C::kSD);
  // 25 mm is +25 % and +5 mm -> PD.
  EXPECT_EQ(classify(25.0, false, 20.0, 20.0, recist()), C::kPD);
  // Baseline = nadir = 100 mm: 119 mm is +19 mm but only +19 % -> SD; 120 mm -> PD.
  EXPECT_EQ(classify(119.0, false, 100.0, 100.0, recist()), C::kSD);
  EXPECT_EQ(classify(120.0, false, 100.0, 100.0, recist()), C::kPD);
}

TEST(ResponseClassify, ProgressionIsMeasuredFromTheNadirNotTheBaseline) {
  // Baseline 100, nadir 50: 60 mm is still -40 % vs baseline (PR-sized), but +20 % and +10 mm
  // over the nadir -> PD.
  EXPECT_EQ(classify(60.0, false, 100.0, 50.0, recist()), C::kPD);
  // 59 mm: +18 % over the nadir -> not PD; -41 % vs baseline -> PR.
  EXPECT_EQ(classify(59.0, false, 100.0, 50.0, recist()), C::kPR);
}

TEST(ResponseClassify, AllTargetsGoneIsCompleteResponse) {
  EXPECT_EQ(classify(0.0, true, 100.0, 100.0, recist()), C::kCR);
  EXPECT_EQ(classify(0.0, true, 0.0, 0.0, recist()), C::kNotEvaluable);  // nothing at baseline
}

TEST(ResponseClassify, MrecistOriginalRuleHasNoAbsoluteIncrease) {
  ResponseParams p;
  p.mrecist_pd_min_increase_mm = 0.0;  // Lencioni & Llovet 2010: +20 % alone
  // Viable nadir 10 mm -> 12 mm: +20 %, +2 mm -> PD under mRECIST, SD under RECIST 1.1.
  EXPECT_EQ(classify(12.0, false, 10.0, 10.0, mrecist_criteria(p)), C::kPD);
  EXPECT_EQ(classify(12.0, false, 10.0, 10.0, recist_criteria(p)), C::kSD);
}

TEST(ResponseSum, OnlyTargetLesionsAboveTheCrDiameterCount) {
  // Lesions 10, 0.01 and 5 mm; the third is not a target; CR diameter 0.02 mm:
  // sum = 10 (0.01 counts as gone), not all gone.
  const std::vector<std::vector<double>> d{{10.0}, {0.01}, {5.0}};
  bool gone = false;
  EXPECT_DOUBLE_EQ(target_sum_mm(d, {true, true, false}, 0, 0.02, gone), 10.0);
  EXPECT_FALSE(gone);
  EXPECT_DOUBLE_EQ(target_sum_mm(d, {false, true, false}, 0, 0.02, gone), 0.0);
  EXPECT_TRUE(gone);
}

TEST(ResponseSchedule, AssessmentsUseTheLastSampleAtOrBefore) {
  // Run of 170 days, every 56 days -> 56, 112, 168.
  EXPECT_EQ(assessment_days(170.0, 56.0), (std::vector<double>{56.0, 112.0, 168.0}));
  EXPECT_EQ(assessment_days(55.9, 56.0), std::vector<double>{});
  // Samples at 0, 50, 60 days: day 56 uses the day-50 sample; day 60 its own.
  const std::vector<double> samples{0.0, 50.0, 60.0};
  EXPECT_EQ(sample_at_or_before(samples, 56.0), 1u);
  EXPECT_EQ(sample_at_or_before(samples, 60.0), 2u);
  EXPECT_EQ(sample_at_or_before(samples, -1.0), kNoSample);
}

TEST(BestOverallResponse, ConfirmedResponses) {
  const std::vector<double> days{56.0, 112.0};
  // PR at 56, PR at 112 (56 days >= 28 later) -> confirmed PR.
  EXPECT_EQ(best_overall_response(days, std::vector{C::kPR, C::kPR}, 28.0, 42.0), C::kPR);
  EXPECT_EQ(best_overall_response(days, std::vector{C::kCR, C::kCR}, 28.0, 42.0), C::kCR);
  // PR then CR -> PR (RECIST 1.1 Table 3); CR then PR -> PR.
  EXPECT_EQ(best_overall_response(days, std::vector{C::kPR, C::kCR}, 28.0, 42.0), C::kPR);
  EXPECT_EQ(best_overall_response(days, std::vector{C::kCR, C::kPR}, 28.0, 42.0), C::kPR);
}

TEST(BestOverallResponse, UnconfirmedResponseIsStableDisease) {
  // PR at 56 then SD at 112 -> not confirmed; day 56 >= 42 meets SD -> SD.
  const std::vector<double> days{56.0, 112.0};
  EXPECT_EQ(best_overall_response(days, std::vector{C::kPR, C::kSD}, 28.0, 42.0), C::kSD);
  // PR at the last assessment: nothing can confirm it -> SD.
  EXPECT_EQ(best_overall_response(std::vector{56.0}, std::vector{C::kPR}, 28.0, 42.0), C::kSD);
  // Without confirmation (0 days) the single PR counts.
  EXPECT_EQ(best_overall_response(std::vector{56.0}, std::vector{C::kPR}, 0.0, 42.0), C::kPR);
  // Dense cadence, every 14 days: PR 14, SD 28, PR 42 -> the SD at 28 breaks the first PR's
  // 28-day window and the last PR has no confirming assessment -> SD (42 >= 42).
  EXPECT_EQ(best_overall_response(std::vector{14.0, 28.0, 42.0},
                                  std::vector{C::kPR, C::kSD, C::kPR}, 28.0, 42.0),
            C::kSD);
}

TEST(BestOverallResponse, EarlyProgressionAndMinimumStableDuration) {
  // SD at 28 (before the 42-day minimum) then PD at 56 -> PD.
  EXPECT_EQ(best_overall_response(std::vector{28.0, 56.0}, std::vector{C::kSD, C::kPD}, 28.0, 42.0),
            C::kPD);
  // PD first: later responses do not count -> PD.
  EXPECT_EQ(best_overall_response(std::vector{56.0, 112.0, 168.0},
                                  std::vector{C::kPD, C::kPR, C::kPR}, 28.0, 42.0),
            C::kPD);
  // SD at 28 only: too early for SD, no PD -> NE.
  EXPECT_EQ(best_overall_response(std::vector{28.0}, std::vector{C::kSD}, 28.0, 42.0),
            C::kNotEvaluable);
  EXPECT_EQ(best_overall_response({}, {}, 28.0, 42.0), C::kNotEvaluable);
}

// Two target lesions A and B and one untreated non-target lesion N, sampled at 0, 56, 112,
// 168 days (assessments every 56 days).
ResponseInput two_target_patient() {
  ResponseInput in;
  in.sample_days = {0.0, 56.0, 112.0, 168.0};
  in.diameter_mm = {{20.0, 12.0, 10.0, 16.0}, {10.0, 8.0, 6.0, 8.0}, {10.0, 8.0, 6.0, 8.0}};
  in.viable_diameter_mm = in.diameter_mm;
  in.target = {true, true, false};
  in.treated = {true, false, false};
  return in;
}

TEST(EvaluateResponse, HandWorkedPatient) {
  ResponseParams p;
  p.report_days = {60.0, 200.0};
  const PatientResponse r = evaluate_response(two_target_patient(), p);
  // Sums (A + B; N is not a target): 30 | 20, 16, 24.
  EXPECT_DOUBLE_EQ(r.recist.baseline_sum_mm, 30.0);
  EXPECT_EQ(r.assessment_days, (std::vector<double>{56.0, 112.0, 168.0}));
  EXPECT_EQ(r.recist.sum_mm, (std::vector<double>{20.0, 16.0, 24.0}));
  // 56: -33 % -> PR; 112: -47 % -> PR; 168: +50 % and +8 mm over the nadir 16 -> PD.
  EXPECT_EQ(r.recist.category, (std::vector{C::kPR, C::kPR, C::kPD}));
  EXPECT_EQ(r.recist.nadir_sum_mm, (std::vector<double>{30.0, 20.0, 16.0}));
  // PR at 56 confirmed at 112 -> PR; progression at day 168.
  EXPECT_EQ(r.recist.best_overall, C::kPR);
  EXPECT_DOUBLE_EQ(r.recist.time_to_progression_days, 168.0);
  EXPECT_FALSE(r.recist.progression_censored);

  ASSERT_EQ(r.lesions.size(), 3u);
  const LesionResponse& a = r.lesions[0];
  EXPECT_DOUBLE_EQ(a.baseline_mm, 20.0);
  EXPECT_DOUBLE_EQ(a.nadir_mm, 10.0);
  EXPECT_DOUBLE_EQ(a.final_mm, 16.0);
  EXPECT_DOUBLE_EQ(a.final_change_percent, -20.0);
  // Day 60 uses the day-56 sample: (12 - 20) / 20 = -40 %; day 200 is after the run -> NaN.
  ASSERT_EQ(a.change_at_report_percent.size(), 2u);
  EXPECT_DOUBLE_EQ(a.change_at_report_percent[0], -40.0);
  EXPECT_TRUE(std::isnan(a.change_at_report_percent[1]));
  // A is treated: no abscopal flag. B and N are untreated: 10 -> 6 mm at day 112 is -40 %.
  EXPECT_EQ(a.abscopal, AbscopalFlag::kNotApplicable);
  EXPECT_EQ(r.lesions[1].abscopal, AbscopalFlag::kYes);
  EXPECT_EQ(r.lesions[2].abscopal, AbscopalFlag::kYes);
  EXPECT_DOUBLE_EQ(r.lesions[2].abscopal_day, 112.0);
}

TEST(EvaluateResponse, AbscopalFlagNeedsThirtyPercentAtAnAssessment) {
  ResponseInput in;
  in.sample_days = {0.0, 28.0, 56.0, 112.0};
  // 10 -> 6 mm only at day 28, which is not an assessment day; 7.5 mm (-25 %) at 56 and 112.
  in.diameter_mm = {{10.0, 6.0, 7.5, 7.5}};
  in.viable_diameter_mm = {{10.0, 6.0, 7.0, 7.0}};  // -30 % at day 56 -> viable flag set
  in.target = {false};
  in.treated = {false};
  const PatientResponse r = evaluate_response(in, ResponseParams{});
  EXPECT_EQ(r.lesions[0].abscopal, AbscopalFlag::kNo);
  EXPECT_TRUE(std::isnan(r.lesions[0].abscopal_day));
  EXPECT_EQ(r.lesions[0].abscopal_viable, AbscopalFlag::kYes);
  // No target lesion: the patient is not evaluable.
  EXPECT_EQ(r.recist.best_overall, C::kNotEvaluable);
  EXPECT_TRUE(std::isnan(r.recist.time_to_progression_days));
}

TEST(EvaluateResponse, AblationShrinksViableButNotTotalDiameter) {
  // One 30 mm target lesion ablated after baseline: the debris keeps its extent (RECIST
  // diameter 30 mm throughout) while the viable diameter drops to 0 (complete ablation).
  ResponseInput in;
  in.sample_days = {0.0, 56.0, 112.0};
  in.diameter_mm = {{30.0, 30.0, 30.0}};
  in.viable_diameter_mm = {{30.0, 0.0, 0.0}};
  in.target = {true};
  in.treated = {true};
  PatientResponse r = evaluate_response(in, ResponseParams{});
  // RECIST: 0 % change at 56 and 112 -> SD, SD; best SD; no PD -> censored at day 112.
  EXPECT_EQ(r.recist.category, (std::vector{C::kSD, C::kSD}));
  EXPECT_EQ(r.recist.best_overall, C::kSD);
  EXPECT_TRUE(r.recist.progression_censored);
  EXPECT_DOUBLE_EQ(r.recist.time_to_progression_days, 112.0);
  // mRECIST: no viable tumour at 56 and 112 -> CR confirmed 56 days later -> CR.
  EXPECT_EQ(r.mrecist.category, (std::vector{C::kCR, C::kCR}));
  EXPECT_EQ(r.mrecist.best_overall, C::kCR);

  // Incomplete ablation: viable 30 -> 12 mm (-60 %) -> mRECIST PR, RECIST still SD.
  in.viable_diameter_mm = {{30.0, 12.0, 12.0}};
  r = evaluate_response(in, ResponseParams{});
  EXPECT_EQ(r.mrecist.best_overall, C::kPR);
  EXPECT_EQ(r.recist.best_overall, C::kSD);
  EXPECT_DOUBLE_EQ(r.lesions[0].viable_final_change_percent, -60.0);
}

TEST(EvaluateResponse, MismatchedSeriesAreRejected) {
  ResponseInput in = two_target_patient();
  in.treated.pop_back();
  EXPECT_THROW(evaluate_response(in, ResponseParams{}), std::invalid_argument);
}

}  // namespace
}  // namespace isv::model
