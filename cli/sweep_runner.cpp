// The local sweep driver (see sweep_runner.hpp). Signals are blocked and taken synchronously
// with sigtimedwait, so the driver needs no signal handler and no global state.
#include "cli/sweep_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "cli/sample_process.hpp"
#include "model/errors.hpp"
#include "scenarios/sweep_dir.hpp"

namespace isv::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Blocks the driver's signals for its lifetime; they are read with sigtimedwait.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    for (int s : {SIGCHLD, SIGINT, SIGTERM, SIGUSR1}) sigaddset(&set_, s);
    sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~BlockedSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  // The next signal within `timeout`, 0 if none.
  int wait(std::chrono::milliseconds timeout) const {
    timespec ts{static_cast<time_t>(timeout.count() / 1000),
                static_cast<long>((timeout.count() % 1000) * 1000000)};
    const int s = sigtimedwait(&set_, nullptr, &ts);
    return s > 0 ? s : 0;
  }

 private:
  sigset_t set_{}, old_{};
};

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s / 60) % 60);
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  return buf;
}

// done / failed / running and ETA: rewritten in place on a terminal, else a line every 30 s.
class Progress {
 public:
  Progress(std::int64_t total, bool quiet) : total_(total), quiet_(quiet), tty_(isatty(2) != 0) {}
  void show(std::int64_t done, std::int64_t failed, std::size_t running, double eta_s, bool final) {
    if (quiet_) return;
    const auto now = Clock::now();
    if (!final && !tty_ && now - last_ < std::chrono::seconds(30)) return;
    if (!final && tty_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const std::string eta = eta_s >= 0 ? ", ETA " + duration_text(eta_s) : "";
    std::fprintf(stderr, "%ssweep: %lld/%lld done, %lld failed, %zu running%s%s",
                 tty_ ? "\r\033[K" : "", static_cast<long long>(done),
                 static_cast<long long>(total_), static_cast<long long>(failed), running,
                 eta.c_str(), tty_ && !final ? "" : "\n");
    std::fflush(stderr);
  }

 private:
  std::int64_t total_;
  bool quiet_, tty_;
  Clock::time_point last_{};
};

}  // namespace

