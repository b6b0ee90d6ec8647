// Report generation on a small results file: every CSV value is checked against the numbers of
// the fixture JSON it came from, the Markdown and HTML carry the same tables, the HTML holds
// Chart.js and one canvas per chart, and the bytes are deterministic.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "reports/report_error.hpp"
#include "reports/write_reports.hpp"
#include "tests/reports/report_test_support.hpp"

namespace mixsim::reports {
namespace {

using namespace mixsim::reports::testing;
using nlohmann::json;

double total_energy(const json& run) {
  double total = 0.0;
  for (const auto& [c, pj] : run["totals"]["energy_pj"].items())
    if (c != "total") total += pj.get<double>();  // the simulator writes the sum as "total" too
  return total;
}

const json* find_run(const json& results, const std::string& pe, const std::string& phase) {
  for (const auto& r : results["runs"])
    if (r["pe"] == pe && r["phase"] == phase) return &r;
  return nullptr;
}

class ReportWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    results = load_fixture("small_results.json");
    gpu = load_fixture("gpu.json");
    written = write_reports({results}, gpu, dir.path);
  }
  TempDir dir{"report"};
  json results, gpu;
  std::vector<std::string> written;
};

TEST_F(ReportWriter, WritesHtmlMarkdownAndEveryCsv) {
  std::set<std::string> files(written.begin(), written.end());
  for (const char* name : {"report.html", "report.md", "latency_energy.csv", "ratios.csv",
                           "energy_breakdown.csv", "gemm_utilization.csv", "counters.csv",
                           "numerics.csv", "area.csv", "gpu.csv"}) {
    EXPECT_TRUE(files.count(name)) << name;
    EXPECT_TRUE(std::filesystem::is_regular_file(dir.path / name)) << name;
  }
  // No temporary files are left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
}

TEST_F(ReportWriter, LatencyEnergyCsvMatchesRunTotals) {
  auto rows = read_csv(dir.path / "latency_energy.csv");
  ASSERT_EQ(rows.size(), results["runs"].size());
  for (const auto& row : rows) {
    const json* run = find_run(results, row.at("pe"), row.at("phase"));
    ASSERT_NE(run, nullptr) << row.at("pe");
    // One unit per quantity: latency in µs, energy in µJ (results.json has s and pJ).
    EXPECT_DOUBLE_EQ(std::stod(row.at("latency_us")), (*run)["totals"]["latency_s"].get<double>() * 1e6);
    EXPECT_EQ(std::stoll(row.at("cycles")), (*run)["totals"]["cycles"].get<int64_t>());
    EXPECT_DOUBLE_EQ(std::stod(row.at("energy_uj")), total_energy(*run) * 1e-6);
    EXPECT_EQ(row.at("mode"), (*run)["mode"].get<std::string>());
  }
}

TEST_F(ReportWriter, RatiosAreBaselineOverCandidateInTheSamePhase) {
  auto rows = read_csv(dir.path / "ratios.csv");
  ASSERT_EQ(rows.size(), 2u);  // mixpe vs dequant-mac, decode and prefill
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("pe"), "mixpe");  // the fixture's comparisons name mixpe as candidate
    const json* pe = find_run(results, "mixpe", row.at("phase"));
    const json* base = find_run(results, row.at("baseline"), row.at("phase"));
    ASSERT_TRUE(pe && base);
    double speedup = (*base)["totals"]["latency_s"].get<double>() / (*pe)["totals"]["latency_s"].get<double>();
    EXPECT_DOUBLE_EQ(std::stod(row.at("speedup")), speedup);
    EXPECT_DOUBLE_EQ(std::stod(row.at("energy_ratio")), total_energy(*base) / total_energy(*pe));
  }
}

TEST_F(ReportWriter, EnergyBreakdownSharesSumToOnePerRun) {
  auto rows = read_csv(dir.path / "energy_breakdown.csv");
  std::map<std::string, double> share, energy;
  for (const auto& row : rows) {
    std::string key = row.at("pe") + "/" + row.at("phase");
    share[key] += std::stod(row.at("share"));
    energy[key] += std::stod(row.at("energy_uj"));
    const json* run = find_run(results, row.at("pe"), row.at("phase"));
    EXPECT_DOUBLE_EQ(std::stod(row.at("energy_uj")),
                     (*run)["totals"]["energy_pj"][row.at("component")].get<double>() * 1e-6);
  }
  ASSERT_EQ(share.size(), 4u);
  EXPECT_EQ(energy.size(), 4u);
  for (const auto& row : rows) EXPECT_NE(row.at("component"), "total");
  for (const auto& [key, s] : share) EXPECT_NEAR(s, 1.0, 1e-12) << key;
}

