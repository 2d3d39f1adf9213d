// Child processes and locks of sweep samples (see sample_process.hpp).
#include "cli/sample_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <vector>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "scenarios/input_file.hpp"
#include "scenarios/sweep_values.hpp"

extern char** environ;

namespace isv::cli {
namespace fs = std::filesystem;
using model::IoError;

namespace {

int open_lock(const scenarios::SweepDir& dir, std::int64_t index) {
  const fs::path path = dir.lock(index);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("cannot open lock '" + path.string() + "': " + std::strerror(errno));
  return fd;
}

std::string read_file(const fs::path& p) {
  return scenarios::read_input_file(p, "sample scenario", scenarios::kMaxScenarioFileBytes);
}

std::string log_tail(const fs::path& log, std::size_t lines) {
  std::ifstream in(log);
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const std::string& l : tail) out += l + "\n";
  return out;
}

}  // namespace

int try_lock_sample(const scenarios::SweepDir& dir, std::int64_t index) {
  const int fd = open_lock(dir, index);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool sample_locked(const scenarios::SweepDir& dir, std::int64_t index) {
  if (!fs::exists(dir.lock(index))) return false;
  const int fd = try_lock_sample(dir, index);
  if (fd < 0) return true;
  ::close(fd);
  return false;
}

pid_t spawn_sample(const fs::path& isvsim, const scenarios::SweepDir& dir,
                   const scenarios::ManifestRow& row, int threads, double checkpoint_every_days,
                   int lock_fd) {
  struct LockCloser {
    int fd;
    ~LockCloser() { ::close(fd); }  // the child keeps its own copy (fd 3)
  } closer{lock_fd};
  const fs::path scenario = dir.scenario(row.index);
  if (scenarios::hex64(model::fnv1a64(read_file(scenario))) != row.hash)
    throw model::ScenarioError(scenario.string() + " no longer matches its manifest hash " +
                               row.hash + " (edited after planning?); re-plan the sweep");
  // A sample interrupted by a signal left runs/N.h5.ckpt beside runs/N.h5.part: it resumes
  // from there (docs/checkpoint.md), with the scenario given so that its hash is checked.
  std::error_code ec;
  const bool resume = fs::exists(dir.checkpoint(row.index), ec);
  std::vector<std::string> args{isvsim.string(),
                                "run",
                                scenario.string(),
                                resume ? "--resume" : "-o",
                                dir.run(row.index).string(),
                                "--threads",
                                std::to_string(threads),
                                "--quiet"};
  if (checkpoint_every_days > 0.0) {
    char days[32];
    std::snprintf(days, sizeof days, "%.17g", checkpoint_every_days);
    args.insert(args.end(), {"--checkpoint-every", days});
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = dir.log(row.index).string();
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_adddup2(&actions, lock_fd, 3);  // dup2 clears close-on-exec
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGUSR1, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw IoError("cannot start '" + args[0] + "': " + std::strerror(rc));
  return pid;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  return "status " + std::to_string(status);
}

void record_outcome(const scenarios::SweepDir& dir, std::int64_t index, int status) {
  std::error_code ec;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    fs::remove(dir.failure(index), ec);
    return;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitInterrupted) return;  // stays pending
  std::ofstream out(dir.failure(index), std::ios::trunc);
  out << "sample " << index << " failed: " << describe_status(status) << "\n"
      << "log: " << dir.log(index).string() << "\n"
      << "--- last lines of the log ---\n"
      << log_tail(dir.log(index), 20);
}

fs::path self_executable() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw IoError("cannot find the isvsim executable (/proc/self/exe): " + ec.message());
  return p;
}

}  // namespace isv::cli
