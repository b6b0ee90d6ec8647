// Bad configs: every error names file:line, the dotted key and what is allowed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "sim/config/config_suggest.hpp"
#include "tests/sim/config_test_support.hpp"

namespace mixsim::sim {
namespace {

using config_test::config_error;
using config_test::kValidConfig;
using config_test::line_of;
using config_test::replaced;
using ::testing::HasSubstr;

TEST(ConfigErrors, ValidConfigHasNoError) { EXPECT_EQ(config_error(kValidConfig), ""); }

TEST(ConfigErrors, UnknownTopLevelKeySuggestsNearest) {
  const std::string text = replaced(kValidConfig, "hardware:", "hardwre:");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "hardwre:"))));
  EXPECT_THAT(msg, HasSubstr("unknown key 'hardwre'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'hardware'?"));
  EXPECT_THAT(msg, HasSubstr("allowed keys here: seed, hardware, energy, workload, compare, mapper, normalization, output"));
}

TEST(ConfigErrors, UnknownNestedKeyNamesDottedPath) {
  const std::string text = replaced(kValidConfig, "    rows: 8", "    rwos: 8");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:5:", line_of(text, "rwos"))));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.array.rwos'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'rows'?"));
  EXPECT_THAT(msg, HasSubstr("rows, cols, dataflow"));
}

TEST(ConfigErrors, FarOffKeyGetsNoSuggestionButTheList) {
  const std::string msg = config_error(replaced(kValidConfig, "seed: 7", "zzzzzzzz: 7"));
  EXPECT_THAT(msg, HasSubstr("unknown key 'zzzzzzzz'"));
  EXPECT_THAT(msg, ::testing::Not(HasSubstr("did you mean")));
  EXPECT_THAT(msg, HasSubstr("allowed keys here:"));
}

TEST(ConfigErrors, WrongTypeForInteger) {
  const std::string text = replaced(kValidConfig, "cols: 8", "cols: eight");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "cols: eight"))));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.array.cols'"));
  EXPECT_THAT(msg, HasSubstr("expected an integer in [1, 4096], got 'eight'"));
}

TEST(ConfigErrors, ListWhereScalarExpected) {
  const std::string msg = config_error(replaced(kValidConfig, "rows: 8", "rows: [8, 8]"));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.array.rows'"));
  EXPECT_THAT(msg, HasSubstr("got a list"));
}

TEST(ConfigErrors, FractionalIntegerIsRejected) {
  EXPECT_THAT(config_error(replaced(kValidConfig, "rows: 8", "rows: 8.5")),
              HasSubstr("expected an integer in [1, 4096], got '8.5'"));
}

TEST(ConfigErrors, ZeroArrayIsOutOfRange) {
  EXPECT_THAT(config_error(replaced(kValidConfig, "rows: 8", "rows: 0")),
              HasSubstr("value 0 out of range"));
}

TEST(ConfigErrors, DataflowListsAllowedValues) {
  const std::string msg = config_error(
      replaced(kValidConfig, "dataflow: weight-stationary", "dataflow: weight-stationery"));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.array.dataflow'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'weight-stationary'?"));
  EXPECT_THAT(msg, HasSubstr("allowed values: weight-stationary, output-stationary"));
}

TEST(ConfigErrors, ZeroBandwidth) {
  const std::string text = replaced(kValidConfig, "bandwidth_gbps: 16", "bandwidth_gbps: 0");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "bandwidth_gbps: 0"))));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.dram.bandwidth_gbps'"));
  EXPECT_THAT(msg, HasSubstr("must be > 0"));
}

TEST(ConfigErrors, NegativeBandwidth) {
  EXPECT_THAT(config_error(replaced(kValidConfig, "bandwidth_gbps: 16", "bandwidth_gbps: -3.5")),
              HasSubstr("must be > 0, got -3.5"));
}

TEST(ConfigErrors, NonNumericBandwidth) {
  EXPECT_THAT(config_error(replaced(kValidConfig, "bandwidth_gbps: 16", "bandwidth_gbps: fast")),
              HasSubstr("expected a positive number, got 'fast'"));
}

TEST(ConfigErrors, BurstMustBePowerOfTwo) {
  EXPECT_THAT(config_error(replaced(kValidConfig, "burst_bytes: 64", "burst_bytes: 48")),
              HasSubstr("not a power of two"));
}

