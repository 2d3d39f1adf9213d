// Read-outs of one finished run, taken from its HDF5 file for `isvsim sweep gather`: per lesion
// the longest and viable diameter change, and per patient a response category, progression and
// shrinkage from the sum of longest diameters. Where the run file has a /summary group (the
// response read-outs of model/response.hpp) its scalar values are picked up as well and its
// best overall response and time to progression are preferred.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace isv::output {

struct LesionReadout {
  std::string name;
  double baseline_ld_mm = 0.0, final_ld_mm = 0.0;
  double final_ld_change_pct = 0.0;      // RECIST-style: longest diameter vs baseline
  double final_viable_change_pct = 0.0;  // mRECIST-style: viable diameter vs baseline
  double final_viable_cells = 0.0;
  // From the run's /summary (-1 where the file has none): 1 if a local treatment acted on the
  // lesion in the run, else 0; abscopal_response and abscopal_response_viable (-1 not
  // applicable, 0 no, 1 yes); 1 if its tumour reached its lattice boundary, else 0.
  int treated = -1;
  int abscopal = -1;
  int abscopal_viable = -1;
  int reached_boundary = -1;
};

struct RunReadout {
  std::vector<LesionReadout> lesions;  // file order
  double end_day = 0.0;
  double baseline_sld_mm = 0.0, final_sld_mm = 0.0;  // sum of longest diameters (targets)
  double best_change_pct = 0.0;  // smallest SLD change vs baseline after baseline
  double final_change_pct = 0.0;
  double best_viable_change_pct = 0.0;  // the same on the sum of viable diameters (mRECIST)
  std::string best_response;            // CR, PR, SD, PD or NE
  bool responder = false;               // best response CR or PR
  std::string mrecist_best_response;    // the same on viable diameters (mRECIST)
  bool mrecist_responder = false;
  bool progressed = false;
  double ttp_days = 0.0;   // first progression, or end_day when censored
  double shrinkage = 0.0;  // clamp(1 - final SLD / baseline SLD, 0, 1): Bliss effect
  double final_viable_cells = 0.0;
  std::string response_source;                                      // "timeseries" or "summary"
  std::vector<std::pair<std::string, std::string>> summary_fields;  // /summary scalars, as text
};

// Fallback thresholds on the sum of longest diameters (RECIST 1.1 without the 5 mm absolute
// rule and without confirmation: simulated lesions are millimetre-sized).
struct ReadoutCriteria {
  double pr_shrink_fraction = 0.30;
  double pd_growth_fraction = 0.20;
};

// Throws model::IoError if the file cannot be read or lacks /timeseries.
RunReadout read_run_readout(const std::filesystem::path& h5_file,
                            const ReadoutCriteria& criteria = {});

}  // namespace isv::output