TEST_F(ReportWriter, GemmUtilizationUsesOneInstanceOfRepeatedGemms) {
  auto rows = read_csv(dir.path / "gemm_utilization.csv");
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& row : rows) {
    const json* run = find_run(results, row.at("pe"), row.at("phase"));
    for (const auto& g : (*run)["gemms"]) {
      if (g["name"] != row.at("gemm")) continue;
      double mnk = g["m"].get<double>() * g["n"].get<double>() * g["k"].get<double>();
      double dram = g["counters"]["dram_read_bytes"].get<double>() + g["counters"]["dram_write_bytes"].get<double>();
      EXPECT_DOUBLE_EQ(std::stod(row.at("achieved_macs_per_s")), mnk / g["latency_s"].get<double>());
      EXPECT_DOUBLE_EQ(std::stod(row.at("dram_bytes")), dram);
      EXPECT_DOUBLE_EQ(std::stod(row.at("macs_per_dram_byte")), mnk / dram);
      // Ridge point of 32x32 at 1 GHz and 64 GB/s: 16 MACs per byte.
      EXPECT_EQ(row.at("bound"), mnk / dram < 1024.0 * 1e9 / 64e9 ? "memory" : "compute");
    }
  }
}

TEST_F(ReportWriter, CountersAreSummedOverRepeatedGemmsAndDividedByOutputs) {
  auto rows = read_csv(dir.path / "counters.csv");
  size_t checked = 0;
  for (const auto& row : rows) {
    const json* run = find_run(results, row.at("pe"), row.at("phase"));
    ASSERT_NE(run, nullptr);
    double total = 0.0, outputs = 0.0;
    for (const auto& g : (*run)["gemms"]) {
      double count = g["count"].get<double>();
      outputs += count * g["m"].get<double>() * g["n"].get<double>();
      if (g["counters"].contains(row.at("counter"))) total += count * g["counters"][row.at("counter")].get<double>();
    }
    EXPECT_DOUBLE_EQ(std::stod(row.at("total")), total) << row.at("counter");
    EXPECT_DOUBLE_EQ(std::stod(row.at("per_output")), total / outputs) << row.at("counter");
    ++checked;
  }
  // mixpe decode: dram_read_bytes, dram_write_bytes, shift_adds; dequant-mac: multiplies instead.
  EXPECT_EQ(checked, 3u + 3u + 2u + 2u);
}

TEST_F(ReportWriter, NumericsListsOnlyGemmsWithValues) {
  auto rows = read_csv(dir.path / "numerics.csv");
  ASSERT_EQ(rows.size(), 2u);  // q_proj of mixpe and dequant-mac in decode
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("gemm"), "q_proj");
    EXPECT_EQ(std::stod(row.at("rel_fro")), 0.0123);
    EXPECT_EQ(row.at("check_method"), "bit-exact");
    EXPECT_EQ(row.at("check_passed"), "yes");
  }
}

TEST_F(ReportWriter, GpuTablePairsKernelsWithSimulatedShapes) {
  auto rows = read_csv(dir.path / "gpu.csv");
  // m1 shapes match the two decode runs; the m2048 shape matches nothing simulated.
  size_t matched = 0, unmatched = 0;
  for (const auto& row : rows) {
    if (row.at("sim_gemm").empty()) {
      ++unmatched;
      EXPECT_EQ(row.at("m"), "2048");
      continue;
    }
    ++matched;
    const json* run = find_run(results, row.at("sim_run").substr(0, row.at("sim_run").find(' ')), "decode");
    ASSERT_NE(run, nullptr) << row.at("sim_run");
    EXPECT_DOUBLE_EQ(std::stod(row.at("sim_latency_us")), (*run)["gemms"][0]["latency_s"].get<double>() * 1e6);
  }
  EXPECT_EQ(matched, 4u);  // 2 kernels x 2 PEs
  EXPECT_EQ(unmatched, 1u);
}

TEST_F(ReportWriter, AreaCsvCarriesTheResultsArea) {
  auto rows = read_csv(dir.path / "area.csv");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows)
    EXPECT_EQ(std::stod(row.at("transistors")), results["area"][row.at("pe")]["transistors"].get<double>());
}

