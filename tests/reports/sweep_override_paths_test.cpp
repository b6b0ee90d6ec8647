// `mixsim run --set` and a sweep's `set:`/`axes:` share one dotted-path setter
// (sim/config/config_override.hpp): the same paths, list items by index, give the same config,
// and the same bad path gives the same explanation.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/config/config_loader.hpp"
#include "sim/sweep/sweep_points.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "tests/reports/report_test_support.hpp"

extern "C" __attribute__((weak)) int sc_main(int, char**) { return 0; }

namespace mixsim::sweep {
namespace {

using namespace mixsim::reports::testing;

std::filesystem::path tiny_config() {
  const char* root = std::getenv("MIXSIM_SOURCE_DIR");
  return std::filesystem::path(root ? root : ".") / "configs/examples/tiny.yaml";
}

// Every field of a RunConfig that a dotted path can reach in these tests, as text.
std::string fingerprint(const sim::RunConfig& c) {
  std::string out = fmt::format("seed {} array {}x{} dram {} model {} layers {} gemms {}\n", c.seed,
                                c.hardware.array.rows, c.hardware.array.cols,
                                c.hardware.dram.bandwidth_gbps, c.workload.model,
                                fmt::join(c.workload.layers, ","), fmt::join(c.workload.gemms, ","));
  for (const auto& p : c.compare) out += fmt::format("compare {} {}\n", p.pe, p.recipe);
  for (const auto& p : c.workload.phases)
    out += fmt::format("phase {} batch {} context {} seq_len {} mode {} values {}\n", p.phase,
                       p.batch, p.context, p.seq_len, p.mode == sim::SimMode::Cycle ? "cycle" : "fast",
                       p.values);
  return out;
}

std::filesystem::path write_sweep(const TempDir& dir, const std::string& body) {
  const auto path = dir.path / "sweep.yaml";
  std::ofstream(path) << fmt::format("base: {}\nmode: fast\n", tiny_config().string()) << body;
  return path;
}

TEST(OverridePaths, ListIndicesInRunAndInSweepsGiveTheSameConfig) {
  TempDir dir("override-paths");
  const auto sweep = write_sweep(dir,
                                 "set:\n"
                                 "  workload.phases.1.seq_len: 256\n"
                                 "  compare.3.recipe: w8a8\n"
                                 "axes:\n"
                                 "  compare.0.recipe: [w4a8-g64, w4a16-g32]\n"
                                 "  hardware.array.rows: [8, 16]\n");
  const auto points = expand_points(load_sweep_spec(sweep.string(), std::nullopt));
  ASSERT_EQ(points.size(), 4u);
  size_t i = 0;
  for (const std::string recipe : {"w4a8-g64", "w4a16-g32"})
    for (const std::string rows : {"8", "16"}) {
      // The sweep's `mode: fast` is every phase's mode with values off; tiny.yaml's prefill
      // (phase 1) is fast already.
      const sim::RunConfig from_run = sim::load_run_config(
          tiny_config().string(),
          {"workload.phases.0.mode=fast", "workload.phases.0.values=false",
           "workload.phases.1.seq_len=256", "compare.3.recipe=w8a8", "compare.0.recipe=" + recipe,
           "hardware.array.rows=" + rows});
      const sim::RunConfig from_sweep = sim::parse_run_config(
          points[i].config_yaml, "point.yaml", tiny_config().parent_path().string());
      SCOPED_TRACE(points[i].id);
      EXPECT_EQ(fingerprint(from_sweep), fingerprint(from_run));
      EXPECT_EQ(from_run.compare[0].recipe, recipe);  // the index reached the list item
      EXPECT_EQ(from_run.workload.phases[1].seq_len, 256);
      ++i;
    }
}

// The explanation after "key 'KEY': " is the shared setter's, in both (a sweep names the key
// with its section, "axes.KEY", when the file itself is checked).
std::string explanation(const std::string& message) {
  const auto key = message.find("key '");
  const auto end = key == std::string::npos ? key : message.find("': ", key);
  std::string text = end == std::string::npos ? message : message.substr(end + 3);
  return text.substr(0, text.find("; write keys like"));
}

TEST(OverridePaths, BadPathsGiveTheSameErrorInRunAndInSweeps) {
  struct Case {
    std::string key, value, expected;
  };
  const std::vector<Case> cases = {
      {"compare.9.recipe", "w8a8", "key 'compare.9.recipe': '9' indexes a list of 4 items; allowed indices: 0..3"},
      {"compare.first.recipe", "w8a8", "key 'compare.first.recipe': 'first' indexes a list of 4 items"},
      {"seed.value", "3", "key 'seed.value': 'seed' is a single value, not a map or list, so it has no 'value'"},
      {"workload..model", "x", "key 'workload..model': empty key segment"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    std::string from_run, from_sweep;
    try {
      sim::load_run_config(tiny_config().string(), {c.key + "=" + c.value});
    } catch (const sim::ConfigError& e) {
      from_run = e.what();
    }
    TempDir dir("override-errors");
    try {
      expand_points(load_sweep_spec(write_sweep(dir, "axes:\n  " + c.key + ": [" + c.value + "]\n").string(),
                                    std::nullopt));
    } catch (const SweepError& e) {
      from_sweep = e.what();
    }
    EXPECT_EQ(from_run.rfind("--set '" + c.key + "=" + c.value + "': ", 0), 0u) << from_run;
    EXPECT_NE(from_sweep.find("sweep.yaml:"), std::string::npos) << from_sweep;  // the axis entry
    EXPECT_NE(from_run.find(c.expected), std::string::npos) << from_run;
    EXPECT_EQ(explanation(from_run), explanation(from_sweep));
  }
}

TEST(OverridePaths, GemmListBaseWithoutPhasesTakesTheSweepModeAndAnAbsoluteFile) {
  TempDir dir("override-gemm-list");
  std::ofstream(dir.path / "list.csv") << "name,M,N,K\na,2,16,128\n";
  std::ofstream(dir.path / "base.yaml") << "hardware: {array: {rows: 8, cols: 8}}\n"
                                          "workload: {gemms_file: list.csv}\n"
                                          "compare: [mixpe]\n";
  std::ofstream(dir.path / "sweep.yaml") << "base: base.yaml\nmode: fast\naxes:\n  hardware.array.cols: [8, 16]\n";
  const auto points = expand_points(load_sweep_spec((dir.path / "sweep.yaml").string(), std::nullopt));
  ASSERT_EQ(points.size(), 2u);
  // Parsed from another folder: the point's gemms_file must not depend on where it runs.
  const sim::RunConfig c = sim::parse_run_config(points[1].config_yaml, "point.yaml", "/");
  ASSERT_EQ(c.workload.phases.size(), 1u);
  EXPECT_EQ(c.workload.phases[0].mode, sim::SimMode::Fast);
  EXPECT_FALSE(c.workload.phases[0].values);
  EXPECT_EQ(c.hardware.array.cols, 16);
  ASSERT_EQ(c.workload.gemm_list.size(), 1u);
  EXPECT_EQ(c.workload.gemm_list[0].n, 16);
}

}  // namespace
}  // namespace mixsim::sweep
