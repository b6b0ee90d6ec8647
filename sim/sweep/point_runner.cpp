#include "sim/sweep/point_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "sim/sweep/sweep_spec.hpp"

extern char** environ;

namespace mixsim::sweep {
namespace {

// The last lines of a point's log, for the error message of a failed point.
std::string log_tail(const std::filesystem::path& log, size_t max_lines = 8) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > max_lines) lines.erase(lines.begin());
  }
  std::string out;
  for (const auto& l : lines) out += "\n    " + l;
  return out;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

}  // namespace

std::filesystem::path current_executable() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw SweepError("cannot find this mixsim binary via /proc/self/exe: " + ec.message());
  return exe;
}

PointRunner process_point_runner(const std::filesystem::path& exe) {
  return [exe](const PointJob& job) {
    const std::filesystem::path log = job.dir / "run.log";
    std::vector<std::string> args = {exe.string(), "run", job.config.string(), "--out", job.dir.string(),
                                     "--no-report"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    int rc = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
      throw SweepError(fmt::format("point {}: cannot start '{}': {}", job.id, exe.string(), std::strerror(rc)));
    int status = wait_for(pid);
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::string how = status < 0 ? "could not be waited for"
                        : WIFSIGNALED(status) ? fmt::format("was killed by signal {}", WTERMSIG(status))
                                              : fmt::format("exited with status {}", WEXITSTATUS(status));
      throw SweepError(fmt::format("point {}: `mixsim run {}` {}; last lines of {}:{}", job.id,
                                   job.config.string(), how, log.string(), log_tail(log)));
    }
  };
}

std::vector<std::optional<std::string>> run_point_jobs(
    const std::vector<PointJob>& jobs, int parallel, const PointRunner& runner,
    const std::function<void(const PointJob&, const std::optional<std::string>&)>& on_done) {
  std::vector<std::optional<std::string>> errors(jobs.size());
  std::atomic<size_t> next{0};
  std::mutex report;
  auto worker = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      std::optional<std::string> error;
      try {
        runner(jobs[i]);
      } catch (const std::exception& e) {
        error = e.what();
      }
      std::lock_guard<std::mutex> lock(report);
      errors[i] = error;
      if (on_done) on_done(jobs[i], error);
    }
  };
  size_t threads = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(std::max(parallel, 1)), jobs.size()));
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return errors;
}

}  // namespace mixsim::sweep
