// Valid configs: the shipped default, overrides, energy tables and node scaling load to the
// values they spell out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "models/energy_table.hpp"
#include "sim/config/config_energy.hpp"
#include "tests/sim/config_test_support.hpp"

namespace mixsim::sim {
namespace {

using config_test::config_error;
using config_test::kValidConfig;
using config_test::replaced;
using ::testing::HasSubstr;

std::filesystem::path source_dir() {
  if (const char* env = std::getenv("MIXSIM_SOURCE_DIR")) return env;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("mixsim_config_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(ConfigLoader, ShippedDefaultIsTheIssueScenario) {
  const RunConfig c = load_run_config((source_dir() / "configs/default.yaml").string());
  EXPECT_EQ(c.hardware.array.rows, 32);
  EXPECT_EQ(c.hardware.array.cols, 32);
  EXPECT_EQ(c.hardware.clock_ghz, 1.0);
  EXPECT_GT(c.hardware.dram.bandwidth_gbps, 0.0);
  EXPECT_EQ(c.workload.model, "llama2-7b");
  ASSERT_EQ(c.workload.phases.size(), 2u);
  EXPECT_EQ(c.workload.phases[0].phase, "decode");
  EXPECT_EQ(c.workload.phases[0].batch, 1);
  EXPECT_EQ(c.workload.phases[0].context, 2048);
  EXPECT_EQ(c.workload.phases[0].mode, SimMode::Cycle);
  EXPECT_TRUE(c.workload.phases[0].values);
  EXPECT_EQ(c.workload.phases[1].phase, "prefill");
  EXPECT_EQ(c.workload.phases[1].seq_len, 512);
  EXPECT_EQ(c.workload.phases[1].mode, SimMode::Fast);
  EXPECT_FALSE(c.workload.phases[1].values);
  ASSERT_EQ(c.compare.size(), 4u);
  EXPECT_EQ(c.compare[0].pe, "mixpe");
  std::vector<std::string> pes;
  for (const auto& p : c.compare) pes.push_back(p.pe);
  std::sort(pes.begin(), pes.end());
  EXPECT_EQ(pes, (std::vector<std::string>{"dequant-mac", "fp16-mac", "int8-mac", "mixpe"}));
  EXPECT_THAT(c.energy_table_file, HasSubstr("configs/energy/45nm.yaml"));
}

// The shipped 45 nm YAML and the built-in table of models/ must not drift apart.
TEST(ConfigLoader, ShippedEnergyTableEqualsBuiltInDefault) {
  const EnergyTable file = load_energy_table_file((source_dir() / "configs/energy/45nm.yaml").string());
  const EnergyTable builtin = default_energy_table();
  ASSERT_EQ(file.actions.size(), builtin.actions.size());
  for (const auto& [name, entry] : builtin.actions) {
    SCOPED_TRACE(name);
    ASSERT_EQ(file.actions.count(name), 1u);
    EXPECT_NEAR(file.actions.at(name).picojoules, entry.picojoules, 1e-12);
    EXPECT_FALSE(file.actions.at(name).source.empty());
  }
  EXPECT_EQ(file.leakage_pj_per_pe_cycle, builtin.leakage_pj_per_pe_cycle);
  EXPECT_EQ(file.node, "45nm");
}

TEST(ConfigLoader, ValidConfigValues) {
  const RunConfig c = parse_run_config(kValidConfig, "test.yaml", ".");
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.hardware.array.rows, 8);
  EXPECT_EQ(c.hardware.dram.bandwidth_gbps, 16.0);
  EXPECT_EQ(c.hardware.dram.latency_ns, 50.0);
  EXPECT_EQ(c.hardware.weight_buffer.capacity_bytes, 64 * 1024);
  EXPECT_EQ(c.hardware.activation_buffer.banks, 4);
  EXPECT_TRUE(c.hardware.output_buffer.double_buffered);
  EXPECT_EQ(c.compare[1].recipe, "w8a8");
  EXPECT_EQ(c.output.dir, "results");
  EXPECT_EQ(c.config_file, "test.yaml");
}

TEST(ConfigLoader, OverridesReplaceAndAddKeys) {
  const RunConfig c = parse_run_config(
      kValidConfig, "test.yaml", ".",
      {"hardware.array.rows=16", "hardware.dram.bandwidth_gbps=8.5", "output.dir=elsewhere"});
  EXPECT_EQ(c.hardware.array.rows, 16);
  EXPECT_EQ(c.hardware.array.cols, 8);  // untouched sibling
  EXPECT_EQ(c.hardware.dram.bandwidth_gbps, 8.5);
  EXPECT_EQ(c.output.dir, "elsewhere");
}

TEST(ConfigLoader, OverrideValuesAreValidatedLikeFileValues) {
  EXPECT_THAT(config_error(kValidConfig, {"hardware.dram.bandwidth_gbps=0"}),
              HasSubstr("must be > 0"));
}

TEST(ConfigLoader, PeShorthandUsesDefaultRecipe) {
  const RunConfig c = parse_run_config(
      replaced(kValidConfig, "  - {pe: mixpe, recipe: w4a8-g128}", "  - mixpe"), "t.yaml", ".");
  EXPECT_EQ(c.compare[0].pe, "mixpe");
  EXPECT_EQ(c.compare[0].recipe, "w4a8-g128");
}

TEST(ConfigLoader, PhaseDefaults) {
  const RunConfig c = parse_run_config(
      replaced(kValidConfig, "{phase: decode, batch: 1, context: 128, mode: cycle}",
               "{phase: prefill, seq_len: 256, mode: fast}"),
      "t.yaml", ".");
  EXPECT_EQ(c.workload.phases[0].batch, 1);
  EXPECT_EQ(c.workload.phases[0].seq_len, 256);
  EXPECT_FALSE(c.workload.phases[0].values);  // fast mode computes no values
}

TEST(ConfigEnergy, InlineOverridesWithAndWithoutSource) {
  const std::string text = std::string(kValidConfig) +
                           "energy:\n  overrides:\n    mul_fp16: 2.0\n"
                           "    add_fp32: {pj: 0.5, source: \"my measurement\"}\n";
  const RunConfig c = parse_run_config(text, "t.yaml", ".");
  EXPECT_EQ(c.energy.energy_of("mul_fp16"), 2.0);
  EXPECT_THAT(c.energy.actions.at("mul_fp16").source, HasSubstr("config override (t.yaml:"));
  EXPECT_EQ(c.energy.energy_of("add_fp32"), 0.5);
  EXPECT_EQ(c.energy.actions.at("add_fp32").source, "my measurement");
  EXPECT_EQ(c.energy.energy_of("mul_int8"), default_energy_table().energy_of("mul_int8"));
}

TEST(ConfigEnergy, UnknownOverrideActionSuggests) {
  const std::string text = std::string(kValidConfig) + "energy:\n  overrides:\n    mul_fp61: 2.0\n";
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr("key 'energy.overrides.mul_fp61'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'mul_fp16'?"));
}

TEST(ConfigEnergy, NodeScalingAppliesFactor) {
  std::string text = replaced(kValidConfig, "technology_node: 45nm", "technology_node: 7nm");
  text += "energy:\n  node_scale: 0.25\n  node_scale_source: \"test factor\"\n";
  const RunConfig c = parse_run_config(text, "t.yaml", ".");
  EXPECT_EQ(c.energy.node, "7nm");
  EXPECT_EQ(c.energy.scale_from_45nm, 0.25);
  for (const auto& [name, entry] : default_energy_table().actions)
    EXPECT_DOUBLE_EQ(c.energy.energy_of(name), 0.25 * entry.picojoules) << name;
  EXPECT_THAT(c.energy.actions.at("mul_fp16").source, HasSubstr("test factor"));
}

TEST(ConfigEnergy, ScaleOnSameNodeMustBeOne) {
  const std::string text = std::string(kValidConfig) + "energy:\n  node_scale: 0.5\n";
  EXPECT_THAT(config_error(text), HasSubstr("node_scale must be 1 or absent"));
}

TEST(ConfigEnergy, TableFileRelativeToConfigAndChecked) {
  const auto dir = temp_dir("energy");
  write_file(dir / "table.yaml",
             "node: 45nm\nactions:\n  mul_fp16: {pj: 9.0, source: \"test\"}\n"
             "  add_fp16: {pj: 1.0}\n");
  write_file(dir / "run.yaml", std::string(kValidConfig) + "energy:\n  table: table.yaml\n");
  try {
    load_run_config((dir / "run.yaml").string());
    FAIL() << "expected a ConfigError for the missing source";
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    EXPECT_THAT(msg, HasSubstr((dir / "table.yaml").string() + ":4:"));
    EXPECT_THAT(msg, HasSubstr("key 'actions.add_fp16'"));
    EXPECT_THAT(msg, HasSubstr("missing required key 'source'"));
  }
  write_file(dir / "table.yaml", "node: 45nm\nactions:\n  mul_fp16: {pj: 9.0, source: \"test\"}\n");
  const RunConfig c = load_run_config((dir / "run.yaml").string());
  EXPECT_EQ(c.energy.energy_of("mul_fp16"), 9.0);
  EXPECT_EQ(c.energy.energy_of("mul_int8"), default_energy_table().energy_of("mul_int8"));
  std::filesystem::remove_all(dir);
}

TEST(ConfigEnergy, TableFileUnknownActionSuggests) {
  const auto dir = temp_dir("energy_unknown");
  write_file(dir / "table.yaml", "node: 45nm\nactions:\n  mul_fp15: {pj: 9.0, source: \"t\"}\n");
  write_file(dir / "run.yaml", std::string(kValidConfig) + "energy:\n  table: table.yaml\n");
  try {
    load_run_config((dir / "run.yaml").string());
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("unknown energy action 'mul_fp15'"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("did you mean 'mul_fp16'?"));
  }
  std::filesystem::remove_all(dir);
}

TEST(ConfigEnergy, MissingTableFileNamed) {
  const std::string text = std::string(kValidConfig) + "energy:\n  table: nowhere/none.yaml\n";
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr("key 'energy.table'"));
  EXPECT_THAT(msg, HasSubstr("nowhere/none.yaml' does not exist"));
}

}  // namespace
}  // namespace mixsim::sim
