// The user-facing interfaces of issue 18 through the real binary (MIXSIM_BIN): `--version`,
// `gemm --impl sim --shape`, GEMM-list runs and their bad input (nothing written), list-index
// overrides with `run --set`, and the verdict opening the console output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using mixsim::cli_test::Output;
using mixsim::cli_test::run_shell;
using mixsim::cli_test::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const fs::path kSource = MIXSIM_SOURCE_DIR;
const fs::path kTiny = kSource / "configs/examples/tiny.yaml";

Output mixsim_cli(const std::string& args) { return run_shell(std::string(MIXSIM_BIN) + " " + args); }

// tiny.yaml with its workload replaced by a GEMM list (absolute paths: the config lives in `dir`).
fs::path list_config(const fs::path& dir, const std::string& csv, const std::string& phases) {
  std::ofstream(dir / "list.csv") << csv;
  std::ifstream in(kTiny);
  std::string text, line;
  bool in_workload = false;
  while (std::getline(in, line)) {
    if (line.rfind("workload:", 0) == 0) {
      in_workload = true;
      text += "workload:\n  gemms_file: list.csv\n" + phases;
      continue;
    }
    if (in_workload && line.rfind("  ", 0) == 0) continue;
    in_workload = false;
    if (line.find("table: ../energy/45nm.yaml") != std::string::npos)
      line = "  table: " + (kSource / "configs/energy/45nm.yaml").string();
    text += line + "\n";
  }
  std::ofstream(dir / "list.yaml") << text;
  return dir / "list.yaml";
}

TEST(VersionFlag, PrintsVersionRevisionAndSchema) {
  const Output out = mixsim_cli("--version");
  ASSERT_EQ(out.status, 0) << out.text;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(out.text, m,
                               std::regex(R"(mixsim (\d+\.\d+\.\d+) \(git ([0-9a-f]+(-dirty)?|unknown)\), results schema mixsim\.results version (\d+)\n)")))
      << out.text;
  // The revision is a commit of this checkout: HEAD, or an ancestor when the binary predates the
  // latest commit (ctest does not rebuild).
  if (run_shell("git -C " + kSource.string() + " rev-parse HEAD").status == 0) {
    ASSERT_NE(m[2].str(), "unknown");
    const std::string rev = m[2].str().substr(0, 12);
    EXPECT_EQ(run_shell("git -C " + kSource.string() + " merge-base --is-ancestor " + rev + " HEAD").status, 0)
        << rev << " is not a commit of " << kSource;
  }
  // The schema version is the one run writes.
  TempDir dir("version");
  ASSERT_EQ(mixsim_cli("run " + kTiny.string() + " --mode fast --quiet --no-report --out " + dir.path.string()).status, 0);
  std::ifstream results(dir.path / "results.json");
  EXPECT_EQ(std::to_string(nlohmann::json::parse(results)["version"].get<int>()), m[4].str());
}

TEST(GemmShape, TimesAShapeLikeAGemmListRunOfThatShape) {
  TempDir dir("shape");
  const Output shape = mixsim_cli("gemm --impl sim --shape 2x48x256 --recipe w4a8-g128 --pe mixpe --config " +
                                  kTiny.string());
  ASSERT_EQ(shape.status, 0) << shape.text;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(shape.text, m, std::regex(R"(cycles +(\d+))"))) << shape.text;
  const fs::path config = list_config(dir.path, "name,M,N,K\ng,2,48,256\n", "  phases:\n    - {mode: cycle, values: false}\n");
  const Output run = mixsim_cli("run " + config.string() + " --quiet --no-report --out " + (dir.path / "out").string());
  ASSERT_EQ(run.status, 0) << run.text;
  std::ifstream in(dir.path / "out/results.json");
  const auto results = nlohmann::json::parse(in);
  EXPECT_EQ(results["runs"][0]["pe"], "mixpe");
  EXPECT_EQ(std::to_string(results["runs"][0]["gemms"][0]["cycles"].get<int64_t>()), m[1].str());
}

TEST(GemmShape, BadShapesAndMisuseAreErrors) {
  for (const std::string bad : {"2x48", "0x4x4", "2x48x256x1", "axbxc"}) {
    const Output out = mixsim_cli("gemm --impl sim --recipe w4a8-g128 --shape " + bad);
    EXPECT_EQ(out.status, 1) << bad;
    EXPECT_THAT(out.text, HasSubstr("--shape '" + bad + "': expected MxNxK")) << out.text;
  }
  EXPECT_THAT(mixsim_cli("gemm --impl golden --recipe w4a8-g128 --shape 1x8x128").text,
              HasSubstr("use it with --impl sim"));
  EXPECT_THAT(mixsim_cli("gemm --impl golden --recipe w4a8-g128").text, HasSubstr("--x is required"));
}

TEST(GemmListCli, BadCsvExitsNonZeroNamingFileLineColumnAndWritesNothing) {
  TempDir dir("bad-list");
  const fs::path config = list_config(dir.path, "name,M,N,K\nq,1,8,128\nq,1,8,128\n", "");
  const fs::path out = dir.path / "out";
  const Output r = mixsim_cli("run " + config.string() + " --out " + out.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.text, HasSubstr((dir.path / "list.csv").string() + ":3:1: column 'name': duplicate name 'q'"));
  EXPECT_THAT(r.text, HasSubstr("key 'workload.gemms_file'"));
  EXPECT_THAT(r.text, HasSubstr("(no results written)"));
  EXPECT_FALSE(fs::exists(out));
}

TEST(RunSet, ListIndicesReachListItems) {
  TempDir dir("set-index");
  const Output r = mixsim_cli("run " + kTiny.string() + " --quiet --no-report --out " + dir.path.string() +
                              " --set compare.0.recipe=w4a8-g64 --set workload.phases.0.mode=fast"
                              " --set workload.phases.0.values=false");
  ASSERT_EQ(r.status, 0) << r.text;
  std::ifstream in(dir.path / "results.json");
  const auto results = nlohmann::json::parse(in);
  for (const auto& run : results["runs"]) {
    EXPECT_EQ(run["mode"], "fast");
    if (run["pe"] == "mixpe") EXPECT_EQ(run["recipe"], "w4a8-g64");
  }
  const Output bad = mixsim_cli("run " + kTiny.string() + " --out " + (dir.path / "x").string() +
                                " --set workload.phases.5.mode=fast");
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.text, HasSubstr("key 'workload.phases.5.mode': '5' indexes a list of 2 items; allowed indices: 0..1"));
  EXPECT_FALSE(fs::exists(dir.path / "x"));
}

TEST(RunConsole, OpensWithTheVerdict) {
  TempDir dir("console");
  const Output r = mixsim_cli("run " + kTiny.string() + " --mode fast --no-report --out " + dir.path.string());
  ASSERT_EQ(r.status, 0) << r.text;
  EXPECT_THAT(r.text, StartsWith("Verdict (latency in us, energy in uJ):\n"));
  EXPECT_LT(r.text.find("vs dequant-mac  speedup"), r.text.find("== decode"));
  EXPECT_THAT(r.text, HasSubstr("of its bound: "));
}

}  // namespace
