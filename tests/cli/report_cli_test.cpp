// `mixsim report` end to end: from a results fixture and from a real `mixsim run`.
#include <gtest/gtest.h>

#include "cli_process.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

using mixsim::cli_test::Output;
using mixsim::cli_test::read_text;
using mixsim::cli_test::run_shell;
using mixsim::cli_test::TempDir;

const fs::path kData = fs::path(MIXSIM_SOURCE_DIR) / "tests/reports/data";

TEST(ReportCli, WritesEveryFileFromAResultsFixtureAndGpuJson) {
  TempDir dir("report");
  Output out = run_shell(std::string(MIXSIM_BIN) + " report " + (kData / "small_results.json").string() +
                         " --gpu " + (kData / "gpu.json").string() + " --out " + (dir.path / "r").string());
  ASSERT_EQ(out.status, 0) << out.text;
  for (const char* name : {"report.html", "report.md", "latency_energy.csv", "ratios.csv",
                           "energy_breakdown.csv", "gemm_utilization.csv", "counters.csv", "numerics.csv", "area.csv", "gpu.csv"}) {
    EXPECT_TRUE(fs::is_regular_file(dir.path / "r" / name)) << name;
    EXPECT_NE(out.text.find(name), std::string::npos) << "not listed: " << name;
  }
}

TEST(ReportCli, TruncatedResultsFileIsAnErrorNamingItAndWritesNothing) {
  TempDir dir("report-bad");
  std::string text = read_text(kData / "small_results.json");
  fs::path cut = dir.path / "cut.json";
  std::ofstream(cut) << text.substr(0, text.size() / 2);
  Output out = run_shell(std::string(MIXSIM_BIN) + " report " + cut.string() + " --out " + (dir.path / "r").string());
  EXPECT_EQ(out.status, 1) << out.text;
  EXPECT_NE(out.text.find("mixsim: error: "), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("cut.json"), std::string::npos) << out.text;
  EXPECT_FALSE(fs::exists(dir.path / "r"));
}

TEST(ReportCli, ReportsARealRunOfTheSimulator) {
  TempDir dir("report-run");
  fs::path config = kData / "sweep_base.yaml";
  Output run = run_shell(std::string(MIXSIM_BIN) + " run " + config.string() + " --out " + (dir.path / "run").string());
  ASSERT_EQ(run.status, 0) << run.text;
  Output out = run_shell(std::string(MIXSIM_BIN) + " report " + (dir.path / "run/results.json").string() +
                         " --out " + (dir.path / "r").string());
  ASSERT_EQ(out.status, 0) << out.text;
  std::string csv = read_text(dir.path / "r/latency_energy.csv");
  EXPECT_NE(csv.find(",mixpe,decode,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",dequant-mac,decode,"), std::string::npos) << csv;
  std::string ratios = read_text(dir.path / "r/ratios.csv");
  EXPECT_NE(ratios.find(",mixpe,dequant-mac,"), std::string::npos) << ratios;
}

}  // namespace
