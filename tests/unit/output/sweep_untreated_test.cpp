// Untreated-lesion endpoints of a sweep (output/sweep_untreated.hpp) and their place in `sweep
// gather`: small hand-made result sets whose rates, means and Bliss / HSA synergy are worked
// out by hand in the comments. The trap: an untreated primary in the anti-PD-1-only arm must
// not count towards the abscopal rate, because other arms of the sweep ablate it.
#include "output/sweep_untreated.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "output/sweep_gather.hpp"
#include "scenarios/sweep_dir.hpp"
#include "scenarios/sweep_plan.hpp"
#include "scenarios/sweep_spec.hpp"

namespace isv::output {
namespace {

namespace fs = std::filesystem;

LesionReadout lesion(std::string name, double baseline, double final_mm, int treated, int abscopal,
                     int abscopal_viable) {
  LesionReadout l;
  l.name = std::move(name);
  l.baseline_ld_mm = baseline;
  l.final_ld_mm = final_mm;
  l.treated = treated;
  l.abscopal = abscopal;
  l.abscopal_viable = abscopal_viable;
  return l;
}

TEST(UntreatedLesions, OnlyLesionsNoSampleTreatsCount) {
  const std::vector<TreatedLesions> samples{
      {{"primary", true}, {"distant", false}},
      {{"primary", false}, {"distant", false}},
      {{"primary", false}, {"distant", false}, {"met", false}},
  };
  EXPECT_EQ(untouched_lesions(samples), (std::vector<std::string>{"distant", "met"}));
}

// Untouched distant (10 -> 6 mm, no abscopal) and met (2 -> 0.5 mm, abscopal): sum 12 -> 6.5 mm,
// change 100 (6.5 / 12 - 1) = -45.83 %, shrinkage 0.4583, abscopal 1, viable 0. The primary
// shrank more but is not untouched.
TEST(UntreatedLesions, EndpointsSumTheUntouchedLesions) {
  RunReadout run;
  run.lesions = {lesion("primary", 10, 1, 0, 1, 1), lesion("distant", 10, 6, 0, 0, 0),
                 lesion("met", 2, 0.5, 0, 1, 0)};
  const std::vector<std::string> untouched{"distant", "met"};
  const UntreatedEndpoints e = untreated_endpoints(run, untouched);
  EXPECT_TRUE(e.evaluable);
  EXPECT_NEAR(e.change_pct, 100.0 * (6.5 / 12.0 - 1.0), 1e-12);
  EXPECT_NEAR(e.shrinkage, 1.0 - 6.5 / 12.0, 1e-12);
  EXPECT_EQ(e.abscopal, 1);
  EXPECT_EQ(e.abscopal_viable, 0);
}

TEST(UntreatedLesions, NoBaselineIsNotEvaluable) {
  RunReadout run;
  run.lesions = {lesion("distant", 0, 0, 0, -1, -1)};
  const std::vector<std::string> untouched{"distant"};
  const UntreatedEndpoints e = untreated_endpoints(run, untouched);
  EXPECT_FALSE(e.evaluable);
  EXPECT_TRUE(std::isnan(e.change_pct));
  EXPECT_EQ(e.abscopal, -1);
}

TEST(UntreatedLesions, BootstrapMeanIntervalLiesWithinTheData) {
  const std::vector<double> same{2.0, 2.0, 2.0};
  const model::Interval flat = bootstrap_mean(same, 200, 1, 0);
  EXPECT_EQ(flat.estimate, 2.0);
  EXPECT_EQ(flat.lower, 2.0);
  EXPECT_EQ(flat.upper, 2.0);
  const std::vector<double> spread{0.0, 10.0, 4.0, 6.0};
  const model::Interval i = bootstrap_mean(spread, 500, 1, 0);
  EXPECT_EQ(i.estimate, 5.0);
  EXPECT_GE(i.lower, 0.0);
  EXPECT_LT(i.lower, 5.0);
  EXPECT_GT(i.upper, 5.0);
  EXPECT_LE(i.upper, 10.0);
  const model::Interval again = bootstrap_mean(spread, 500, 1, 0);
  EXPECT_EQ(again.lower, i.lower);  // seeded: reproducible
  EXPECT_EQ(again.upper, i.upper);
}

// --- through `sweep gather` ------------------------------------------------------------------

constexpr const char* kBase = R"(
[run]
duration_days = 2
seed = 1
step_h = 2.0

[output]
sample_every_h = 24
snapshot_every_h = 0

[lesions.primary.lattice]
nx = 12
ny = 12
nz = 12

[lesions.distant]
kind = "mean_field"
target = false
)";

constexpr const char* kSweep = R"(
[sweep]
name = "hand"
base = "base.toml"
seed = 5
samples = 4
bootstrap_resamples = 200

[[sample]]
key = "lesions.primary.tumor.doubling_time_days"
distribution = "uniform"
min = 1.0
max = 2.0

[[arm]]
name = "rfa"
[[arm.add.treatment]]
day = 1
lesion = "primary"
modality = "rfa"
centre_mm = [0.0, 0.0, 0.0]
radius_mm = 0.1

[[arm]]
name = "pd1"
[[arm.add.dose]]
drug = "nivolumab"
start_day = 0
dose_mg = 240

[[arm]]
name = "rfa_pd1"
[[arm.add.treatment]]
day = 1
lesion = "primary"
modality = "rfa"
centre_mm = [0.0, 0.0, 0.0]
radius_mm = 0.1
[[arm.add.dose]]
drug = "nivolumab"
start_day = 0
dose_mg = 240

[[synergy]]
combination = "rfa_pd1"
monotherapies = ["rfa", "pd1"]
)";

