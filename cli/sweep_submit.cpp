// sbatch through posix_spawnp and a pipe (see sweep_submit.hpp).
#include "cli/sweep_submit.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "cli/sample_process.hpp"
#include "model/errors.hpp"

extern char** environ;

namespace isv::cli {
namespace {

using model::IoError;

// Reads `fd` to its end, keeping at most `limit` bytes (a job id is a few bytes).
std::string read_all(int fd, std::size_t limit) {
  std::string out;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return out;
    if (out.size() < limit) out.append(buf, std::min(static_cast<std::size_t>(n), limit));
  }
}

}  // namespace

namespace {

struct Captured {
  int status = 0;
  std::string out;
};

// Runs `args` (PATH lookup, no shell) and captures at most 4 KB of its stdout; its stderr goes
// to ours. Throws IoError if it cannot be started.
Captured run_capturing(std::vector<std::string> args) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    throw IoError("cannot run " + args[0] + ": pipe: " + std::strerror(errno));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);  // dup2 clears close-on-exec
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    throw IoError("cannot run " + args[0] + ": " + std::strerror(rc) + " (is Slurm installed and " +
                  args[0] + " on PATH?)");
  }
  Captured c;
  c.out = read_all(pipe_fds[0], 4096);
  ::close(pipe_fds[0]);
  while (::waitpid(pid, &c.status, 0) < 0) {
    if (errno != EINTR) throw IoError("waiting for " + args[0] + ": " + std::strerror(errno));
  }
  return c;
}

}  // namespace

std::string submit_sbatch(const std::filesystem::path& script) {
  Captured c = run_capturing({"sbatch", "--parsable", script.string()});
  std::string& reply = c.out;
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.pop_back();
  const std::string id = reply.substr(0, reply.find(';'));
  const bool numeric = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
  if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0 || !numeric)
    throw IoError("sbatch " + script.string() + " failed (" + describe_status(c.status) +
                  "): " + (reply.empty() ? "no job id printed" : reply.substr(0, 200)));
  return id;
}

bool slurm_job_active(const std::string& job_id) {
  // squeue lists an array job's tasks as "ID_7" or "ID_[0-5]"; a job that left the queue is
  // not listed, or refused as an invalid id (non-zero exit) once Slurm has forgotten it.
  const Captured c = run_capturing({"squeue", "--noheader", "--jobs=" + job_id, "--format=%i"});
  if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0) return false;
  std::size_t pos = 0;
  while (pos < c.out.size()) {
    std::size_t end = c.out.find('\n', pos);
    if (end == std::string::npos) end = c.out.size();
    const std::string line = c.out.substr(pos, end - pos);
    if (line.rfind(job_id, 0) == 0 && (line.size() == job_id.size() || line[job_id.size()] == '_'))
      return true;
    pos = end + 1;
  }
  return false;
}

std::filesystem::path write_sbatch(const std::filesystem::path& dir, const std::string& name,
                                   const std::vector<std::int64_t>& pending,
                                   const scenarios::SlurmOptions& options) {
  const std::filesystem::path abs = std::filesystem::absolute(dir).lexically_normal();
  const std::filesystem::path script = abs / "sweep.sbatch";
  // Built (and checked) before the file is opened: a refused option leaves no script behind.
  const std::string text = scenarios::sbatch_script(self_executable(), abs, name, pending, options);
  {
    std::ofstream out(script, std::ios::trunc);
    out << text;
    if (!out) throw IoError("cannot write '" + script.string() + "'");
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  return script;
}

void add_slurm_options(CLI::App& app, scenarios::SlurmOptions& o) {
  app.add_option("--partition", o.partition, "Slurm partition");
  app.add_option("--time", o.time, "time limit per sample (default 01:00:00)");
  app.add_option("--cpus-per-task", o.cpus_per_task, "threads per sample")
      ->check(CLI::Range(1, 1024));
  app.add_option("--mem", o.mem, "memory per sample (e.g. 2G)");
  app.add_option("--max-concurrent", o.max_concurrent, "at most K tasks at once (--array=...%K)")
      ->check(CLI::Range(0, 100000));
  app.add_option("--account", o.account, "Slurm account");
  app.add_option("--signal-seconds", o.signal_seconds,
                 "signal the task this long before its time limit (default 120)")
      ->check(CLI::Range(1, 65535));
  app.add_option("extra", o.extra, "extra sbatch options, after --");
}

}  // namespace isv::cli