TEST(ConfigErrors, WeightBufferTooSmallForOneTile) {
  // 64x64 array of fp16 weights: 8 KiB per tile, 16 KiB double-buffered; 8 KiB cannot hold it.
  std::string text = replaced(kValidConfig, "rows: 8", "rows: 64");
  text = replaced(text, "cols: 8", "cols: 64");
  text = replaced(text, "weight: {capacity_kib: 64", "weight: {capacity_kib: 8");
  text = replaced(text, "  - {pe: int8-mac, recipe: w8a8}", "  - {pe: fp16-mac, recipe: fp16}");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "weight: {capacity_kib"))));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.buffers.weight'"));
  EXPECT_THAT(msg, HasSubstr("cannot hold one weight tile of a 64x64 array for PE 'fp16-mac'"));
  EXPECT_THAT(msg, HasSubstr("(8192 B, x2 for double buffering)"));
  EXPECT_THAT(msg, HasSubstr("allowed: capacity_kib >= 16"));
}

TEST(ConfigErrors, SameBufferFitsWithoutDoubleBuffering) {
  std::string text = replaced(kValidConfig, "rows: 8", "rows: 64");
  text = replaced(text, "cols: 8", "cols: 64");
  text = replaced(text, "weight: {capacity_kib: 64, banks: 4, ports: 1, width_bytes: 16, double_buffered: true}",
                  "weight: {capacity_kib: 8, banks: 4, ports: 1, width_bytes: 16, double_buffered: false}");
  text = replaced(text, "  - {pe: int8-mac, recipe: w8a8}", "  - {pe: fp16-mac, recipe: fp16}");
  EXPECT_EQ(config_error(text), "");
}

TEST(ConfigErrors, UnknownModelListsCatalogue) {
  const std::string text = replaced(kValidConfig, "model: llama2-7b", "model: llama2-7");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "model: llama2-7"))));
  EXPECT_THAT(msg, HasSubstr("key 'workload.model'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'llama2-7b'?"));
  EXPECT_THAT(msg, HasSubstr("llama2-13b"));
  EXPECT_THAT(msg, HasSubstr("mistral-7b"));
}

TEST(ConfigErrors, LayerBeyondModel) {
  const std::string msg = config_error(replaced(kValidConfig, "layers: [0]", "layers: [0, 32]"));
  EXPECT_THAT(msg, HasSubstr("key 'workload.layers[1]'"));
  EXPECT_THAT(msg, HasSubstr("layer 32 does not exist: llama2-7b has layers 0..31"));
}

TEST(ConfigErrors, UnknownGemmName) {
  const std::string msg =
      config_error(replaced(kValidConfig, "  layers: [0]", "  layers: [0]\n  gemms: [q_prj]"));
  EXPECT_THAT(msg, HasSubstr("key 'workload.gemms[0]'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'q_proj'?"));
}

TEST(ConfigErrors, PhaseNeedsItsLengthKey) {
  const std::string msg = config_error(replaced(
      kValidConfig, "{phase: decode, batch: 1, context: 128, mode: cycle}", "{phase: decode, batch: 1}"));
  EXPECT_THAT(msg, HasSubstr("key 'workload.phases[0]'"));
  EXPECT_THAT(msg, HasSubstr("missing required key 'context'"));
}

TEST(ConfigErrors, PrefillRejectsContext) {
  const std::string msg = config_error(replaced(kValidConfig, "{phase: decode, batch: 1, context: 128",
                                                "{phase: prefill, seq_len: 16, context: 128"));
  EXPECT_THAT(msg, HasSubstr("unknown key 'context'"));
  EXPECT_THAT(msg, HasSubstr("phase, batch, seq_len, mode, values"));
}

TEST(ConfigErrors, ValuesNeedCycleMode) {
  const std::string msg =
      config_error(replaced(kValidConfig, "mode: cycle}", "mode: fast, values: true}"));
  EXPECT_THAT(msg, HasSubstr("key 'workload.phases[0].values'"));
  EXPECT_THAT(msg, HasSubstr("values: true needs mode: cycle"));
}

