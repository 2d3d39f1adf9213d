// The [response] table: how patient-level tumour response is read out of the lesion diameter
// series (RECIST 1.1 / mRECIST assessment cadence, confirmation, thresholds). Definitions and
// sources in docs/readouts.md; the math is in model/response.hpp.
#pragma once

#include <vector>

#include "model/param_spec.hpp"

namespace isv::model {

struct ResponseParams {
  // RECIST 1.1 leaves the schedule to the protocol; every 8 weeks is the commonest choice
  // (Eisenhauer et al., Eur J Cancer 2009;45:228-247, section 4.5).
  double assessment_every_days = 56.0;
  // CR/PR must be seen again at least 4 weeks later (Eisenhauer 2009, section 4.6).
  double confirmation_days = 28.0;
  // SD counts as best response only if met at least this long after baseline ("in general not
  // less than 6-8 weeks", Eisenhauer 2009, section 4.6); 6 weeks here.
  double sd_min_days = 42.0;
  // Days (from the start of the run) at which each lesion's diameter change is reported.
  std::vector<double> report_days = {60.0};
  // A target lesion whose diameter is at or below this counts as gone (CR) and adds 0 to the
  // sum; 0 = only a lesion with no voxel left. Raise it to model an imaging detection limit.
  double cr_diameter_mm = 0.0;
  double pr_shrink_percent = 30.0;  // PR: sum <= baseline sum x (1 - 30 %) (RECIST 1.1)
  double pd_growth_percent = 20.0;  // PD: sum >= nadir x (1 + 20 %) ... (RECIST 1.1, mRECIST)
  double pd_min_increase_mm = 5.0;  // ... and sum - nadir >= 5 mm (RECIST 1.1)
  // mRECIST (Lencioni & Llovet, Semin Liver Dis 2010;30:52-60) predates the 5 mm rule; the
  // default applies it anyway so both criteria share one PD rule; 0 reproduces the original.
  double mrecist_pd_min_increase_mm = 5.0;
  // Abscopal response of an untreated lesion: its diameter at an assessment is at least this
  // much below its baseline (PR-level shrinkage of one lesion; a modelling choice).
  double abscopal_shrink_percent = 30.0;

  template <class V>
  void visit(V&& v) {
    v(assessment_every_days,
      ParamInfo{"assessment_every_days", Bounds::positive(), "days",
                "tumour assessment cadence after the baseline assessment at day 0"});
    v(confirmation_days,
      ParamInfo{"confirmation_days", Bounds::non_negative(), "days",
                "CR/PR count as best response only if still met this long after (0 = no "
                "confirmation)"});
    v(sd_min_days, ParamInfo{"sd_min_days", Bounds::non_negative(), "days",
                             "SD counts as best response only if met at or after this day"});
    v(report_days, ParamInfo{"report_days", Bounds::non_negative(), "days",
                             "days at which each lesion's diameter change is reported"});
    v(cr_diameter_mm, ParamInfo{"cr_diameter_mm", Bounds::non_negative(), "mm",
                                "a target lesion at or below this diameter counts as gone"});
    v(pr_shrink_percent, ParamInfo{"pr_shrink_percent", Bounds{0.0, 100.0, true, false}, "%",
                                   "PR: target sum at least this far below baseline"});
    v(pd_growth_percent, ParamInfo{"pd_growth_percent", Bounds::positive(), "%",
                                   "PD: target sum at least this far above the nadir"});
    v(pd_min_increase_mm,
      ParamInfo{"pd_min_increase_mm", Bounds::non_negative(), "mm",
                "PD (RECIST): and at least this absolute increase over the nadir"});
    v(mrecist_pd_min_increase_mm,
      ParamInfo{"mrecist_pd_min_increase_mm", Bounds::non_negative(), "mm",
                "PD (mRECIST): and at least this absolute increase over the viable nadir"});
    v(abscopal_shrink_percent,
      ParamInfo{"abscopal_shrink_percent", Bounds{0.0, 100.0, true, false}, "%",
                "abscopal response: an untreated lesion at least this far below its baseline"});
  }
};

}  // namespace isv::model
