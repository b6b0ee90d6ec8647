// A GEMM-list workload (workload.gemms_file) runs the same simulation as the catalogue model
// whose shapes it lists: cycles, counters and energy equal GEMM for GEMM, in cycle mode (with
// the list's own synthetic operands, checked against models/) and in fast mode. Bad lists fail
// at config time naming the CSV's line and column and the config key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "sim/config/config_loader.hpp"
#include "sim/run/run_job.hpp"
#include "tests/sim/config_test_support.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct TempFolder {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("mixsim-gemm-list-" + std::to_string(::getpid()));
  TempFolder() { std::filesystem::create_directories(path); }
  ~TempFolder() { std::filesystem::remove_all(path); }
};

// The catalogue config: LLaMA-2-7B layer 0 decode; attention in cycle mode with values, the
// whole layer in fast mode.
std::string catalogue_config() {
  std::string text = config_test::replaced(
      config_test::kValidConfig, "    - {phase: decode, batch: 1, context: 128, mode: cycle}",
      "    - {phase: decode, batch: 1, context: 128, mode: fast}");
  return text;
}

// The same shapes as a CSV, taken from the catalogue (not typed in).
std::string csv_of(const std::vector<workloads::GemmShape>& gemms) {
  std::string csv = "name, M, N, K, count\n";
  for (const auto& g : gemms) csv += fmt::format("{}, {}, {}, {}, {}\n", g.name, g.m, g.n, g.k, g.count);
  return csv;
}

std::string list_config(const std::string& csv_path, const std::string& phases) {
  return config_test::replaced(
      config_test::replaced(catalogue_config(), "  model: llama2-7b\n  layers: [0]\n",
                            "  gemms_file: " + csv_path + "\n"),
      "    - {phase: decode, batch: 1, context: 128, mode: fast}", phases);
}

void expect_same_simulation(const Results& catalogue, const Results& list) {
  ASSERT_EQ(catalogue.runs.size(), list.runs.size());
  int compared = 0;
  for (size_t r = 0; r < catalogue.runs.size(); ++r) {
    const RunRecord &a = catalogue.runs[r], &b = list.runs[r];
    EXPECT_EQ(a.pe, b.pe);
    ASSERT_EQ(a.gemms.size(), b.gemms.size());
    for (size_t g = 0; g < a.gemms.size(); ++g) {
      SCOPED_TRACE(a.pe + " " + a.gemms[g].name);
      EXPECT_EQ(a.gemms[g].name, b.gemms[g].name);
      EXPECT_EQ(a.gemms[g].cycles, b.gemms[g].cycles);
      EXPECT_EQ(a.gemms[g].counters, b.gemms[g].counters);
      EXPECT_EQ(a.gemms[g].energy_pj, b.gemms[g].energy_pj);
      EXPECT_EQ(a.gemms[g].mapping, b.gemms[g].mapping);
      ++compared;
    }
    EXPECT_EQ(a.totals.cycles, b.totals.cycles);
  }
  EXPECT_GT(compared, 0);
}

TEST(GemmListRun, EqualsTheCatalogueRunCycleForCycleInFastMode) {
  TempFolder dir;
  const RunConfig catalogue = parse_run_config(catalogue_config(), "catalogue.yaml", ".");
  workloads::PhaseSpec spec;
  spec.context = 128;
  const auto gemms = workloads::expand_layer_gemms(workloads::find_model("llama2-7b"), spec, 0);
  ASSERT_EQ(gemms.size(), 9u);
  std::ofstream(dir.path / "layer0.csv") << csv_of(gemms);
  const RunConfig list = parse_run_config(
      list_config("layer0.csv", "    - {phase: decode, mode: fast}"), "list.yaml", dir.path.string());
  ASSERT_EQ(list.workload.gemm_list.size(), gemms.size());
  expect_same_simulation(run_job(catalogue).results, run_job(list).results);
}