TEST(ConfigErrors, UnknownPeSuggestsNearest) {
  const std::string text = replaced(kValidConfig, "pe: mixpe,", "pe: mixpee,");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "mixpee"))));
  EXPECT_THAT(msg, HasSubstr("key 'compare[0].pe'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'mixpe'?"));
  EXPECT_THAT(msg, HasSubstr("dequant-mac, fp16-mac, fp8-mac, int4-mac, int8-mac, lut-gemm, mixpe, "
                             "mx-fp4, nv-fp4, slim-mixed"));
}

TEST(ConfigErrors, RecipeThePeCannotRun) {
  const std::string msg = config_error(replaced(kValidConfig, "recipe: w8a8", "recipe: w4a8-g128"));
  EXPECT_THAT(msg, HasSubstr("key 'compare[1].recipe'"));
  EXPECT_THAT(msg, HasSubstr("PE 'int8-mac' cannot run recipe 'w4a8-g128'"));
  EXPECT_THAT(msg, HasSubstr("allowed recipes for it: w8a8"));
}

TEST(ConfigErrors, UnknownRecipeNamesKnownOnes) {
  const std::string msg = config_error(replaced(kValidConfig, "recipe: w4a8-g128", "recipe: w4a9"));
  EXPECT_THAT(msg, HasSubstr("key 'compare[0].recipe'"));
  EXPECT_THAT(msg, HasSubstr("w4a9"));
  EXPECT_THAT(msg, HasSubstr("w4a16-g128"));  // parse_recipe lists the known recipes
}

TEST(ConfigErrors, ContextNotMultipleOfGroup) {
  const std::string text = replaced(kValidConfig, "context: 128", "context: 100");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "context: 100"))));
  EXPECT_THAT(msg, HasSubstr("key 'workload.phases[0]'"));
  EXPECT_THAT(msg, HasSubstr("GEMM attn_pv has K = 100, not a multiple of the group size 128"));
}

TEST(ConfigErrors, DuplicatePe) {
  EXPECT_THAT(config_error(replaced(kValidConfig, "pe: int8-mac, recipe: w8a8", "pe: mixpe")),
              HasSubstr("PE 'mixpe' is listed twice"));
}

TEST(ConfigErrors, MissingWorkload) {
  const std::string text = replaced(kValidConfig, "workload:", "workloads:");
  EXPECT_THAT(config_error(text), HasSubstr("did you mean 'workload'?"));
}

TEST(ConfigErrors, YamlSyntaxErrorHasLine) {
  const std::string text = replaced(kValidConfig, "    cols: 8", "    cols: [8");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr("test.yaml:"));
  EXPECT_THAT(msg, HasSubstr("YAML syntax error"));
}

TEST(ConfigErrors, EmptyConfig) {
  EXPECT_THAT(config_error(""), HasSubstr("the config is empty"));
}

TEST(ConfigErrors, MissingFileIsNamed) {
  try {
    load_run_config("/nonexistent/dir/none.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("/nonexistent/dir/none.yaml: cannot open"));
  }
}

TEST(ConfigErrors, TechnologyNodeWithoutScale) {
  const std::string msg =
      config_error(replaced(kValidConfig, "technology_node: 45nm", "technology_node: 7nm"));
  EXPECT_THAT(msg, HasSubstr("hardware.technology_node is '7nm'"));
  EXPECT_THAT(msg, HasSubstr("node_scale"));
}

TEST(ConfigErrors, BadOverrideKeySuggests) {
  const std::string msg = config_error(kValidConfig, {"hardware.aray.rows=4"});
  EXPECT_THAT(msg, HasSubstr("unknown key 'aray'"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'array'?"));
}

TEST(ConfigErrors, MalformedOverride) {
  EXPECT_THAT(config_error(kValidConfig, {"hardware.array.rows"}),
              HasSubstr("expected dotted.key=value"));
}

TEST(EditDistance, KnownDistances) {
  EXPECT_EQ(edit_distance("", ""), 0);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(edit_distance("rows", "rwos"), 2);
  EXPECT_EQ(edit_distance("abc", ""), 3);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2);
}

TEST(EditDistance, NearestNameOnlyWhenClose) {
  EXPECT_EQ(nearest_name("colz", {"rows", "cols"}).value_or("-"), "cols");
  EXPECT_FALSE(nearest_name("bandwidth", {"rows", "cols"}).has_value());
}

}  // namespace
}  // namespace mixsim::sim
