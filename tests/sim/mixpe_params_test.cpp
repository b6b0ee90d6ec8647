// The parameterized MixPE through the simulator and the config: for every parameter point
// (weight_bits 2/3/4 x int8/fp16/bf16/fp8-e4m3 x symmetric/asymmetric x group), the cycle model's
// Y equals the PE datapath model (models/pe/mixpe_params.hpp) bit for bit on int8 activations
// and is within the FP32 tolerance of the FP64 reference on float activations (a float path:
// the array adds K-tile column sums); `pe: {type: mixpe, ...}` in a
// compare entry parses to that point, and out-of-range values or a PE/recipe mismatch are
// errors naming file:line, the key and the allowed values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "models/pe/mixpe_params.hpp"
#include "models/recipe.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/config_test_support.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

using ::testing::HasSubstr;

struct Shape {
  int64_t m, n, k;
  int rows, cols;
  Dataflow dataflow;
};

TEST(MixPeParamsSim, CycleModelEqualsDatapathModelForEveryParameterPoint) {
  const Shape shapes[] = {{3, 20, 256, 16, 8, Dataflow::WeightStationary},
                          {9, 12, 512, 8, 8, Dataflow::OutputStationary}};
  uint32_t seed = 3030;
  int points = 0;
  int64_t float_outputs = 0, float_differ = 0;
  for (int bits : pe::mixpe_allowed_weight_bits())
    for (const std::string act : {"int8", "fp16", "bf16", "fp8-e4m3"})
      for (bool sym : {true, false})
        for (int group : {32, 64, 256}) {
          const pe::MixPeParams p = pe::resolve_mixpe_params({bits, act, group, 0, sym});
          for (const Shape& s : shapes) {
            ++seed;
            const std::string recipe = pe::mixpe_recipe_name(p);
            std::printf("%s recipe=%s m=%lld n=%lld k=%lld seed=%u\n", pe::mixpe_label(p).c_str(),
                        recipe.c_str(), static_cast<long long>(s.m), static_cast<long long>(s.n),
                        static_cast<long long>(s.k), seed);
            const MatrixF32 x = testing::outlier_matrix(s.m, s.k, 1.0f, seed);
            const MatrixF32 w = testing::outlier_matrix(s.n, s.k, 0.02f, seed * 7 + 1);
            const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
            const MatrixF32 model = pe::golden_gemm_mixpe(p, ops);
            HardwareConfig hw = testing::small_hardware(s.rows, s.cols);
            hw.array.dataflow = s.dataflow;
            GemmJob job;
            job.name = "param-point";
            job.m = s.m, job.n = s.n, job.k = s.k;
            job.pe_type = "mixpe";
            job.recipe = recipe;
            job.operands = &ops;
            const GemmSimResult r = simulate_gemm(hw, default_energy_table(), job, SimMode::Cycle);
            ASSERT_TRUE(r.values.has_value());
            int64_t mismatches = 0;
            for (size_t i = 0; i < model.size(); ++i)
              mismatches += std::memcmp(&model.storage()[i], &r.values->storage()[i], sizeof(float)) != 0;
            if (act == "int8") {
              EXPECT_EQ(mismatches, 0) << pe::mixpe_label(p) << " seed " << seed;
            } else {
              // Float activations: the array adds K-tile column sums to the group accumulator, so
              // it is held to the FP32 tolerance (and counted against golden).
              const MatrixF64 ref = reference_gemm_f64(ops);
              double num = 0, den = 0;
              for (size_t i = 0; i < ref.size(); ++i) {
                const double d = r.values->storage()[i] - ref.storage()[i];
                num += d * d;
                den += ref.storage()[i] * ref.storage()[i];
              }
              std::printf("  rel. Frobenius error %.3g, %lld outputs differ from golden\n",
                          std::sqrt(num / den), static_cast<long long>(mismatches));
              EXPECT_LE(std::sqrt(num / den), 1e-5 * std::sqrt(s.k / 128.0)) << pe::mixpe_label(p);
              EXPECT_GT(den, 0.0);
              float_outputs += static_cast<int64_t>(model.size());
              float_differ += mismatches;
            }
            EXPECT_EQ(r.counters.at("macs"), s.m * s.n * s.k);
          }
          ++points;
        }
  EXPECT_EQ(points, 72);
  std::printf("float-activation points: %lld of %lld outputs differ from golden in some bit\n",
              static_cast<long long>(float_differ), static_cast<long long>(float_outputs));
}

std::string with_compare(const std::string& first_entry) {
  return config_test::replaced(config_test::kValidConfig, "  - {pe: mixpe, recipe: w4a8-g128}",
                               "  - " + first_entry);
}

