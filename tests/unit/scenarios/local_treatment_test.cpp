// Locoregional [[treatment]] entries (bland, tace, tare, injection): parsing with file/line/key
// errors, events, and an injected antibody's leak reaching the systemic PK.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "model/antibody_pk.hpp"
#include "model/errors.hpp"
#include "scenarios/injected_antibody.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;
using ::testing::HasSubstr;

// One small lesion (24^3 voxels of 20 um: the lattice spans -0.24..+0.24 mm about its centre).
constexpr const char* kBase =
    "[run]\n"
    "duration_days = 0.5\n"
    "seed = 3\n"
    "[lesions.liver.lattice]\n"
    "nx = 24\n"
    "ny = 24\n"
    "nz = 24\n"
    "[lesions.liver.tumor]\n"
    "initial_radius_um = 100.0\n";

std::string error_of(const std::string& extra) {
  try {
    parse_scenario(std::string(kBase) + extra, "t.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << extra;
  return "";
}

TEST(LocalTreatments, EveryModalityRunsAndIsRecorded) {
  const Scenario sc = parse_scenario(
      std::string(kBase) +
          "[[treatment]]\nday = 0.05\nlesion = \"liver\"\nmodality = \"bland\"\n"
          "[[treatment]]\nday = 0.1\nlesion = \"liver\"\nmodality = \"tace\"\n"
          "territory = \"zone\"\nradius_mm = 0.15\n"
          "[[treatment]]\nday = 0.15\nlesion = \"liver\"\nmodality = \"tare\"\ndose_gy = 80\n"
          "[[treatment]]\nday = 0.2\nlesion = \"liver\"\nmodality = \"injection\"\n"
          "radius_mm = 0.05\namount_pmol = 0.01\n",
      "t.toml");
  const Scenario again = parse_scenario(sc.effective_toml, "effective.toml");
  EXPECT_EQ(again.effective_toml, sc.effective_toml);
  Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  const std::vector<TreatmentEvent>& ev = sim.events();
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].modality, "bland");
  EXPECT_GT(ev[0].tally.tumor_viable, 0);
  EXPECT_EQ(ev[0].tally.tumor_killed, 0) << "embolization kills through oxygen, not at once";
  EXPECT_EQ(ev[1].modality, "tace");
  EXPECT_EQ(ev[2].modality, "tare");
  EXPECT_DOUBLE_EQ(ev[2].dose_gy, 80.0);
  EXPECT_EQ(ev[3].modality, "injection");
  const agents::LocalTherapy& local = sim.lesions()[0].agent()->local_therapy();
  EXPECT_EQ(local.occlusion().occlusions().size(), 3u);  // bland, tace, tare
  EXPECT_EQ(local.drug_count(), 2);                      // the TACE drug and the injection
  EXPECT_EQ(local.radionuclides().size(), 1u);
}

TEST(LocalTreatments, BadKeysNameFileLineAndKey) {
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"bland\"\n"
                       "territory = \"lobe\"\n"),
              HasSubstr("t.toml:14:13: treatment[0].territory: unknown territory 'lobe'"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"tace\"\n"
                       "occlusion_fraction = 1.5\n"),
              HasSubstr("treatment[0].occlusion_fraction: value 1.5 is out of range"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"injection\"\n"
                       "agent = \"antibody\"\ndrug = \"aspirin\"\n"),
              HasSubstr("treatment[0].drug: 'aspirin' is not a library antibody"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"tare\"\n"
                       "territory = \"zone\"\ncentre_mm = [2.0, 0.0, 0.0]\n"),
              HasSubstr("treatment[0].centre_mm: the zone centre lies outside lesion 'liver'"));
}

// An antibody injected into the lesion leaks to blood; with the drug in the scenario (here
// dosed systemically too), the leak enters its central compartment: the systemic amount
// exceeds that of the same run without the injection by exactly what was added.
TEST(LocalTreatments, InjectedAntibodyLeakEntersSystemicPk) {
  const std::string dose =
      "[[dose]]\ndrug = \"nivolumab\"\nstart_day = 0\ncount = 1\ndose_mg = 1\ninfusion_min = 0\n";
  const std::string inject =
      "[[treatment]]\nday = 0\nlesion = \"liver\"\nmodality = \"injection\"\n"
      "agent = \"antibody\"\ndrug = \"nivolumab\"\nradius_mm = 0.1\namount_pmol = 5000\n"
      "leak_to_blood_per_h = 0.5\n";
  const Scenario plain = parse_scenario(std::string(kBase) + dose, "t.toml");
  const Scenario injected = parse_scenario(std::string(kBase) + dose + inject, "t.toml");
  Simulation a(plain), b(injected);
  a.advance();
  b.advance();
  const agents::Lesion& lesion = *b.lesions()[0].agent();
  const agents::DrugLedger& ledger = lesion.local_therapy().drug(0).ledger();
  ASSERT_GT(ledger.to_blood_last_step, 0.0);
  // nM x voxels x (L per voxel) = nmol; x 146 kDa x 1e-3 = mg.
  const double voxel_L = 20.0 * 20.0 * 20.0 * 1e-15;
  const double leaked_mg = ledger.to_blood_last_step * voxel_L * 146.0 * 1e-3;
  const double vc_L = model::individual_rates(b.systemic().drug(0), injected.patient.body_weight_kg)
                          .central_volume_L;
  const double extra_mg =
      (b.systemic().drug_concentration_mg_per_L(0) - a.systemic().drug_concentration_mg_per_L(0)) *
      vc_L;
  EXPECT_GT(extra_mg, 0.0);
  // Within one step the added amount also distributes and clears a little.
  EXPECT_NEAR(extra_mg / leaked_mg, 1.0, 0.05);
}

}  // namespace
}  // namespace isv::scenarios
