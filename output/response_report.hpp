// The patient-level response read-outs as a few lines of text for the end-of-run summary.
#pragma once

#include <string>

#include "model/response.hpp"
#include "scenarios/scenario.hpp"

namespace isv::output {

std::string response_report(const scenarios::Scenario& sc, const model::PatientResponse& r);

}  // namespace isv::output
