// One validation case as the report shows it (target, source, tolerance, measured value,
// verdict), the command-line options every case program shares, and the tab-separated record
// that validation/run.sh turns into report/report.md. Header-only; used by the case programs
// (pk_cases.cpp, radiobiology_cases.cpp, ablation_cases.cpp).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace isv::validation {

enum class Section { kCalibrated, kValidation };

struct CaseResult {
  Section section = Section::kValidation;
  std::string name;       // id accepted by --case
  std::string quantity;   // what is measured, with its unit
  std::string target;     // published value or interval
  std::string source;     // paper, table or figure
  std::string tolerance;  // the acceptance rule and why
  std::string measured;   // the model's value
  bool pass = false;
  // Non-empty: the model is known to miss this target, for the reason given. The case still
  // reports FAIL; it does not fail the suite, but passing it does (update the list then).
  std::string known_misfit;
  bool as_expected() const { return pass == known_misfit.empty(); }
  const char* verdict() const {
    if (known_misfit.empty()) return pass ? "PASS" : "FAIL";
    return pass ? "PASS (listed as a known misfit: remove it from the list)"
                : "FAIL (known misfit)";
  }
};

struct CaseOptions {
  bool quick = false;
  std::string only;  // --case NAME: run just that case (empty: all)
  std::string tsv;   // --tsv FILE: append the records there
  bool wants(std::string_view name) const { return only.empty() || only == name; }
};

// Parses [--quick] [--case NAME] [--tsv FILE]; prints the usage and returns false on an error.
inline bool parse_case_options(int argc, char** argv, CaseOptions& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--quick") {
      o.quick = true;
    } else if ((a == "--case" || a == "--tsv") && i + 1 < argc) {
      (a == "--case" ? o.only : o.tsv) = argv[++i];
    } else {
      std::fprintf(stderr,
                   "%s: unknown or incomplete option '%s'\nusage: %s [--quick] "
                   "[--case NAME] [--tsv FILE]\n",
                   argv[0], argv[i], argv[0]);
      return false;
    }
  }
  return true;
}

// Fields may not hold tabs or newlines (the record format); they are replaced by spaces.
inline std::string tsv_field(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n') c = ' ';
  return s;
}

// Prints every case, appends the records to o.tsv, and returns the exit status: 0 when every
// case passes or is a known misfit that fails, 1 otherwise, 2 when --case named no case or the
// file cannot be written.
inline int report_cases(const char* program, const CaseOptions& o,
                        const std::vector<CaseResult>& cases) {
  if (cases.empty()) {
    std::fprintf(stderr, "%s: no case named '%s'\n", program, o.only.c_str());
    return 2;
  }
  std::FILE* out = nullptr;
  if (!o.tsv.empty() && (out = std::fopen(o.tsv.c_str(), "a")) == nullptr) {
    std::fprintf(stderr, "%s: cannot append to %s\n", program, o.tsv.c_str());
    return 2;
  }
  int unexpected = 0;
  for (const CaseResult& c : cases) {
    std::printf("%s %s: %s: %s (target %s; %s)%s%s\n", c.verdict(), c.name.c_str(),
                c.quantity.c_str(), c.measured.c_str(), c.target.c_str(), c.tolerance.c_str(),
                c.known_misfit.empty() ? "" : "\n     known misfit: ", c.known_misfit.c_str());
    unexpected += c.as_expected() ? 0 : 1;
    if (out)
      std::fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                   c.section == Section::kCalibrated ? "calibrated" : "validation",
                   tsv_field(c.name).c_str(), tsv_field(c.quantity).c_str(),
                   tsv_field(c.target).c_str(), tsv_field(c.source).c_str(),
                   tsv_field(c.tolerance).c_str(), tsv_field(c.measured).c_str(), c.verdict(),
                   program, tsv_field(c.known_misfit).c_str());
  }
  if (out && std::fclose(out) != 0) {
    std::fprintf(stderr, "%s: cannot write %s\n", program, o.tsv.c_str());
    return 2;
  }
  std::printf("%s: %zu case(s), %d not as expected\n", program, cases.size(), unexpected);
  return unexpected == 0 ? 0 : 1;
}

// printf into a std::string.
template <class... A>
std::string format(const char* fmt, A... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace isv::validation
