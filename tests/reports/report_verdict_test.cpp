// The verdict block (reports/verdict_block.hpp): its numbers against the results JSON, its place
// at the top of report.html and report.md, and one unit per quantity in tables and charts.
// The page as Chromium lays it out: tests/reports/report_browser_test.cpp (VerdictOpensThePage).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "reports/chart_specs.hpp"
#include "reports/report_tables.hpp"
#include "reports/verdict_block.hpp"
#include "reports/write_reports.hpp"
#include "tests/reports/verdict_test_support.hpp"

namespace mixsim::reports {
namespace {

using namespace mixsim::reports::testing;
using nlohmann::json;

TEST(VerdictBlock, RatiosBoundsAndReasonsComeFromTheResults) {
  const json results = results_with_bounds();
  const auto verdicts = phase_verdicts(read_report_input({results}, std::nullopt));
  ASSERT_EQ(verdicts.size(), 2u);  // mixpe in decode and in prefill
  for (const auto& v : verdicts) {
    const json* cand = run_of(results, "mixpe", v.phase);
    ASSERT_NE(cand, nullptr);
    EXPECT_EQ(v.candidate.pe, "mixpe");
    EXPECT_DOUBLE_EQ(v.candidate.latency_us, (*cand)["totals"]["latency_s"].get<double>() * 1e6);
    EXPECT_DOUBLE_EQ(v.candidate.energy_uj, run_energy_pj(*cand) * 1e-6);
    ASSERT_TRUE(v.candidate.fraction_of_bound.has_value());
    EXPECT_DOUBLE_EQ(*v.candidate.fraction_of_bound, expected_fraction(*cand));
    const std::string limiter = v.phase == "decode" ? "dram" : "compute";
    EXPECT_EQ(v.candidate.limiter, limiter);
    EXPECT_EQ(v.candidate.reason.rfind(limiter == "dram" ? "DRAM-bound: " : "compute-bound: ", 0), 0u)
        << v.candidate.reason;
    ASSERT_EQ(v.baselines.size(), 1u);
    const json* base = run_of(results, "dequant-mac", v.phase);
    EXPECT_DOUBLE_EQ(v.baselines[0].speedup, (*base)["totals"]["latency_s"].get<double>() /
                                                 (*cand)["totals"]["latency_s"].get<double>());
    EXPECT_DOUBLE_EQ(v.baselines[0].energy_ratio, run_energy_pj(*base) / run_energy_pj(*cand));
    EXPECT_DOUBLE_EQ(*v.baselines[0].baseline.fraction_of_bound, expected_fraction(*base));
  }
}

TEST(VerdictBlock, DramReasonCountsBytesAgainstTheCompulsoryOnes) {
  const json results = results_with_bounds();
  const auto verdicts = phase_verdicts(read_report_input({results}, std::nullopt));
  const DesignStanding& d = verdicts.at(0).candidate;  // decode: DRAM-limited
  ASSERT_EQ(d.limiter, "dram");
  // The fixture's compulsory bytes are half the bytes moved (rounded down per GEMM).
  EXPECT_NE(d.reason.find("(2.00x the compulsory"), std::string::npos) << d.reason;
}

TEST(VerdictBlock, ResultsWithoutBoundsSayNoBounds) {
  const auto verdicts = phase_verdicts(read_report_input({load_fixture("small_results.json")}, std::nullopt));
  ASSERT_FALSE(verdicts.empty());
  EXPECT_FALSE(verdicts[0].candidate.fraction_of_bound.has_value());
  EXPECT_EQ(verdicts[0].candidate.reason.rfind("no bounds in these results", 0), 0u);
}

TEST(VerdictBlock, OpensTheHtmlAndMarkdownReports) {
  TempDir dir("verdict");
  write_reports({results_with_bounds()}, std::nullopt, dir.path);
  const std::string html = read_text(dir.path / "report.html");
  const auto verdict = html.find("<section id=\"verdict\">");
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(verdict, html.find("<ul class=\"hw\">"));
  EXPECT_EQ(html.find("<section"), verdict);  // no other section before it
  const std::string md = read_text(dir.path / "report.md");
  ASSERT_NE(md.find("## Verdict"), std::string::npos);
  EXPECT_EQ(md.find("## "), md.find("## Verdict"));
}

TEST(VerdictBlock, TablesAndChartsUseTheSameUnits) {
  const ReportInput in = read_report_input({results_with_bounds()}, std::nullopt);
  const Table t = latency_energy_table(in);
  ASSERT_EQ(t.header[7], "latency_us");
  ASSERT_EQ(t.header[8], "energy_uj");
  std::map<std::string, std::pair<double, double>> table;  // "pe/phase (mode)" -> (µs, µJ)
  for (const auto& row : t.rows)
    table[std::get<std::string>(row[1]) + "/" + std::get<std::string>(row[2])] = {
        std::get<double>(row[7]), std::get<double>(row[8])};
  int checked = 0;
  for (const auto& c : chart_specs(in)) {
    if (c.canvas != "chart-latency" && c.canvas != "chart-energy") continue;
    const auto& labels = c.config["data"]["labels"];
    for (const auto& ds : c.config["data"]["datasets"])
      for (size_t i = 0; i < labels.size(); ++i) {
        if (ds["data"][i].is_null()) continue;
        const std::string phase = labels[i].get<std::string>().substr(0, labels[i].get<std::string>().find(' '));
        const auto& [us, uj] = table.at(ds["label"].get<std::string>() + "/" + phase);
        EXPECT_DOUBLE_EQ(ds["data"][i].get<double>(), c.canvas == "chart-latency" ? us : uj);
        ++checked;
      }
  }
  EXPECT_EQ(checked, 8);  // 2 PEs x 2 phases x 2 charts
}

}  // namespace
}  // namespace mixsim::reports
