// [[treatment]] entries: parsing with file/line/key errors (unknown lesion, zone outside its
// lesion, bad values), the timetable (first step at or after the time, fractions in order),
// events, a biopsy that changes nothing in an agent lesion, and which modalities a population
// lesion takes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/simulation.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;
using ::testing::HasSubstr;

// Two small lesions (24^3 voxels of 20 um: the liver lattice spans -0.24..+0.22 mm about its
// centre).
constexpr const char* kBase =
    "[run]\n"                      // 1
    "duration_days = 0.7\n"        // 2
    "seed = 5\n"                   // 3
    "step_h = 1.0\n"               // 4
    "[lesions.liver.lattice]\n"    // 5
    "nx = 24\n"                    // 6
    "ny = 24\n"                    // 7
    "nz = 24\n"                    // 8
    "[lesions.liver.tumor]\n"      // 9
    "initial_radius_um = 150.0\n"  // 10
    "[lesions.lung.lattice]\n"     // 11
    "nx = 16\n"                    // 12
    "ny = 16\n"                    // 13
    "nz = 16\n"                    // 14
    "[lesions.lung.tumor]\n"       // 15
    "initial_radius_um = 60.0\n";  // 16

// The message of the ConfigError that parsing kBase + `extra` throws.
std::string error_of(const std::string& extra) {
  try {
    parse_scenario(std::string(kBase) + extra, "t.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << extra;
  return "";
}

TEST(TreatmentParsing, ReadsEntriesInFileOrderWithDefaults) {
  const Scenario sc = parse_scenario(std::string(kBase) +
                                         "[[treatment]]\nday = 2\nlesion = \"liver\"\n"
                                         "modality = \"rfa\"\nradius_mm = 0.1\n"
                                         "[[treatment]]\nday = 1\nlesion = \"lung\"\n"
                                         "modality = \"biopsy\"\n",
                                     "t.toml");
  ASSERT_EQ(sc.treatments.size(), 2u);
  EXPECT_EQ(sc.treatments[0].common.modality, "rfa");
  EXPECT_EQ(sc.treatments[0].common.lesion, "liver");
  EXPECT_DOUBLE_EQ(sc.treatments[0].common.day, 2.0);
  EXPECT_EQ(sc.treatments[1].common.modality, "biopsy");
  EXPECT_THAT(sc.effective_toml, HasSubstr("[[treatment]]"));
  EXPECT_THAT(sc.effective_toml, HasSubstr("antigen_intact_fraction = 0.3"));
}

TEST(TreatmentParsing, EffectiveScenarioReadsBackTheSame) {
  const Scenario sc = parse_scenario(std::string(kBase) +
                                         "[[treatment]]\nday = 0.5\nlesion = \"liver\"\n"
                                         "modality = \"sbrt\"\ndose_gy = 6\nfractions = 5\n"
                                         "semi_axes_mm = [0.2, 0.1, 0.1]\n",
                                     "t.toml");
  const Scenario again = parse_scenario(sc.effective_toml, "effective.toml");
  EXPECT_EQ(again.effective_toml, sc.effective_toml);
}

TEST(TreatmentErrors, UnknownLesionNamesFileLineAndKey) {
  const std::string e = error_of(
      "[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"rfa\"\n"     // 17-20
      "[[treatment]]\nday = 1\nlesion = \"kidney\"\nmodality = \"rfa\"\n");  // 21-24
  EXPECT_THAT(e, HasSubstr("t.toml:23:"));
  EXPECT_THAT(e, HasSubstr("treatment[1].lesion"));
  EXPECT_THAT(e, HasSubstr("kidney"));
  EXPECT_THAT(e, HasSubstr("liver, lung"));
}

TEST(TreatmentErrors, ZoneOutsideItsLesionNamesFileLineAndKey) {
  const std::string e = error_of(
      "[[treatment]]\nday = 1\nlesion = \"lung\"\nmodality = \"cryo\"\n"  // 17-20
      "radius_mm = 12\ncentre_mm = [0.0, 0.5, 0.0]\n");                   // 21-22
  EXPECT_THAT(e, HasSubstr("t.toml:22:"));
  EXPECT_THAT(e, HasSubstr("treatment[0].centre_mm"));
  EXPECT_THAT(e, HasSubstr("outside lesion 'lung'"));
}

TEST(TreatmentErrors, BadValuesNameTheDottedKey) {
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"rfa\"\n"
                       "radius_mm = -1\n"),
              HasSubstr("t.toml:21:13: treatment[0].radius_mm: value -1.0 is out of range"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"rfa\"\n"
                       "radius_m = 1\n"),
              HasSubstr("unknown key 'treatment[0].radius_m'"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"sbrt\"\n"
                       "fractions = 2.5\n"),
              HasSubstr("treatment[0].fractions: expected an integer"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"laser\"\n"),
              HasSubstr("treatment[0].modality: unknown modality 'laser'"));
  EXPECT_THAT(error_of("[[treatment]]\nlesion = \"liver\"\nmodality = \"rfa\"\n"),
              HasSubstr("treatment[0].day: missing"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"rfa\"\n"
                       "radius_mm = 0.1\nsemi_axes_mm = [0.1, 0.1, 0.2]\n"),
              HasSubstr("not both"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"rfa\"\n"
                       "centre_mm = [0.0, 0.1]\n"),
              HasSubstr("treatment[0].centre_mm: needs three values"));
  EXPECT_THAT(error_of("[[treatment]]\nday = 1\nlesion = \"liver\"\nmodality = \"cryo\"\n"
                       "radius_mm = 5\n"),
              HasSubstr("treatment[0].lethal_margin_mm: leaves no lethal core"));
}

