// The block-scaled FP4 PE types (mx-fp4, nv-fp4) through the cycle model: Y equals the golden
// block-scaled GEMM bit for bit on randomized GEMMs (seeds printed), both dataflows, partial
// tiles; and a PE/recipe mismatch is an error naming what the PE runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "models/recipe.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/config_test_support.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

struct Case {
  int64_t m, n, k;
  int rows, cols;
  Dataflow dataflow;
};

TEST(Fp4PeValues, CycleModelEqualsGoldenBitForBit) {
  const Case cases[] = {{1, 40, 256, 16, 8, Dataflow::WeightStationary},
                        {7, 24, 128, 32, 16, Dataflow::OutputStationary},
                        {37, 33, 256, 8, 8, Dataflow::WeightStationary},
                        {16, 16, 512, 32, 32, Dataflow::OutputStationary}};
  for (const auto& [pe, recipe] : {std::pair{"mx-fp4", "mxfp4"}, std::pair{"nv-fp4", "nvfp4"}}) {
    uint32_t seed = 9100;
    for (const Case& c : cases) {
      ++seed;
      std::printf("pe=%s m=%lld n=%lld k=%lld array=%dx%d seed=%u\n", pe, static_cast<long long>(c.m),
                  static_cast<long long>(c.n), static_cast<long long>(c.k), c.rows, c.cols, seed);
      const MatrixF32 x = testing::outlier_matrix(c.m, c.k, 1.0f, seed);
      const MatrixF32 w = testing::outlier_matrix(c.n, c.k, 0.02f, seed * 7 + 1);
      const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
      const MatrixF32 golden = golden_gemm(ops);
      HardwareConfig hw = testing::small_hardware(c.rows, c.cols);
      hw.array.dataflow = c.dataflow;
      GemmJob job;
      job.name = "fp4";
      job.m = c.m, job.n = c.n, job.k = c.k;
      job.pe_type = pe;
      job.recipe = recipe;
      job.operands = &ops;
      const GemmSimResult r = simulate_gemm(hw, default_energy_table(), job, SimMode::Cycle);
      ASSERT_TRUE(r.values.has_value());
      int64_t mismatches = 0, nonzero = 0;
      for (size_t i = 0; i < golden.size(); ++i) {
        mismatches += std::memcmp(&golden.storage()[i], &r.values->storage()[i], sizeof(float)) != 0;
        nonzero += golden.storage()[i] != 0.0f;
      }
      EXPECT_EQ(mismatches, 0) << pe << " seed " << seed;
      EXPECT_GT(nonzero, 0);
      EXPECT_EQ(r.counters.at("macs"), c.m * c.n * c.k);
    }
  }
}

TEST(Fp4PeValues, RecipeMismatchNamesWhatThePeRuns) {
  try {
    find_pe_type("mx-fp4").traits("nvfp4", 256);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("PE type mx-fp4 does not run recipe nvfp4; it runs mxfp4"));
  }
  const std::string msg = config_test::config_error(config_test::replaced(
      config_test::kValidConfig, "  - {pe: mixpe, recipe: w4a8-g128}", "  - {pe: nv-fp4, recipe: w4a8-g128}"));
  EXPECT_THAT(msg, ::testing::HasSubstr("key 'compare[0].recipe'"));
  EXPECT_THAT(msg, ::testing::HasSubstr("allowed recipes for it: nvfp4"));
}

}  // namespace
}  // namespace mixsim::sim
