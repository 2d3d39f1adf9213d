// sbatch script text (see sweep_slurm.hpp).
#include "scenarios/sweep_slurm.hpp"

#include <sstream>

#include "model/errors.hpp"
#include "scenarios/sweep_slurm_checks.hpp"
#include "scenarios/sweep_values.hpp"

namespace isv::scenarios {

std::string array_ranges(const std::vector<std::int64_t>& indices) {
  std::string out;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "x" + std::string.
    if (!out.empty()) out += ',';
    out += std::to_string(indices[i]);
    if (j > i) {
      out += '-';
      out += std::to_string(indices[j]);
    }
    i = j + 1;
  }
  return out;
}

namespace {

// "%" in a path under --output would read as a file name pattern: "%%" is a literal "%".
std::string output_pattern(const std::filesystem::path& dir) {
  std::string out;
  for (char c : (dir / "logs").string()) {
    out += c;
    if (c == '%') out += '%';
  }
  return directive_value(out + "/slurm-%A_%a.out");
}

}  // namespace

std::string sbatch_script(const std::filesystem::path& isvsim, const std::filesystem::path& dir,
                          const std::string& name, const std::vector<std::int64_t>& pending,
                          const SlurmOptions& o) {
  if (!valid_sweep_name(name))
    throw model::ConfigError((dir / "plan.toml").string() + ": name: sweep name " +
                             quoted_for_message(name) + " is not allowed (" + kSweepNameRule +
                             "); re-plan the sweep");
  check_script_path(dir, "sweep directory", true);
  check_script_path(isvsim, "isvsim executable", false);
  check_slurm_options(o);
  // Directive lines hold checked values only, each through directive_value(); shell lines
  // and the comments that show commands hold shell_quote()d text.
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# isvsim sweep '" << name << "': one Slurm array task per pending sample ("
    << pending.size() << ").\n"
    << "# Written by `isvsim sweep slurm`; run that again after a partial run so that only the\n"
    << "# samples still pending are submitted.\n"
    << "#   submit: sbatch " << shell_quote((dir / "sweep.sbatch").string()) << "\n"
    << "#   watch:  squeue --me;  isvsim sweep status " << shell_quote(dir.string()) << "\n"
    << "#SBATCH --job-name=" << directive_value("isvsim-" + name) << "\n"
    << "#SBATCH --array=" << array_ranges(pending);
  if (o.max_concurrent > 0) s << "%" << o.max_concurrent;
  s << "\n#SBATCH --cpus-per-task=" << o.cpus_per_task << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << directive_value(o.time) << "\n";
  if (!o.mem.empty()) s << "#SBATCH --mem=" << directive_value(o.mem) << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << directive_value(o.partition) << "\n";
  if (!o.account.empty()) s << "#SBATCH --account=" << directive_value(o.account) << "\n";
  s << "#SBATCH --output=" << output_pattern(dir) << "\n"
    << "#SBATCH --open-mode=append\n"
    << "#SBATCH --signal=B:USR1@" << o.signal_seconds << "\n"
    << "#SBATCH --requeue\n";
  for (const std::string& e : o.extra) {
    const std::size_t eq = e.find('=');
    s << "#SBATCH " << e.substr(0, eq);
    if (eq != std::string::npos) s << "=" << directive_value(e.substr(eq + 1));
    s << "\n";
  }
  s << "\nset -u\n"
    << "isvsim=" << shell_quote(isvsim.string()) << "\n"
    << "sweep_dir=" << shell_quote(dir.string()) << "\n"
    << "threads=\"${SLURM_CPUS_PER_TASK:-1}\"\n"
    << "task=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n"
    << "echo \"isvsim sweep task $task on $(hostname), restart ${SLURM_RESTART_COUNT:-0}\"\n"
    << "\n"
    << "# Run in the background so that this shell can pass USR1 (sent before the time limit)\n"
    << "# or TERM on to the sample, which then stops after its current step with exit code 3.\n"
    << "\"$isvsim\" sweep run \"$sweep_dir\" --index \"$SLURM_ARRAY_TASK_ID\" "
       "--threads-per-job \"$threads\" &\n"
    << "child=$!\n"
    << "trap 'kill -USR1 \"$child\" 2>/dev/null' USR1 TERM\n"
    << "while :; do\n"
    << "  wait \"$child\"\n"
    << "  rc=$?\n"
    << "  kill -0 \"$child\" 2>/dev/null || break  # wait was cut short by a signal: wait again\n"
    << "done\n"
    << "if [ \"$rc\" -eq 3 ]; then\n"
    << "  echo \"isvsim sweep task $task interrupted: requeueing it\"\n"
    << "  scontrol requeue \"$task\"\n"
    << "fi\n"
    << "exit \"$rc\"\n";
  return s.str();
}

}  // namespace isv::scenarios