TEST(TreatmentErrors, MeanFieldLesionsCannotBeTreatedLocally) {
  const std::string e = error_of(
      "[lesions.far]\nkind = \"mean_field\"\n"                            // 17-18
      "[[treatment]]\nday = 1\nlesion = \"far\"\nmodality = \"ire\"\n");  // 19-22
  EXPECT_THAT(e, HasSubstr("t.toml:21:"));
  EXPECT_THAT(e, HasSubstr("treatment[0].lesion"));
  EXPECT_THAT(e, HasSubstr("need a lattice"));
}

TEST(TreatmentErrors, PopulationLesionsRefuseInjection) {
  const std::string e = error_of(
      "[lesions.far]\nkind = \"population\"\n"                                  // 17-18
      "[[treatment]]\nday = 1\nlesion = \"far\"\nmodality = \"injection\"\n");  // 19-22
  EXPECT_THAT(e, HasSubstr("t.toml:22:"));
  EXPECT_THAT(e, HasSubstr("treatment[0].modality"));
  EXPECT_THAT(e, HasSubstr("acts on agent lesions only"));
  const Scenario sc = parse_scenario(
      std::string(kBase) +
          "[lesions.far]\nkind = \"population\"\n[[treatment]]\nday = 1\nlesion = \"far\"\n"
          "modality = \"rfa\"\nradius_mm = 0.2\n",
      "t.toml");
  EXPECT_EQ(sc.treatments.size(), 1U);
}

// A zone modality reaches a population lesion through the schedule: an RFA zone covering the
// whole lesion leaves no viable cell and records what it killed.
TEST(TreatmentSchedule, ZoneModalitiesTreatPopulationLesions) {
  const Scenario sc = parse_scenario(
      std::string(kBase) +
          "[lesions.far]\nkind = \"population\"\n[lesions.far.lattice]\nnx = 20\nny = 20\n"
          "nz = 20\nvoxel_um = 500.0\n[lesions.far.tumor]\ninitial_radius_um = 2000.0\n"
          "[[treatment]]\nday = 0.2\nlesion = \"far\"\nmodality = \"rfa\"\nradius_mm = 3.0\n",
      "t.toml");
  Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  ASSERT_EQ(sim.events().size(), 1U);
  EXPECT_GT(sim.events()[0].tally.tumor_killed, 0);
  for (const PatientLesion& l : sim.lesions())
    if (l.name() == "far") {
      EXPECT_EQ(l.readouts().tumor_viable, 0);
    }
}

// Embolization, TACE, TARE and biopsy reach a population lesion through the schedule with the
// agent lesion's keys: each records what its territory or core held and leaves fewer viable
// cells than the untreated lesion keeps.
TEST(TreatmentSchedule, TerritoryModalitiesTreatPopulationLesions) {
  const std::string lesion =
      "[lesions.far]\nkind = \"population\"\n[lesions.far.lattice]\nnx = 20\nny = 20\n"
      "nz = 20\nvoxel_um = 500.0\n[lesions.far.tumor]\ninitial_radius_um = 2000.0\n";
  auto run = [&](const std::string& modality, std::vector<TreatmentEvent>& events) {
    const std::string treatment =
        modality.empty()
            ? ""
            : "[[treatment]]\nday = 0.1\nlesion = \"far\"\nmodality = \"" + modality + "\"\n";
    const Scenario sc = parse_scenario(std::string(kBase) + lesion + treatment, "t.toml");
    Simulation sim(sc);
    while (!sim.finished()) sim.advance();
    events = sim.events();
    for (const PatientLesion& l : sim.lesions())
      if (l.name() == "far") return l.readouts().tumor_viable;
    return std::int64_t{-1};
  };
  std::vector<TreatmentEvent> events;
  const std::int64_t untreated = run("", events);
  ASSERT_GT(untreated, 0);
  for (const std::string modality : {"bland", "tace", "tare", "biopsy"}) {
    const std::int64_t viable = run(modality, events);
    EXPECT_LT(viable, untreated) << modality;
    ASSERT_EQ(events.size(), 1U) << modality;
    EXPECT_EQ(events[0].modality, modality);
    EXPECT_GT(events[0].tally.zone_voxels, 0) << modality;
    EXPECT_GT(events[0].tally.tumor_viable, 0) << modality;
  }
}

