// Which lesions the response read-outs count as treated: only those a treatment the run
// actually applies names (a treatment timed after the last step never acts).
#include "output/response_recorder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/scenario_loader.hpp"

namespace isv::output {
namespace {

std::string lesion(const std::string& name) {
  return "[lesions." + name + ".lattice]\nnx = 16\nny = 16\nnz = 16\n[lesions." + name +
         ".tumor]\ninitial_radius_um = 60.0\n";
}

std::string rfa(const std::string& name, const std::string& day) {
  return "[[treatment]]\nday = " + day + "\nlesion = \"" + name +
         "\"\nmodality = \"rfa\"\ncentre_mm = [0.0, 0.0, 0.0]\nradius_mm = 0.05\n"
         "rim_width_mm = 0.01\n";
}

TEST(TreatedLesions, TreatmentsAfterTheLastStepDoNotCount) {
  // 10 days of 1 h steps: the last step starts at 239 h.
  const std::string text = "[run]\nduration_days = 10\nstep_h = 1.0\n" + lesion("a") + lesion("b") +
                           lesion("c") + lesion("d") + lesion("e") +
                           rfa("a", "5") +                           // during the run
                           rfa("b", "12") +                          // after the end
                           rfa("c", "10") +                          // at the end: no step left
                           rfa("d", std::to_string(239.0 / 24.0)) +  // the last step
                           rfa("e", std::to_string(239.5 / 24.0));   // after it starts
  const scenarios::Scenario sc = scenarios::parse_scenario(text, "treated.toml");
  ASSERT_EQ(sc.lesions.size(), 5u);
  EXPECT_EQ(treated_lesions(sc), (std::vector<bool>{true, false, false, true, false}));
}

TEST(TreatedLesions, RadiotherapyCountsIfAnyFractionFallsInTheRun) {
  const std::string text =
      "[run]\nduration_days = 10\n" + lesion("a") +
      "[[treatment]]\nday = 9.5\nlesion = \"a\"\nmodality = \"sbrt\"\n"
      "centre_mm = [0.0, 0.0, 0.0]\nradius_mm = 0.05\ndose_gy = 8.0\nfractions = 3\n"
      "interval_days = 2.0\n";
  EXPECT_EQ(treated_lesions(scenarios::parse_scenario(text, "sbrt.toml")), std::vector<bool>{true});
}

}  // namespace
}  // namespace isv::output