TEST_F(ReportWriter, HtmlIsSelfContainedWithOneCanvasPerChart) {
  std::string html = read_text(dir.path / "report.html");
  EXPECT_NE(html.find("Chart.js v3"), std::string::npos) << "Chart.js not inlined";
  EXPECT_EQ(html.find("<script src"), std::string::npos) << "external script";
  EXPECT_EQ(html.find("<link"), std::string::npos) << "external stylesheet";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex("<script type=\"application/json\" id=\"mixsim-data\">(.*?)</script>")));
  json data = json::parse(m[1].str());
  std::set<std::string> canvases;
  for (const auto& c : data["charts"]) {
    std::string id = c["canvas"];
    EXPECT_TRUE(canvases.insert(id).second) << "duplicate canvas " << id;
    EXPECT_NE(html.find("<canvas id=\"" + id + "\">"), std::string::npos) << id;
  }
  for (const char* id : {"chart-latency", "chart-energy", "chart-ratios", "chart-energy-0",
                         "chart-energy-1", "chart-roofline", "chart-utilization-0",
                         "chart-counters-0", "chart-numerics", "chart-area", "chart-gpu"})
    EXPECT_TRUE(canvases.count(id)) << id;
  // The latency chart holds the runs' latencies in µs: dataset per PE, one value per phase.
  for (const auto& c : data["charts"]) {
    if (c["canvas"] != "chart-latency") continue;
    for (const auto& d : c["config"]["data"]["datasets"]) {
      const json* decode = find_run(results, d["label"], "decode");
      ASSERT_NE(decode, nullptr);
      EXPECT_DOUBLE_EQ(d["data"][0].get<double>(), (*decode)["totals"]["latency_s"].get<double>() * 1e6);
    }
  }
}

TEST_F(ReportWriter, MarkdownHasEverySection) {
  std::string md = read_text(dir.path / "report.md");
  for (const char* heading : {"## Latency and energy per PE type", "## Speedup and energy ratio",
                              "## Energy breakdown by component", "## Utilization per GEMM",
                              "## Event counters", "## Numerics", "## Area",
                              "## Measured GPU kernels"})
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  EXPECT_NE(md.find("| mixpe | dequant-mac |"), std::string::npos);  // a ratio row
}

TEST_F(ReportWriter, SameInputGivesSameBytes) {
  TempDir again("report-again");
  auto names = write_reports({results}, gpu, again.path);
  ASSERT_EQ(names, written);
  for (const auto& name : names)
    EXPECT_EQ(read_text(dir.path / name), read_text(again.path / name)) << name;
}

TEST(ReportInputErrors, MissingKeyNamesSourceAndPathAndWritesNothing) {
  json results = load_fixture("small_results.json");
  results["runs"][1]["gemms"][0].erase("cycles");
  TempDir dir("report-bad");
  auto out = dir.path / "out";
  try {
    write_reports({results}, std::nullopt, out, {"bad.json"});
    FAIL() << "expected ReportError";
  } catch (const ReportError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("bad.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("runs[1].gemms[0].cycles"), std::string::npos) << msg;
  }
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(ReportInputErrors, WrongSchemaTypeAndGpuFieldsAreRejected) {
  json results = load_fixture("small_results.json");
  json wrong_schema = results;
  wrong_schema["schema"] = "something.else";
  TempDir dir("report-bad2");
  EXPECT_THROW(write_reports({wrong_schema}, std::nullopt, dir.path / "a"), ReportError);
  json wrong_type = results;
  wrong_type["runs"][0]["totals"]["latency_s"] = "fast";
  EXPECT_THROW(write_reports({wrong_type}, std::nullopt, dir.path / "b"), ReportError);
  json gpu = load_fixture("gpu.json");
  gpu["results"][0].erase("median_us");
  try {
    write_reports({results}, gpu, dir.path / "c");
    FAIL() << "expected ReportError";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("results[0].median_us"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_reports({}, std::nullopt, dir.path / "d"), ReportError);
  for (const char* sub : {"a", "b", "c", "d"}) EXPECT_FALSE(std::filesystem::exists(dir.path / sub));
}

TEST(ReportSources, SeveralResultsFilesAreLabelledBySourceWithUniqueLabels) {
  json results = load_fixture("small_results.json");
  TempDir dir("report-multi");
  write_reports({results, results}, std::nullopt, dir.path);
  auto rows = read_csv(dir.path / "latency_energy.csv");
  ASSERT_EQ(rows.size(), 2 * results["runs"].size());
  std::set<std::string> sources;
  for (const auto& row : rows) sources.insert(row.at("source"));
  EXPECT_EQ(sources, (std::set<std::string>{"small#0", "small#1"}));
  EXPECT_FALSE(std::filesystem::exists(dir.path / "gpu.csv"));  // no GPU JSON given
}

}  // namespace
}  // namespace mixsim::reports