// One hand-made lesion of a run file: diameters at day 0 and day 2, and its /summary flags.
struct HandLesion {
  std::string name;
  double baseline_mm, final_mm;
  int treated, abscopal, abscopal_viable;
};

void write_doubles(hid_t loc, const std::string& name, const std::vector<double>& v) {
  const hsize_t n = v.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds =
      H5Dcreate2(loc, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(ds);
  H5Sclose(space);
}

void write_codes(hid_t loc, const std::string& name, const std::vector<std::int8_t>& v) {
  const hsize_t n = v.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds =
      H5Dcreate2(loc, name.c_str(), H5T_STD_I8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(ds);
  H5Sclose(space);
}

void write_names(hid_t loc, const std::vector<std::string>& names) {
  const hsize_t n = names.size();
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  std::vector<const char*> p;
  for (const std::string& s : names) p.push_back(s.c_str());
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds = H5Dcreate2(loc, "name", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data());
  H5Dclose(ds);
  H5Sclose(space);
  H5Tclose(type);
}

// The parts of a run file that `sweep gather` reads.
void write_run(const fs::path& path, const std::vector<HandLesion>& lesions) {
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t ts = H5Gcreate2(f, "/timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  write_doubles(ts, "time_h", {0.0, 48.0});
  for (const HandLesion& l : lesions) {
    const hid_t g = H5Gcreate2(ts, l.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    write_doubles(g, "longest_diameter_mm", {l.baseline_mm, l.final_mm});
    write_doubles(g, "viable_diameter_mm", {l.baseline_mm, l.final_mm});
    write_doubles(g, "tumor_viable", {100.0, 100.0});
    H5Gclose(g);
  }
  H5Gclose(ts);
  const hid_t s = H5Gcreate2(f, "/summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t g = H5Gcreate2(s, "lesions", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::string> names;
  std::vector<std::int8_t> target, treated, abscopal, viable;
  for (const HandLesion& l : lesions) {
    names.push_back(l.name);
    target.push_back(l.name == "primary" ? 1 : 0);
    treated.push_back(static_cast<std::int8_t>(l.treated));
    abscopal.push_back(static_cast<std::int8_t>(l.abscopal));
    viable.push_back(static_cast<std::int8_t>(l.abscopal_viable));
  }
  write_names(g, names);
  write_codes(g, "target", target);
  write_codes(g, "treated", treated);
  write_codes(g, "abscopal_response", abscopal);
  write_codes(g, "abscopal_response_viable", viable);
  H5Gclose(g);
  H5Gclose(s);
  H5Fclose(f);
}

// A CSV file as rows of column -> text.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = scenarios::split_csv_line(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = scenarios::split_csv_line(line);
    std::map<std::string, std::string>& row = rows.emplace_back();
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
  }
  return rows;
}

const std::map<std::string, std::string>& row_where(
    const std::vector<std::map<std::string, std::string>>& rows, const std::string& key,
    const std::string& value) {
  for (const auto& row : rows)
    if (row.at(key) == value) return row;
  throw std::runtime_error("no row with " + key + " = " + value);
}

double num(const std::map<std::string, std::string>& row, const std::string& column) {
  return std::stod(row.at(column));
}

// Wilson 95 % interval, written out from its formula.
std::pair<double, double> wilson(double k, double n) {
  const double z = 1.959963984540054, p = k / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {centre - half, centre + half};
}

class GatherUntreatedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    root_ = fs::temp_directory_path() / ("isvsim_untreated_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    std::ofstream(root_ / "base.toml") << kBase;
    std::ofstream(root_ / "sweep.toml") << kSweep;
    const scenarios::SweepSpec spec = scenarios::parse_sweep(kSweep, root_ / "sweep.toml");
    scenarios::write_sweep_dir(dir(), spec, scenarios::plan_sweep(spec));
    // Samples: patient p, arm a (rfa, pd1, rfa_pd1) at index 3 p + a. The distant lesion
    // (10 mm at baseline) ends at these diameters, with these abscopal flags (RECIST / viable):
    //   rfa      5 10 12 10   abscopal 1 0 0 0   viable 1 1 0 0
    //   pd1     10  6 10 10   abscopal 0 1 0 0   viable 0 0 0 0
    //   rfa_pd1  4  5  7 11   abscopal 1 1 1 0   viable 1 1 1 1
    // The primary is ablated in rfa and rfa_pd1 (10 -> 10 mm of debris); in pd1 it is untreated
    // in its own run, shrinks to 2 mm and carries abscopal flag 1 in every patient.
    const double distant[3][4] = {{5, 10, 12, 10}, {10, 6, 10, 10}, {4, 5, 7, 11}};
    const int abscopal[3][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {1, 1, 1, 0}};
    const int viable[3][4] = {{1, 1, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 1}};
    const scenarios::SweepDir d(dir());
    for (int p = 0; p < 4; ++p)
      for (int a = 0; a < 3; ++a) {
        const bool ablated = a != 1;
        write_run(d.run(3 * p + a),
                  {{"distant", 10.0, distant[a][p], 0, abscopal[a][p], viable[a][p]},
                   ablated ? HandLesion{"primary", 10.0, 10.0, 1, -1, -1}
                           : HandLesion{"primary", 10.0, 2.0, 0, 1, 1}});
      }
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path dir() const { return root_ / "out"; }
  fs::path root_;
};

TEST_F(GatherUntreatedTest, ArmsCountOnlyTheLesionNoArmTreats) {
  gather_sweep(dir());
  const auto arms = read_csv(dir() / "arms.csv");
  // Abscopal rates 1/4, 1/4 (not 4/4: the pd1 arm's primary does not count), 3/4.
  const std::map<std::string, double> rate{{"rfa", 1}, {"pd1", 1}, {"rfa_pd1", 3}};
  for (const auto& [arm, k] : rate) {
    SCOPED_TRACE(arm);
    const auto& row = row_where(arms, "arm", arm);
    EXPECT_EQ(row.at("untreated_lesions"), "distant");
    EXPECT_EQ(num(row, "abscopal_evaluable"), 4);
    EXPECT_EQ(num(row, "abscopal_responders"), k);
    EXPECT_NEAR(num(row, "abscopal_rate"), k / 4, 1e-9);
    EXPECT_NEAR(num(row, "abscopal_ci_low"), wilson(k, 4).first, 1e-9);
    EXPECT_NEAR(num(row, "abscopal_ci_high"), wilson(k, 4).second, 1e-9);
  }
  // Viable: 2/4, 0/4, 4/4.
  EXPECT_NEAR(num(row_where(arms, "arm", "rfa"), "abscopal_viable_rate"), 0.5, 1e-9);
  EXPECT_NEAR(num(row_where(arms, "arm", "pd1"), "abscopal_viable_rate"), 0.0, 1e-9);
  EXPECT_NEAR(num(row_where(arms, "arm", "rfa_pd1"), "abscopal_viable_rate"), 1.0, 1e-9);
  // Mean change of the distant diameter: (-50 + 0 + 20 + 0) / 4 = -7.5; (0 - 40 + 0 + 0) / 4 =
  // -10; (-60 - 50 - 30 + 10) / 4 = -32.5. Shrinkage (growth counts 0): 0.125, 0.1, 0.35.
  const std::map<std::string, std::pair<double, double>> change{
      {"rfa", {-7.5, 0.125}}, {"pd1", {-10.0, 0.1}}, {"rfa_pd1", {-32.5, 0.35}}};
  for (const auto& [arm, expected] : change) {
    SCOPED_TRACE(arm);
    const auto& row = row_where(arms, "arm", arm);
    EXPECT_EQ(num(row, "untreated_evaluable"), 4);
    EXPECT_NEAR(num(row, "untreated_mean_change_pct"), expected.first, 1e-9);
    EXPECT_NEAR(num(row, "untreated_mean_shrinkage"), expected.second, 1e-9);
    EXPECT_LE(num(row, "untreated_change_ci_low"), expected.first);
    EXPECT_GE(num(row, "untreated_change_ci_high"), expected.first);
    EXPECT_LE(num(row, "untreated_shrinkage_ci_low"), expected.second);
    EXPECT_GE(num(row, "untreated_shrinkage_ci_high"), expected.second);
  }
}

TEST_F(GatherUntreatedTest, SynergyOnTheUntreatedLesion) {
  gather_sweep(dir());
  const auto synergy = read_csv(dir() / "synergy.csv");
  // E_A (rfa), E_B (pd1), E_AB; Bliss expected E_A + E_B - E_A E_B; HSA over max(E_A, E_B).
  struct Expected {
    const char* measure;
    double a, b, ab;
  };
  for (const Expected& e : {Expected{"abscopal_response_rate", 0.25, 0.25, 0.75},
                            Expected{"abscopal_viable_response_rate", 0.5, 0.0, 1.0},
                            Expected{"untreated_mean_shrinkage", 0.125, 0.1, 0.35}}) {
    SCOPED_TRACE(e.measure);
    const auto& row = row_where(synergy, "measure", e.measure);
    const double bliss = e.a + e.b - e.a * e.b;  // 0.4375, 0.5, 0.2125
    EXPECT_EQ(num(row, "units"), 4);
    EXPECT_NEAR(num(row, "effect_a"), e.a, 1e-9);
    EXPECT_NEAR(num(row, "effect_b"), e.b, 1e-9);
    EXPECT_NEAR(num(row, "effect_ab"), e.ab, 1e-9);
    EXPECT_NEAR(num(row, "bliss_expected"), bliss, 1e-9);
    EXPECT_NEAR(num(row, "bliss_excess"), e.ab - bliss, 1e-9);             // 0.3125, 0.5, 0.1375
    EXPECT_NEAR(num(row, "hsa_excess"), e.ab - std::max(e.a, e.b), 1e-9);  // 0.5, 0.5, 0.225
    EXPECT_LE(num(row, "bliss_ci_low"), num(row, "bliss_ci_high"));
    EXPECT_LE(num(row, "hsa_ci_low"), num(row, "hsa_ci_high"));
  }
}

// With only the pd1 runs finished, the scenarios of the others still say that they ablate the
// primary: the untreated set, and so the pd1 abscopal rate (1/4), do not change.
TEST_F(GatherUntreatedTest, UnfinishedArmsStillDecideWhatWasTreated) {
  const scenarios::SweepDir d(dir());
  for (int p = 0; p < 4; ++p) {
    fs::remove(d.run(3 * p));
    fs::remove(d.run(3 * p + 2));
  }
  gather_sweep(dir());
  const auto arms = read_csv(dir() / "arms.csv");
  const auto& row = row_where(arms, "arm", "pd1");
  EXPECT_EQ(row.at("untreated_lesions"), "distant");
  EXPECT_NEAR(num(row, "abscopal_rate"), 0.25, 1e-9);
}

}  // namespace
}  // namespace isv::output
