// `mixsim sweep` end to end with the real binary: every point is a real `mixsim run` process.
// The same sweep with and without MPI (mpirun -np 2) gives the same sweep.json bytes, a sweep
// killed after its first point and restarted gives the same bytes as an uninterrupted one, and
// bad sweep files fail before any point runs.
#include <gtest/gtest.h>

#include "cli_process.hpp"
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace {

namespace fs = std::filesystem;

using mixsim::cli_test::Output;
using mixsim::cli_test::read_text;
using mixsim::cli_test::run_shell;
using mixsim::cli_test::TempDir;

// A sweep of `points` design points (array rows x DRAM bandwidth) over the small test base
// config: one decode GEMM, two PEs, fast mode.
fs::path write_sweep(const TempDir& dir, int bandwidths) {
  fs::path base = fs::path(MIXSIM_SOURCE_DIR) / "tests/reports/data/sweep_base.yaml";
  std::string values;
  for (int i = 0; i < bandwidths; ++i) values += (i ? ", " : "") + std::to_string(16 << i);
  fs::path sweep = dir.path / "cli.yaml";
  std::ofstream(sweep) << "name: cli\nbase: " << base.string() << "\nmode: fast\naxes:\n"
                       << "  hardware.array.rows: [8, 16]\n"
                       << "  hardware.dram.bandwidth_gbps: [" << values << "]\n";
  return sweep;
}

std::string sweep_command(const fs::path& sweep, const fs::path& out, const std::string& extra = "") {
  return std::string(MIXSIM_BIN) + " sweep " + sweep.string() + " --out " + out.string() + " -q " + extra;
}

int completed_points(const fs::path& out) {
  int n = 0;
  if (!fs::exists(out)) return 0;
  for (const auto& e : fs::directory_iterator(out))
    n += e.is_directory() && fs::exists(e.path() / "results.json");
  return n;
}

TEST(SweepCli, RunsEveryPointAsARealMixsimRun) {
  TempDir dir("sweep");
  auto sweep = write_sweep(dir, 2);
  Output out = run_shell(sweep_command(sweep, dir.path / "out", "--jobs 2"));
  ASSERT_EQ(out.status, 0) << out.text;
  EXPECT_EQ(completed_points(dir.path / "out"), 4);
  std::string merged = read_text(dir.path / "out/sweep.json");
  EXPECT_NE(merged.find("\"schema\": \"mixsim.sweep\""), std::string::npos);
  EXPECT_NE(merged.find("\"pareto\""), std::string::npos);
  // Running it again redoes nothing.
  Output again = run_shell(std::string(MIXSIM_BIN) + " sweep " + sweep.string() + " --out " +
                           (dir.path / "out").string());
  ASSERT_EQ(again.status, 0) << again.text;
  EXPECT_NE(again.text.find("run now: 0, already complete: 4"), std::string::npos) << again.text;
  EXPECT_EQ(read_text(dir.path / "out/sweep.json"), merged);
}

TEST(SweepCli, MpiTwoRanksGiveTheSameMergedResultAsOneProcess) {
  if (!fs::exists("/usr/bin/mpirun")) GTEST_SKIP() << "mpirun not installed";
  TempDir dir("sweep-mpi");
  auto sweep = write_sweep(dir, 2);
  Output plain = run_shell(sweep_command(sweep, dir.path / "plain", "--jobs 1"));
  ASSERT_EQ(plain.status, 0) << plain.text;
  Output mpi = run_shell("/usr/bin/mpirun --allow-run-as-root --oversubscribe -np 2 " +
                         sweep_command(sweep, dir.path / "mpi"));
  ASSERT_EQ(mpi.status, 0) << mpi.text;
  std::string a = read_text(dir.path / "plain/sweep.json"), b = read_text(dir.path / "mpi/sweep.json");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_EQ(completed_points(dir.path / "mpi"), 4);
}

TEST(SweepCli, KilledAfterTheFirstPointAndRestartedGivesTheSameBytes) {
  TempDir dir("sweep-kill");
  auto sweep = write_sweep(dir, 4);  // 8 points, one at a time
  Output whole = run_shell(sweep_command(sweep, dir.path / "whole", "--jobs 1"));
  ASSERT_EQ(whole.status, 0) << whole.text;

  fs::path out = dir.path / "killed";
  std::vector<std::string> args = {MIXSIM_BIN, "sweep", sweep.string(), "--out", out.string(), "-q", "--jobs", "1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own group: kill it with its point
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  ASSERT_EQ(::posix_spawn(&pid, MIXSIM_BIN, nullptr, &attr, argv.data(), environ), 0);
  posix_spawnattr_destroy(&attr);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (completed_points(out) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  int done_at_kill = completed_points(out);
  ASSERT_GE(done_at_kill, 1) << "no point finished within 120 s";
  ASSERT_LT(done_at_kill, 8) << "the sweep finished before it could be killed";
  EXPECT_FALSE(fs::exists(out / "sweep.json"));

  Output resumed = run_shell(std::string(MIXSIM_BIN) + " sweep " + sweep.string() + " --out " + out.string());
  ASSERT_EQ(resumed.status, 0) << resumed.text;
  EXPECT_NE(resumed.text.find("already complete: " + std::to_string(done_at_kill)), std::string::npos)
      << resumed.text;
  EXPECT_EQ(read_text(out / "sweep.json"), read_text(dir.path / "whole/sweep.json"));
}

TEST(SweepCli, BadSweepFileFailsBeforeAnyWorkNamingFileLineAndKey) {
  TempDir dir("sweep-bad");
  fs::path base = fs::path(MIXSIM_SOURCE_DIR) / "tests/reports/data/sweep_base.yaml";
  struct Case {
    std::string body, expect;
  } cases[] = {
      {"axes:\n  hardware.dram.bandwith_gbps: [16, 32]\n", "bad.yaml:3:"},
      {"axes:\n  hardware.array.rows: []\n", "empty axis"},
      {"set:\n  hardware.array.rows: 8\naxes:\n  hardware.array.rows: [8, 16]\n", "conflicts"},
  };
  for (const auto& c : cases) {
    fs::path sweep = dir.path / "bad.yaml";
    std::ofstream(sweep) << "base: " << base.string() << "\n" << c.body;
    Output out = run_shell(sweep_command(sweep, dir.path / "out"));
    EXPECT_EQ(out.status, 1) << out.text;
    EXPECT_NE(out.text.find("mixsim: error: "), std::string::npos) << out.text;
    EXPECT_NE(out.text.find(c.expect), std::string::npos) << out.text;
    EXPECT_FALSE(fs::exists(dir.path / "out")) << c.body;
  }
}

}  // namespace