TEST(GemmListRun, EqualsTheCatalogueRunCycleForCycleInCycleModeWithValues) {
  TempFolder dir;
  std::string text = config_test::replaced(catalogue_config(), "  layers: [0]",
                                           "  layers: [0]\n  gemms: [attn_qk, attn_pv]");
  text = config_test::replaced(text, "context: 128, mode: fast}", "context: 128, mode: cycle}");
  const RunConfig catalogue = parse_run_config(text, "catalogue.yaml", ".");
  workloads::PhaseSpec spec;
  spec.context = 128;
  std::vector<workloads::GemmShape> attention;
  for (const auto& g : workloads::expand_layer_gemms(workloads::find_model("llama2-7b"), spec, 0))
    if (g.name == "layer0.attn_qk" || g.name == "layer0.attn_pv") attention.push_back(g);
  ASSERT_EQ(attention.size(), 2u);
  std::ofstream(dir.path / "attention.csv") << csv_of(attention);
  const RunConfig list = parse_run_config(list_config("attention.csv", "    - {phase: decode}"),
                                          "list.yaml", dir.path.string());
  ASSERT_TRUE(list.workload.phases[0].values);  // cycle mode with values is the default
  const RunOutcome a = run_job(catalogue), b = run_job(list);
  EXPECT_TRUE(a.failed_checks.empty());
  EXPECT_TRUE(b.failed_checks.empty());
  for (const auto& run : b.results.runs)
    for (const auto& g : run.gemms) EXPECT_TRUE(g.check.has_value() && g.check->passed) << run.pe << g.name;
  expect_same_simulation(a.results, b.results);
  EXPECT_EQ(b.results.model, "attention.csv");
  EXPECT_TRUE(b.results.layers.empty());
}

TEST(GemmListRun, BadListsFailAtConfigTimeNamingLineColumnAndKey) {
  TempFolder dir;
  struct Case {
    std::string csv, expected;
  };
  const std::vector<Case> cases = {
      {"name,M,N\na,1,8\n", "bad.csv:1:1: missing column 'K'"},
      {"name,M,N,K\na,1,8,12x\n", "bad.csv:2:7: column 'K': '12x' is not an integer"},
      {"name,M,N,K\na,0,8,128\n", "bad.csv:2:3: column 'M': 0 is out of range"},
      {"name,M,N,K\na,1,8,128\na,2,8,128\n", "bad.csv:3:1: column 'name': duplicate name 'a'"},
      {"name,M,N,K\na,1,8,128\nb,1,8,96\n", "bad.csv:3: column 'K': GEMM 'b' has K = 96, not a multiple of the group size 128"},
  };
  const std::string text = list_config("bad.csv", "    - {phase: decode, mode: fast}");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.csv);
    std::ofstream(dir.path / "bad.csv") << c.csv;
    try {
      parse_run_config(text, "list.yaml", dir.path.string());
      ADD_FAILURE() << "accepted";
    } catch (const ConfigError& e) {
      EXPECT_THAT(std::string(e.what()), StartsWith((dir.path / c.expected).string()));
      EXPECT_THAT(std::string(e.what()), HasSubstr(fmt::format("(the GEMM list of list.yaml:{}:", config_test::line_of(text, "gemms_file"))));
      EXPECT_THAT(std::string(e.what()), HasSubstr("key 'workload.gemms_file'"));
    }
  }
}

TEST(GemmListRun, PhaseKeysOfTheCatalogueAreRejected) {
  const std::string msg = config_test::config_error(
      list_config("x.csv", "    - {phase: decode, context: 128}"));
  // The file is read first; a missing one names it.
  EXPECT_THAT(msg, HasSubstr("x.csv: cannot open the GEMM list file"));
  TempFolder dir;
  std::ofstream(dir.path / "ok.csv") << "name,M,N,K\na,1,8,128\n";
  try {
    parse_run_config(list_config("ok.csv", "    - {phase: decode, context: 128}"), "list.yaml", dir.path.string());
    ADD_FAILURE() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("unknown key 'context'"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("phase, mode, values"));
  }
  try {
    parse_run_config(config_test::replaced(list_config("ok.csv", "    - {mode: fast}"), "  gemms_file:",
                                           "  model: llama2-7b\n  gemms_file:"),
                     "list.yaml", dir.path.string());
    ADD_FAILURE() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("unknown key 'model'"));
  }
}

}  // namespace
}  // namespace mixsim::sim