TEST(MixPeParamsConfig, ParameterMapSelectsTheRecipeAndResolvesTheAccumulator) {
  const RunConfig c = parse_run_config(
      with_compare("{pe: {type: mixpe, weight_bits: 3, activation: int8, group: 64, symmetric: false}}"),
      "test.yaml", ".", {});
  ASSERT_TRUE(c.compare[0].mixpe.has_value());
  EXPECT_EQ(c.compare[0].pe, "mixpe");
  EXPECT_EQ(c.compare[0].recipe, "w3a8-g64-asym");
  EXPECT_EQ(c.compare[0].mixpe->accumulator_bits, 17);
  const RunConfig d = parse_run_config(
      with_compare("{pe: {type: mixpe, weight_bits: 2, activation: fp16, group: 32}}"), "test.yaml", ".", {});
  EXPECT_EQ(d.compare[0].recipe, "w2a16-g32");
  const RunConfig b = parse_run_config(
      with_compare("{pe: {type: mixpe, weight_bits: 4, activation: bf16, group: 128}}"), "test.yaml", ".", {});
  EXPECT_EQ(b.compare[0].recipe, "w4abf16-g128");
  EXPECT_EQ(b.compare[0].mixpe->accumulator_bits, 32);
  const RunConfig f = parse_run_config(
      with_compare("{pe: {type: mixpe, weight_bits: 3, activation: fp8-e4m3, group: 32, symmetric: false}}"),
      "test.yaml", ".", {});
  EXPECT_EQ(f.compare[0].recipe, "w3afp8-g32-asym");
  const RunConfig e = parse_run_config(
      with_compare("{pe: {type: mixpe, weight_bits: 4, group: 128, accumulator_bits: 24}, recipe: w4a8-g128-intscale}"),
      "test.yaml", ".", {});
  EXPECT_EQ(e.compare[0].recipe, "w4a8-g128-intscale");
  EXPECT_EQ(e.compare[0].mixpe->accumulator_bits, 24);
  EXPECT_FALSE(e.compare[1].mixpe.has_value());
}

TEST(MixPeParamsConfig, OutOfRangeValuesAndMismatchesNameKeyAndAllowedValues) {
  const std::string bits = config_test::config_error(with_compare("{pe: {type: mixpe, weight_bits: 5}}"));
  EXPECT_THAT(bits, HasSubstr("test.yaml:"));
  EXPECT_THAT(bits, HasSubstr("key 'compare[0].pe.weight_bits'"));
  EXPECT_THAT(bits, HasSubstr("allowed values: 2, 3, 4"));
  const std::string group = config_test::config_error(with_compare("{pe: {type: mixpe, group: 48}}"));
  EXPECT_THAT(group, HasSubstr("key 'compare[0].pe.group'"));
  EXPECT_THAT(group, HasSubstr("allowed values: 32, 64, 128, 256"));
  const std::string act = config_test::config_error(with_compare("{pe: {type: mixpe, activation: fp8-e5m2}}"));
  EXPECT_THAT(act, HasSubstr("key 'compare[0].pe.activation'"));
  EXPECT_THAT(act, HasSubstr("allowed values: int8, fp16, bf16, fp8-e4m3"));
  const std::string float_mismatch = config_test::config_error(
      with_compare("{pe: {type: mixpe, activation: bf16}, recipe: w4a16-g128}"));
  EXPECT_THAT(float_mismatch, HasSubstr("key 'compare[0].recipe'"));
  EXPECT_THAT(float_mismatch, HasSubstr("allowed recipes: w4abf16-g128"));
  const std::string acc = config_test::config_error(
      with_compare("{pe: {type: mixpe, weight_bits: 2, group: 32, accumulator_bits: 12}}"));
  EXPECT_THAT(acc, HasSubstr("key 'compare[0].pe.accumulator_bits'"));
  EXPECT_THAT(acc, HasSubstr("allowed: 15..32"));
  const std::string type = config_test::config_error(with_compare("{pe: {type: mixpee}}"));
  EXPECT_THAT(type, HasSubstr("key 'compare[0].pe.type'"));
  EXPECT_THAT(type, HasSubstr("allowed values: mixpe"));
  const std::string key = config_test::config_error(with_compare("{pe: {type: mixpe, wieght_bits: 2}}"));
  EXPECT_THAT(key, HasSubstr("unknown key 'wieght_bits'"));
  const std::string mismatch = config_test::config_error(
      with_compare("{pe: {type: mixpe, weight_bits: 3, group: 64}, recipe: w4a8-g64}"));
  EXPECT_THAT(mismatch, HasSubstr("key 'compare[0].recipe'"));
  EXPECT_THAT(mismatch, HasSubstr("allowed recipes: w3a8-g64, w3a8-g64-intscale"));
}

}  // namespace
}  // namespace mixsim::sim
