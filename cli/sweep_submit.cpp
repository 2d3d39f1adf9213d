// sbatch through posix_spawnp and a pipe (see sweep_submit.hpp).
#include "cli/sweep_submit.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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

std::string submit_sbatch(const std::filesystem::path& script) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    throw IoError(std::string("cannot run sbatch: pipe: ") + std::strerror(errno));
  std::vector<std::string> args{"sbatch", "--parsable", script.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);  // dup2 clears close-on-exec
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "sbatch", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    throw IoError(std::string("cannot run sbatch: ") + std::strerror(rc) +
                  " (is Slurm installed and sbatch on PATH?)");
  }
  std::string reply = read_all(pipe_fds[0], 4096);
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw IoError(std::string("waiting for sbatch: ") + std::strerror(errno));
  }
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.pop_back();
  const std::string id = reply.substr(0, reply.find(';'));
  const bool numeric = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !numeric)
    throw IoError("sbatch " + script.string() + " failed (" + describe_status(status) +
                  "): " + (reply.empty() ? "no job id printed" : reply.substr(0, 200)));
  return id;
}

}  // namespace isv::cli
