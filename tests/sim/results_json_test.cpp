// Results JSON: round trip, deterministic bytes, atomic writing, and readable errors for files
// that are not ours (wrong schema/version, missing or mistyped fields, truncation).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/run/results.hpp"

namespace mixsim::sim {
namespace {

using ::testing::HasSubstr;

Results sample_results() {
  Results r;
  r.config_file = "configs/tiny.yaml";
  r.seed = 18446744073709551615ull;  // the largest seed must survive the round trip
  r.model = "llama2-7b";
  r.layers = {0, 3};
  r.hardware.array.rows = 16;
  r.hardware.array.cols = 8;
  r.hardware.array.dataflow = Dataflow::OutputStationary;
  r.hardware.dram.bandwidth_gbps = 51.2;
  r.hardware.weight_buffer.capacity_bytes = 3 * 1024;
  r.hardware.activation_buffer.double_buffered = false;
  r.energy_node = "45nm";
  RunRecord run{"mixpe", "decode", "cycle", "w4a8-g128", 1, 2048, 0, {}, {}};
  GemmRecord q;
  q.name = "layer0.q_proj";
  q.m = 1, q.n = 4096, q.k = 4096, q.count = 1, q.macs = 4096LL * 4096;
  q.cycles = 123457;
  q.latency_s = 1.23457e-4;
  q.utilization = 0.1327;
  q.energy_pj = {{"mac", 1.0 / 3.0}, {"dram", 2.5e6}};
  q.counters = {{"macs", q.macs}, {"dequant_multiplies", 4096 * 32}};
  q.error = ErrorStats{0.0123, 38.2, 0.5};
  q.check = ValueCheck{"bit-exact", true, 0.0,
                       ErrorStats{1e-9, std::numeric_limits<double>::infinity(), 0.0}, 0};
  GemmRecord qk = q;
  qk.name = "layer0.attn_qk";
  qk.count = 32;
  qk.error.reset();
  qk.check.reset();
  run.gemms = {q, qk};
  run.totals = sum_run(run.gemms, r.hardware.array);
  RunRecord base = run;
  base.pe = "dequant-mac";
  for (auto& g : base.gemms) g.cycles *= 2;
  base.totals = sum_run(base.gemms, r.hardware.array);
  r.runs = {run, base};
  r.comparisons = compare_runs(r.runs, "mixpe");
  r.area["mixpe"] = AreaRecord{1200, 9000};
  return r;
}

TEST(ResultsJson, RoundTripGivesSameBytes) {
  const std::string first = results_to_json(sample_results());
  const Results back = results_from_json(first, "mem");
  EXPECT_EQ(results_to_json(back), first);
  EXPECT_EQ(back.seed, 18446744073709551615ull);
  EXPECT_EQ(back.hardware.array.dataflow, Dataflow::OutputStationary);
  EXPECT_EQ(back.hardware.weight_buffer.capacity_bytes, 3 * 1024);
  EXPECT_FALSE(back.hardware.activation_buffer.double_buffered);
  ASSERT_EQ(back.runs.size(), 2u);
  const GemmRecord& g = back.runs[0].gemms[0];
  EXPECT_EQ(g.energy_pj.at("mac"), 1.0 / 3.0);  // shortest round-trip doubles: exact
  EXPECT_EQ(g.counters.at("dequant_multiplies"), 4096 * 32);
  ASSERT_TRUE(g.check.has_value());
  EXPECT_TRUE(std::isinf(g.check->vs_reference.sqnr_db));  // written as null, read back as +inf
  EXPECT_FALSE(back.runs[0].gemms[1].error.has_value());
  EXPECT_EQ(back.area.at("mixpe").transistors, 9000);
}

TEST(ResultsJson, SchemaHeaderAndShape) {
  const std::string text = results_to_json(sample_results());
  EXPECT_EQ(text.rfind("{\n \"schema\": \"mixsim.results\",\n \"version\": 1,", 0), 0u) << text.substr(0, 80);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_THAT(text, HasSubstr("\"comparisons\""));
  EXPECT_THAT(text, HasSubstr("\"baseline\": \"dequant-mac\""));
}

TEST(ResultsJson, TotalsMultiplyByCount) {
  const Results r = sample_results();
  const RunRecord& run = r.runs[0];
  const GemmRecord& q = run.gemms[0];
  const GemmRecord& qk = run.gemms[1];
  EXPECT_EQ(run.totals.cycles, q.cycles + 32 * qk.cycles);
  EXPECT_DOUBLE_EQ(run.totals.energy_pj.at("dram"), q.energy_pj.at("dram") * 33);
  EXPECT_EQ(run.totals.macs, q.macs + qk.macs);
  EXPECT_DOUBLE_EQ(run.totals.utilization,
                   static_cast<double>(run.totals.macs) / (16.0 * 8.0 * run.totals.cycles));
}

TEST(ResultsJson, ComparisonsAreBaselineOverCandidate) {
  const Results r = sample_results();
  ASSERT_EQ(r.comparisons.size(), 1u);
  EXPECT_EQ(r.comparisons[0].pe, "mixpe");
  EXPECT_EQ(r.comparisons[0].baseline, "dequant-mac");
  EXPECT_DOUBLE_EQ(r.comparisons[0].speedup, 2.0);  // baseline took twice the cycles
  EXPECT_DOUBLE_EQ(r.comparisons[0].energy_ratio, 1.0);
}

TEST(ResultsJson, WrongSchemaOrVersionIsRejected) {
  std::string text = results_to_json(sample_results());
  std::string other = text;
  other.replace(other.find("mixsim.results"), 14, "something.else");
  EXPECT_THROW(
      {
        try {
          results_from_json(other, "x.json");
        } catch (const std::runtime_error& e) {
          EXPECT_THAT(std::string(e.what()), HasSubstr("x.json: field 'schema'"));
          throw;
        }
      },
      std::runtime_error);
  other = text;
  other.replace(other.find("\"version\": 1"), 12, "\"version\": 2");
  try {
    results_from_json(other, "x.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("unsupported version 2"));
  }
}

TEST(ResultsJson, MissingAndMistypedFieldsNamePath) {
  std::string text = results_to_json(sample_results());
  std::string missing = text;
  const auto at = missing.find("\"cycles\": 123457,");
  ASSERT_NE(at, std::string::npos);
  missing.erase(at, std::string("\"cycles\": 123457,").size());
  try {
    results_from_json(missing, "x.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("field 'runs[0].gemms[0].cycles': missing"));
  }
  std::string mistyped = text;
  mistyped.replace(mistyped.find("\"rows\": 16"), 10, "\"rows\": \"16\"");
  try {
    results_from_json(mistyped, "x.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("field 'hardware.array.rows': expected an integer"));
  }
}

TEST(ResultsJson, TruncatedFileIsNotValidJson) {
  const std::string text = results_to_json(sample_results());
  try {
    results_from_json(text.substr(0, text.size() / 2), "cut.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("cut.json: not valid JSON"));
  }
}

TEST(ResultsFile, WriteIsDeterministicAndLeavesNoTempFile) {
  const auto dir = std::filesystem::temp_directory_path() / "mixsim_results_file_test";
  std::filesystem::remove_all(dir);
  const auto path = write_results_file(sample_results(), dir / "nested");
  std::ifstream in(path);
  std::stringstream first;
  first << in.rdbuf();
  write_results_file(sample_results(), dir / "nested");
  std::ifstream in2(path);
  std::stringstream second;
  second << in2.rdbuf();
  EXPECT_EQ(first.str(), second.str());
  EXPECT_EQ(first.str(), results_to_json(sample_results()));
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "nested")) {
    ++files;
    EXPECT_EQ(e.path().filename(), "results.json");
  }
  EXPECT_EQ(files, 1);
  EXPECT_EQ(read_results_file(path).runs.size(), 2u);
  std::filesystem::remove_all(dir);
}

TEST(ResultsFile, UnwritableDirectoryThrows) {
  const auto blocker = std::filesystem::temp_directory_path() / "mixsim_results_blocker";
  std::filesystem::remove_all(blocker);
  std::ofstream(blocker) << "a file, not a directory";
  EXPECT_THROW(write_results_file(sample_results(), blocker / "sub"), std::exception);
  std::filesystem::remove_all(blocker);
}

}  // namespace
}  // namespace mixsim::sim