TEST(TreatmentSchedule, AppliedAtTheFirstStepAtOrAfterItsTimeInOrder) {
  const Scenario sc =
      parse_scenario(std::string(kBase) +
                         "[[treatment]]\nday = 0.1\nlesion = \"liver\"\nmodality = \"sbrt\"\n"
                         "fractions = 3\ninterval_days = 0.25\nradius_mm = 0.1\n"
                         "[[treatment]]\nday = 0.25\nlesion = \"lung\"\nmodality = \"biopsy\"\n",
                     "t.toml");
  Simulation sim(sc);
  while (!sim.finished()) sim.advance();
  const std::vector<TreatmentEvent>& ev = sim.events();
  ASSERT_EQ(ev.size(), 4u);
  // 2.4 h -> step 3; the biopsy at 6 h comes before the second fraction (8.4 h -> 9 h).
  EXPECT_DOUBLE_EQ(ev[0].time_h, 3.0);
  EXPECT_EQ(ev[0].modality, "sbrt");
  EXPECT_EQ(ev[0].application, 0);
  EXPECT_DOUBLE_EQ(ev[1].time_h, 6.0);
  EXPECT_EQ(ev[1].modality, "biopsy");
  EXPECT_DOUBLE_EQ(ev[2].time_h, 9.0);
  EXPECT_EQ(ev[2].application, 1);
  EXPECT_DOUBLE_EQ(ev[3].time_h, 15.0);
  EXPECT_DOUBLE_EQ(ev[3].dose_gy, 8.0);
  EXPECT_GT(ev[0].tally.tumor_killed, 0);
  EXPECT_GT(ev[1].tally.tumor_viable, 0);
}

// FNV-1a over the bytes of everything a lesion's future depends on.
struct StateHash {
  std::uint64_t h = 1469598103934665603ull;
  template <class T>
  void add(const std::vector<T>& v) {
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < v.size() * sizeof(T); ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
  template <class T>
  void add(std::span<const T> s) {
    add(std::vector<T>(s.begin(), s.end()));
  }
};

std::uint64_t state_hash(const Simulation& sim) {
  StateHash s;
  for (const PatientLesion& l : sim.lesions()) {
    const agents::Lesion& a = *l.agent();
    s.add(a.tumor().id);
    s.add(a.tumor().voxel);
    s.add(a.tumor().cycle_age_h);
    s.add(a.tumor().pdl1);
    s.add(a.tcells().id);
    s.add(a.tcells().voxel);
    s.add(a.dcs().id);
    s.add(a.dcs().load);
    s.add(a.oxygen_mmHg());
    s.add(a.perfusion());
    for (const agents::NamedField& f : a.snapshot_fields()) s.add(f.values);
  }
  s.add(std::vector<double>(sim.systemic().state().begin(), sim.systemic().state().end()));
  return s.h;
}

TEST(TreatmentSchedule, BiopsyChangesNothing) {
  const std::string run = "[run]\nduration_days = 1.0\nseed = 5\nstep_h = 1.0\n";
  const std::string biopsy =
      "[[treatment]]\nday = 0.5\nlesion = \"liver\"\nmodality = \"biopsy\"\nradius_mm = 0.05\n"
      "[[treatment]]\nday = 0.5\nlesion = \"lung\"\nmodality = \"biopsy\"\n";
  const Scenario plain = parse_scenario(kBase, "t.toml");
  const Scenario sampled = parse_scenario(std::string(kBase) + biopsy, "t.toml");
  Simulation a(plain), b(sampled);
  while (!a.finished()) a.advance();
  while (!b.finished()) b.advance();
  ASSERT_EQ(b.events().size(), 2u);
  EXPECT_GT(b.events()[0].tally.tumor_viable, 0);
  EXPECT_EQ(state_hash(a), state_hash(b));
}

}  // namespace
}  // namespace isv::scenarios
