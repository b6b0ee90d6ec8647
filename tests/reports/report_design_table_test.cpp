// The per-design table (reports/report_tables.hpp design_table): rows only when the results
// carry compare's normalization section; each design's array, clock, area and power beside
// every phase's latency and energy of the same PE.
#include <gtest/gtest.h>

#include <filesystem>

#include "reports/report_error.hpp"
#include "reports/write_reports.hpp"
#include "tests/reports/report_test_support.hpp"

namespace mixsim::reports {
namespace {

using namespace mixsim::reports::testing;
using nlohmann::json;

json with_normalization(json results) {
  json designs = json::array();
  int side = 34;
  for (const char* pe : {"mixpe", "dequant-mac"}) {
    designs.push_back({{"pe", pe}, {"recipe", "w4a8-g128"}, {"rows", side}, {"cols", side},
                       {"clock_ghz", 0.5}, {"fmax_mhz", 700.0}, {"area_mm2", 0.9},
                       {"power_mw", side == 34 ? 187.0 : -1.0}});
    side = 24;
  }
  results["normalization"] = {{"mode", "iso-area"}, {"designs", designs}};
  return results;
}

TEST(DesignTable, AbsentWithoutNormalization) {
  TempDir dir{"designs-absent"};
  write_reports({load_fixture("small_results.json")}, std::nullopt, dir.path);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "designs.csv"));
}

TEST(DesignTable, OneRowPerDesignAndPhase) {
  const json results = with_normalization(load_fixture("small_results.json"));
  TempDir dir{"designs"};
  write_reports({results}, std::nullopt, dir.path);
  const auto rows = read_csv(dir.path / "designs.csv");
  size_t expected = 0;
  for (const auto& run : results["runs"])
    if (run["pe"] == "mixpe" || run["pe"] == "dequant-mac") ++expected;
  ASSERT_EQ(rows.size(), expected);
  ASSERT_GT(expected, 0u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("normalization"), "iso-area");
    const bool mixpe = row.at("pe") == "mixpe";
    EXPECT_EQ(row.at("rows"), mixpe ? "34" : "24");
    EXPECT_EQ(std::stod(row.at("power_mw")), mixpe ? 187.0 : -1.0);
    for (const auto& run : results["runs"])
      if (run["pe"] == row.at("pe") && run["phase"] == row.at("phase"))
        EXPECT_DOUBLE_EQ(std::stod(row.at("latency_us")), run["totals"]["latency_s"].get<double>() * 1e6);
  }
}

TEST(DesignTable, MalformedSectionNamesThePath) {
  json results = load_fixture("small_results.json");
  results["normalization"] = {{"mode", "iso-area"}, {"designs", json::array({{{"pe", "mixpe"}}})}};
  TempDir dir{"designs-bad"};
  try {
    write_reports({results}, std::nullopt, dir.path);
    FAIL() << "expected a ReportError";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("normalization"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::reports
