// End-to-end `mixsim run` through the real binary (MIXSIM_BIN): results.json has the schema the
// reports read, same config + seed gives the same bytes, and a bad config exits non-zero with a
// message naming file:line and key, leaving no results file behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kSource = MIXSIM_SOURCE_DIR;
const fs::path kTiny = kSource / "configs/examples/tiny.yaml";

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};

CommandResult run_mixsim(const std::string& args) {
  const mixsim::cli_test::Output out = mixsim::cli_test::run_shell(std::string(MIXSIM_BIN) + " run " + args);
  return {out.status, out.text};
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mixsim_run_cli_test_" + name);
  fs::remove_all(dir);
  return dir;
}

std::string read_file(const fs::path& p) { return mixsim::cli_test::read_text(p); }

TEST(RunCommand, TinyConfigWritesResultsWithSchema) {
  const fs::path out = fresh_dir("schema");
  const CommandResult r = run_mixsim(kTiny.string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(fs::exists(out / "results.json")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("mixpe vs dequant-mac"));
  EXPECT_THAT(r.output, HasSubstr("Explanation"));

  const auto j = nlohmann::json::parse(read_file(out / "results.json"));
  EXPECT_EQ(j.at("schema"), "mixsim.results");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("seed"), 7);
  EXPECT_EQ(j.at("hardware").at("array").at("rows"), 8);
  EXPECT_EQ(j.at("hardware").at("array").at("dataflow"), "weight-stationary");
  EXPECT_DOUBLE_EQ(j.at("hardware").at("dram").at("bandwidth_gbps").get<double>(), 16.0);
  // 2 phases x 4 PE types, each with the two selected GEMMs.
  ASSERT_EQ(j.at("runs").size(), 8u);
  std::map<std::string, std::vector<double>> decode_error;  // pe -> rel_fro per GEMM
  for (const auto& run : j.at("runs")) {
    SCOPED_TRACE(run.at("pe").get<std::string>() + " " + run.at("phase").get<std::string>());
    ASSERT_EQ(run.at("gemms").size(), 2u);
    const bool decode = run.at("phase") == "decode";
    EXPECT_EQ(run.at("mode"), decode ? "cycle" : "fast");
    int64_t cycles = 0;
    for (const auto& g : run.at("gemms")) {
      for (const char* key : {"name", "m", "n", "k", "count", "macs", "cycles", "latency_s",
                              "utilization", "energy_pj", "counters"})
        EXPECT_TRUE(g.contains(key)) << key;
      EXPECT_EQ(g.at("macs").get<int64_t>(),
                g.at("count").get<int64_t>() * g.at("m").get<int64_t>() *
                    g.at("n").get<int64_t>() * g.at("k").get<int64_t>());
      EXPECT_GT(g.at("cycles").get<int64_t>(), 0);
      cycles += g.at("cycles").get<int64_t>() * g.at("count").get<int64_t>();
      EXPECT_EQ(g.contains("error"), decode);  // values only in cycle mode
      if (decode) {
        EXPECT_TRUE(g.at("check").at("passed").get<bool>()) << g.dump();
        const double rel = g.at("error").at("rel_fro").get<double>();
        EXPECT_TRUE(rel > 0.0 && rel < 1.0) << rel;  // finite, quantized, not garbage
        decode_error[run.at("pe").get<std::string>()].push_back(rel);
      }
    }
    EXPECT_EQ(run.at("totals").at("cycles").get<int64_t>(), cycles);
  }
  // Unquantized FP16 operands are closer to FP64 than 4-bit weights, GEMM by GEMM.
  ASSERT_EQ(decode_error["fp16-mac"].size(), 2u);
  ASSERT_EQ(decode_error["mixpe"].size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_LT(decode_error["fp16-mac"][i], decode_error["mixpe"][i]);
  // mixpe and dequant-mac run the same quantized operands: the same error up to FP rounding.
  for (size_t i = 0; i < 2; ++i)
    EXPECT_NEAR(decode_error["dequant-mac"][i], decode_error["mixpe"][i], 1e-2 * decode_error["mixpe"][i]);
  // mixpe against each of the 3 baselines, per phase.
  ASSERT_EQ(j.at("comparisons").size(), 6u);
  for (const auto& c : j.at("comparisons")) {
    EXPECT_EQ(c.at("pe"), "mixpe");
    EXPECT_GT(c.at("speedup").get<double>(), 0.0);
    EXPECT_GT(c.at("energy_ratio").get<double>(), 0.0);
  }
  fs::remove_all(out);
}

TEST(RunCommand, SameConfigAndSeedGiveSameBytes) {
  const fs::path a = fresh_dir("det_a"), b = fresh_dir("det_b"), c = fresh_dir("det_c");
  ASSERT_EQ(run_mixsim(kTiny.string() + " --quiet --out " + a.string()).exit_code, 0);
  ASSERT_EQ(run_mixsim(kTiny.string() + " --quiet --out " + b.string()).exit_code, 0);
  ASSERT_EQ(run_mixsim(kTiny.string() + " --quiet --seed 8 --out " + c.string()).exit_code, 0);
  const std::string ja = read_file(a / "results.json");
  EXPECT_FALSE(ja.empty());
  EXPECT_EQ(ja, read_file(b / "results.json"));
  EXPECT_NE(ja, read_file(c / "results.json"));  // the seed changes the operands and errors
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

// A config with one problem must fail before anything is simulated or written.
void expect_rejected(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& edits,
                     const std::vector<std::string>& expected) {
  const fs::path dir = fresh_dir(name);
  fs::create_directories(dir);
  std::string text = read_file(kTiny);
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
  const std::string table = "table: ../energy/45nm.yaml";
  text.replace(text.find(table), table.size(),
               "table: " + (kSource / "configs/energy/45nm.yaml").string());
  const fs::path config = dir / "bad.yaml";
  std::ofstream(config) << text;
  const fs::path out = dir / "out";
  const CommandResult r = run_mixsim(config.string() + " --out " + out.string());
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("mixsim: error: " + config.string() + ":"));
  for (const auto& e : expected) EXPECT_THAT(r.output, HasSubstr(e));
  EXPECT_FALSE(fs::exists(out / "results.json"));
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(dir);
}

TEST(RunCommand, ZeroBandwidthLeavesNoResults) {
  expect_rejected("zero_bw", {{"bandwidth_gbps: 16", "bandwidth_gbps: 0"}},
                  {"hardware.dram.bandwidth_gbps", "must be > 0", "no results written"});
}

TEST(RunCommand, UnknownKeyLeavesNoResults) {
  expect_rejected("unknown_key", {{"dataflow: weight-stationary", "dataflw: weight-stationary"}},
                  {"unknown key 'dataflw'", "did you mean 'dataflow'?"});
}

TEST(RunCommand, BufferTooSmallLeavesNoResults) {
  // 64x64 FP16 weights (fp16-mac) are 8 KiB per tile, 16 KiB double-buffered.
  expect_rejected("small_buffer",
                  {{"rows: 8, cols: 8", "rows: 64, cols: 64"},
                   {"weight:     {capacity_kib: 16", "weight:     {capacity_kib: 12"}},
                  {"cannot hold one weight tile", "capacity_kib >="});
}

TEST(RunCommand, MissingConfigFileIsNamed) {
  const CommandResult r = run_mixsim("/nonexistent/run.yaml --out /tmp/mixsim_never_written");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("/nonexistent/run.yaml: cannot open config file"));
  EXPECT_FALSE(fs::exists("/tmp/mixsim_never_written"));
}

TEST(RunCommand, BadModeIsRejectedByTheParser) {
  const CommandResult r = run_mixsim(kTiny.string() + " --mode slow");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("slow"));
}

}  // namespace
