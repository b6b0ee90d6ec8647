// End-to-end: `mixsim area` (standard-cell area, f_max, power next to transistor counts, same
// bytes on a re-run, bad input) and `mixsim run` with compare normalization (per-design arrays
// in results.json; a budget too small for one row and column is an error that writes nothing).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/cli_process.hpp"

namespace mixsim {
namespace {

using cli_test::read_text;
using cli_test::run_shell;
using cli_test::TempDir;

std::string mixsim() { return std::string(MIXSIM_BIN); }
std::string source(const std::string& path) { return std::string(MIXSIM_SOURCE_DIR) + "/" + path; }

bool tools_run() {
  return run_shell("yosys -V").status == 0 && run_shell("echo exit | sta -no_splash").status == 0;
}

TEST(AreaCli, CellAreaFmaxPowerAndTransistorsSameBytesOnRerun) {
  if (!tools_run()) GTEST_SKIP() << "SKIPPED: yosys or sta (OpenSTA) not found";
  TempDir dir("area");
  const auto first = dir.path / "a.json", second = dir.path / "b.json";
  const auto r1 = run_shell(mixsim() + " area --pe mixpe --out " + first.string());
  ASSERT_EQ(r1.status, 0) << r1.text;
  const auto r2 = run_shell(mixsim() + " area --pe mixpe --out " + second.string());
  ASSERT_EQ(r2.status, 0) << r2.text;
  const std::string text = read_text(first);
  EXPECT_EQ(text, read_text(second));
  for (const char* key : {"\"transistors\": 3866", "\"area_um2\": 597.436", "\"fmax_mhz\"",
                          "\"leakage_mw\"", "\"dynamic_pj_per_cycle\"", "\"energy_cross_check\"",
                          "\"table_pj_per_mac\""})
    EXPECT_NE(text.find(key), std::string::npos) << key << "\n" << text;
}

TEST(AreaCli, UnknownDesignIsAnErrorAndWritesNothing) {
  TempDir dir("area-bad");
  const auto out = dir.path / "a.json";
  const auto r = run_shell(mixsim() + " area --pe mixpe2 --out " + out.string());
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.text.find("unknown --pe 'mixpe2'"), std::string::npos) << r.text;
  EXPECT_FALSE(std::filesystem::exists(out));
}

// `area --top` on a top design the flow does not cover (a float-lane, dequant-mac output-
// stationary one) fails before any tool runs, names the designs it covers (both dataflows) and
// writes nothing.
TEST(AreaCli, TopAreaOfAnUncoveredDesignNamesTheCoveredOnes) {
  TempDir dir("area-top-bad");
  const auto out = dir.path / "a.json";
  const auto r = run_shell(mixsim() + " area --top dequant-mac-fp16-os-8x8 --out " + out.string());
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.text.find("area --top: area of the top's float-lane"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("designs it covers: mixpe-32x8"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("mixpe-os-64x4"), std::string::npos) << r.text;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(AreaCli, ActivityVcdNeedsOneDesignAndAReadableFile) {
  TempDir dir("area-vcd");
  const auto out = dir.path / "a.json";
  const auto all = run_shell(mixsim() + " area --activity-vcd x.vcd --out " + out.string());
  EXPECT_NE(all.status, 0);
  EXPECT_NE(all.text.find("also give --pe"), std::string::npos) << all.text;
  const auto missing = run_shell(mixsim() + " area --pe mixpe --activity-vcd " +
                                 (dir.path / "none.vcd").string() + " --out " + out.string());
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.text.find("cannot read VCD file"), std::string::npos) << missing.text;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(NormalizationCli, IsoAreaRunListsEachDesignsArray) {
  TempDir dir("iso");
  const auto r = run_shell(mixsim() + " run " + source("configs/examples/tiny.yaml") +
                           " --quiet --out " + dir.path.string() +
                           " --set normalization.mode=iso-area"
                           " --set 'normalization.like={pe: int8-mac, rows: 8, cols: 8}'");
  ASSERT_EQ(r.status, 0) << r.text;
  const std::string json = read_text(dir.path / "results.json");
  EXPECT_NE(json.find("\"mode\": \"iso-area\""), std::string::npos) << json.substr(0, 400);
  // int8-mac is the reference: its own 8 x 8 array. MixPE gets 5 x 5 (its per-column group
  // dequant unit is 6462 um^2, about 11 PEs: at 8 columns it outweighs the smaller PE).
  const size_t norm = json.find("\"normalization\"");
  ASSERT_NE(norm, std::string::npos);
  const size_t int8 = json.find("\"pe\": \"int8-mac\"", norm);
  ASSERT_NE(int8, std::string::npos);
  EXPECT_NE(json.substr(int8, 120).find("\"rows\": 8,"), std::string::npos) << json.substr(int8, 120);
  const size_t mixpe = json.find("\"pe\": \"mixpe\"", norm);
  ASSERT_NE(mixpe, std::string::npos);
  EXPECT_NE(json.substr(mixpe, 120).find("\"rows\": 5,"), std::string::npos) << json.substr(mixpe, 120);
}

TEST(NormalizationCli, MixpePaperConfigRunsAtIsoArea) {
  // configs/examples/mixpe_paper.yaml (docs/CODESIGN.md): the arrays of the hand computation in
  // tests/sim/design_normalization_test.cpp (like int8-mac at 32 x 32).
  TempDir dir("paper");
  const auto r = run_shell(mixsim() + " run " + source("configs/examples/mixpe_paper.yaml") +
                           " --out " + dir.path.string());
  ASSERT_EQ(r.status, 0) << r.text;
  EXPECT_NE(r.text.find("== designs (iso-area"), std::string::npos) << r.text;
  for (const char* line : {"mixpe        w4a8-g128     34x34", "int8-mac     w8a8          32x32",
                           "fp16-mac     fp16          18x18", "dequant-mac  w4a8-g128     24x24"})
    EXPECT_NE(r.text.find(line), std::string::npos) << line << "\n" << r.text;
  EXPECT_TRUE(std::filesystem::exists(dir.path / "designs.csv"));
}

TEST(NormalizationCli, BudgetBelowOneRowAndColumnFailsAndWritesNothing) {
  TempDir dir("iso-bad");
  const auto out = dir.path / "out";
  const auto r = run_shell(mixsim() + " run " + source("configs/examples/tiny.yaml") +
                           " --quiet --out " + out.string() +
                           " --set normalization.mode=iso-area --set normalization.budget_mm2=1e-5");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.text.find("too small for one row and column"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("allowed: >="), std::string::npos) << r.text;
  EXPECT_FALSE(std::filesystem::exists(out / "results.json"));
}

}  // namespace
}  // namespace mixsim