int run_sweep(const SweepRunOptions& opt) {
  const scenarios::Manifest m = scenarios::read_manifest(opt.dir);
  const scenarios::SweepDir dir(opt.dir);
  const fs::path isvsim = self_executable();
  const auto total = static_cast<std::int64_t>(m.rows.size());
  if (opt.index >= total)
    throw model::ConfigError("--index " + std::to_string(opt.index) + ": the sweep has " +
                             std::to_string(total) + " samples (0-" + std::to_string(total - 1) +
                             ")");
  std::int64_t done = 0, failed = 0;
  std::deque<std::int64_t> queue;  // samples to start, in index order
  for (const scenarios::ManifestRow& r : m.rows) {
    if (opt.index >= 0 && r.index != opt.index) continue;
    if (fs::exists(dir.run(r.index)))
      ++done;
    else
      queue.push_back(r.index);
  }
  if (opt.index >= 0 && done == 1) {
    if (!opt.quiet)
      std::fprintf(stderr, "sweep: sample %lld is already done\n",
                   static_cast<long long>(opt.index));
    return 0;
  }
  const std::int64_t done_before = done;
  const auto requested = static_cast<std::int64_t>(queue.size()) + done;
  BlockedSignals signals;
  Progress progress(requested, opt.quiet || opt.index >= 0);
  std::map<pid_t, std::pair<std::int64_t, Clock::time_point>> running;
  std::vector<std::int64_t> deferred;  // locked by another process
  double busy_seconds = 0.0;           // summed wall time of finished samples, for the ETA
  bool stopping = false, waited = false;
  const auto eta = [&]() -> double {
    const std::int64_t finished = done - done_before;
    if (finished <= 0) return -1.0;
    const double left = static_cast<double>(requested - done - failed);
    return busy_seconds / static_cast<double>(finished) * left / opt.jobs;
  };
  const auto stop_all = [&](int sig) {
    // First signal: running samples stop after their current step. Second: kill them.
    for (const auto& [pid, sample] : running) ::kill(pid, stopping ? SIGKILL : SIGTERM);
    if (!opt.quiet && !stopping)
      std::fprintf(stderr,
                   "\nsweep: signal %d: %zu running sample(s) stop after their step "
                   "and stay pending (signal again to kill them)\n",
                   sig, running.size());
    stopping = true;
  };
  for (;;) {
    while (!stopping && running.size() < static_cast<std::size_t>(opt.jobs) && !queue.empty()) {
      const std::int64_t i = queue.front();
      queue.pop_front();
      if (fs::exists(dir.run(i))) {  // finished by another process meanwhile
        ++done;
        continue;
      }
      const int lock = try_lock_sample(dir, i);
      if (lock < 0) {  // another process runs it (e.g. a child of a killed `sweep run`)
        deferred.push_back(i);
        continue;
      }
      if (fs::exists(dir.run(i))) {
        ::close(lock);
        ++done;
        continue;
      }
      try {
        const pid_t pid = spawn_sample(isvsim, dir, m.rows[static_cast<std::size_t>(i)],
                                       opt.threads_per_job, opt.checkpoint_every_days, lock);
        running[pid] = {i, Clock::now()};
      } catch (const std::exception& e) {  // e.g. an edited scenario file: this sample only
        ++failed;
        std::ofstream(dir.failure(i), std::ios::trunc)
            << "sample " << i << " failed to start: " << e.what() << "\n";
        if (!opt.quiet)
          std::fprintf(stderr, "sweep: sample %lld failed to start: %s\n",
                       static_cast<long long>(i), e.what());
      }
    }
    if (running.empty()) {
      if (deferred.empty() || stopping || opt.index >= 0) break;
      // Wait for them and look again: a killed sweep run again finishes with every sample
      // done even while orphaned samples of the old run are still running.
      if (!opt.quiet && !waited)
        std::fprintf(stderr, "sweep: waiting for %zu sample(s) running in another process\n",
                     deferred.size());
      waited = true;
      if (const int sig = signals.wait(std::chrono::milliseconds(500)); sig != 0 && sig != SIGCHLD)
        stop_all(sig);
      queue.assign(deferred.begin(), deferred.end());
      deferred.clear();
      continue;
    }
    int status = 0;
    bool reaped = false;
    for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;) {
      const auto it = running.find(pid);
      if (it == running.end()) continue;
      const auto [index, start] = it->second;
      running.erase(it);
      reaped = true;
      record_outcome(dir, index, status);
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        ++done;
        busy_seconds += std::chrono::duration<double>(Clock::now() - start).count();
      } else if (!(WIFEXITED(status) && WEXITSTATUS(status) == kExitInterrupted)) {
        ++failed;
        if (!opt.quiet)
          std::fprintf(stderr, "%ssweep: sample %lld failed (%s), see %s\n",
                       isatty(2) ? "\r\033[K" : "", static_cast<long long>(index),
                       describe_status(status).c_str(), dir.failure(index).c_str());
      }
    }
    progress.show(done, failed, running.size(), eta(), false);
    if (reaped) continue;
    if (const int sig = signals.wait(std::chrono::milliseconds(1000)); sig != 0 && sig != SIGCHLD)
      stop_all(sig);
  }
  progress.show(done, failed, 0, -1.0, true);
  if (!deferred.empty() && !opt.quiet)
    std::fprintf(stderr, "sweep: %zu sample(s) are being run by another process\n",
                 deferred.size());
  if (stopping) return kExitInterrupted;
  if (failed > 0) return 1;
  if (!deferred.empty()) return kExitBusy;
  return 0;
}

}  // namespace isv::cli
