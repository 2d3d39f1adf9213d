// Checks and quoting of what goes into a generated sbatch script (see sweep_slurm_checks.hpp).
#include "scenarios/sweep_slurm_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/errors.hpp"
#include "scenarios/sweep_slurm.hpp"
#include "scenarios/sweep_values.hpp"

namespace isv::scenarios {
namespace {

using model::ConfigError;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}
bool has_control(std::string_view s) { return std::any_of(s.begin(), s.end(), is_control); }

// 1-6 digits whose value is at most `max` (0: any).
bool number_field(std::string_view s, long max) {
  if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), is_digit)) return false;
  return max == 0 || std::stol(std::string(s)) <= max;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// Slurm's --time forms; minutes and seconds after the first field are 0-59, hours after a day
// count 0-23.
bool valid_time(std::string_view t) {
  std::string upper(t);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  if (upper == "UNLIMITED" || upper == "INFINITE") return true;
  std::string_view clock = t;
  const std::size_t dash = t.find('-');
  if (dash != std::string_view::npos) {
    if (!number_field(t.substr(0, dash), 0)) return false;
    clock = t.substr(dash + 1);
  }
  const std::vector<std::string_view> f = split(clock, ':');
  if (f.size() > 3) return false;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const bool leading = i == 0 && dash == std::string_view::npos;
    const long max = leading ? 0 : (i == 0 ? 23 : 59);
    if (!number_field(f[i], max)) return false;
  }
  return true;
}

bool valid_mem(std::string_view m) {
  if (m.empty()) return false;
  std::string_view digits = m;
  if (std::string_view("KMGTkmgt").find(m.back()) != std::string_view::npos)
    digits.remove_suffix(1);
  return !digits.empty() && digits.size() <= 12 &&
         std::all_of(digits.begin(), digits.end(), is_digit);
}

bool valid_slurm_name(std::string_view n) {
  return !n.empty() && n.size() <= 64 && std::all_of(n.begin(), n.end(), [](char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '-';
  });
}

bool valid_partitions(std::string_view p) {
  const std::vector<std::string_view> names = split(p, ',');
  return p.size() <= 256 && std::all_of(names.begin(), names.end(), valid_slurm_name);
}

[[noreturn]] void bad_option(const std::string& option, std::string_view value,
                             const std::string& allowed) {
  throw ConfigError("sweep slurm " + option + ": " + quoted_for_message(value) +
                    " is not allowed (" + allowed + ")");
}

void check_extra(const std::string& extra) {
  const std::string_view e = extra;
  const std::size_t eq = e.find('=');
  const std::string_view name = e.substr(0, eq);
  const bool name_ok =
      name.size() > 2 && name.size() <= 40 && name.substr(0, 2) == "--" && is_alnum(name[2]) &&
      std::all_of(name.begin() + 2, name.end(), [](char c) { return is_alnum(c) || c == '-'; });
  if (!name_ok || has_control(e) || e.size() > 1024)
    bad_option("extra option after --", e,
               "write each as --name or --name=value, without control characters");
  if (name == "--array")
    bad_option("extra option after --", e,
               "the array is the sweep's pending samples; use --max-concurrent to throttle it");
}

}  // namespace

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string directive_value(std::string_view text) {
  const auto plain = [](char c) {
    return is_alnum(c) || std::string_view("._,:=/+@%-").find(c) != std::string_view::npos;
  };
  if (!text.empty() && std::all_of(text.begin(), text.end(), plain)) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void check_slurm_options(const SlurmOptions& o) {
  if (!o.time.empty() && !valid_time(o.time))
    bad_option("--time", o.time,
               "a Slurm time limit: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S or UNLIMITED, e.g. "
               "01:30:00 or 2-00:00:00");
  if (!o.mem.empty() && !valid_mem(o.mem))
    bad_option("--mem", o.mem,
               "a Slurm memory size: digits with an optional K, M, G or T, e.g. 4G");
  if (!o.partition.empty() && !valid_partitions(o.partition))
    bad_option("--partition", o.partition,
               "comma-separated Slurm partition names of letters, digits, '.', '_' or '-'");
  if (!o.account.empty() && !valid_slurm_name(o.account))
    bad_option("--account", o.account, "a Slurm account name of letters, digits, '.', '_' or '-'");
  for (const std::string& e : o.extra) check_extra(e);
}

void check_script_path(const std::filesystem::path& path, const std::string& what,
                       bool in_output_pattern) {
  const std::string& p = path.native();
  if (has_control(p))
    throw ConfigError("sweep slurm: the " + what + " path " + quoted_for_message(p, 200) +
                      " holds a control character, which a batch script line cannot hold; "
                      "move or rename it");
  if (in_output_pattern && p.find('\\') != std::string::npos)
    throw ConfigError("sweep slurm: the " + what + " path " + quoted_for_message(p, 200) +
                      " holds a backslash, which turns off Slurm's %A/%a log file names; move "
                      "or rename it");
}

}  // namespace isv::scenarios
