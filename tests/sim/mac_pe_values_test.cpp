// The int4-mac (W4A4), fp8-mac, slim-mixed and lut-gemm PE types through the cycle model: Y
// equals golden_gemm bit for bit on the integer paths and is within the FP32 tolerance of the
// FP64 reference on fp8-mac's float path, on randomized GEMMs (seeds printed), both dataflows,
// partial tiles; recipe mismatches are errors naming what each PE runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "models/recipe.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

struct Case {
  int64_t m, n, k;
  int rows, cols;
  Dataflow dataflow;
};

TEST(MacPeValues, Int4MacAndFp8MacEqualGoldenBitForBit) {
  const Case cases[] = {{1, 40, 256, 16, 8, Dataflow::WeightStationary},
                        {7, 24, 128, 32, 16, Dataflow::OutputStationary},
                        {37, 33, 256, 8, 8, Dataflow::WeightStationary},
                        {16, 16, 512, 32, 32, Dataflow::OutputStationary}};
  for (const auto& [pe, recipe] : {std::pair{"int4-mac", "w4a4-g128"}, std::pair{"int4-mac", "w4a4-g32-asym"},
                                   std::pair{"fp8-mac", "fp8-e4m3"}, std::pair{"fp8-mac", "fp8-e5m2"},
                                   std::pair{"slim-mixed", "slim-w3a8-g32"},
                                   std::pair{"slim-mixed", "slim-w3a8-g128"},
                                   std::pair{"lut-gemm", "lut-w3a8-g32"},
                                   std::pair{"lut-gemm", "lut-w3a8-g128"}}) {
    uint32_t seed = 7300;
    for (const Case& c : cases) {
      ++seed;
      std::printf("pe=%s recipe=%s m=%lld n=%lld k=%lld array=%dx%d seed=%u\n", pe, recipe,
                  static_cast<long long>(c.m), static_cast<long long>(c.n), static_cast<long long>(c.k),
                  c.rows, c.cols, seed);
      const MatrixF32 x = testing::outlier_matrix(c.m, c.k, 1.0f, seed);
      const MatrixF32 w = testing::outlier_matrix(c.n, c.k, 0.02f, seed * 7 + 1);
      const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
      const MatrixF32 golden = golden_gemm(ops);
      const bool float_path = std::string(pe) == "fp8-mac";
      HardwareConfig hw = testing::small_hardware(c.rows, c.cols);
      hw.array.dataflow = c.dataflow;
      GemmJob job;
      job.name = "mac";
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
      if (float_path) {
        // The array adds each K-tile's column sum (rows of the tile summed from the top) to the
        // accumulator: a float path held to the FP32 tolerance against the FP64 reference of the
        // same quantized operands (the single-MAC RTL is bit-exact: RtlFp8Mac.*).
        const MatrixF64 ref = reference_gemm_f64(ops);
        double num = 0, den = 0;
        for (size_t i = 0; i < ref.size(); ++i) {
          ASSERT_TRUE(std::isfinite(r.values->storage()[i]));
          const double d = r.values->storage()[i] - ref.storage()[i];
          num += d * d;
          den += ref.storage()[i] * ref.storage()[i];
        }
        const double rel = std::sqrt(num / den), tol = 1e-5 * std::sqrt(c.k / 128.0);
        std::printf("  fp8-mac rel. Frobenius error %.3g (tol %.3g), %lld of %zu outputs differ from golden\n",
                    rel, tol, static_cast<long long>(mismatches), golden.size());
        EXPECT_LE(rel, tol);
      } else {
        EXPECT_EQ(mismatches, 0) << pe << " " << recipe << " seed " << seed;
      }
      EXPECT_GT(nonzero, 0);
      EXPECT_EQ(r.counters.at("macs"), c.m * c.n * c.k);
    }
  }
}

TEST(MacPeValues, RecipeMismatchesNameWhatThePeRuns) {
  const auto message = [](const char* pe, const char* recipe) {
    try {
      find_pe_type(pe).traits(recipe, 256);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_THAT(message("int4-mac", "w4a8-g128"), ::testing::HasSubstr("it runs w4a4-g32/64/128/256[-asym]"));
  EXPECT_THAT(message("fp8-mac", "mxfp4"), ::testing::HasSubstr("it runs fp8-e4m3, fp8-e5m2"));
  EXPECT_THAT(message("slim-mixed", "w3a8-g128"), ::testing::HasSubstr("it runs slim-w3a8-g32/64/128/256"));
  EXPECT_THAT(message("lut-gemm", "slim-w3a8-g128"), ::testing::HasSubstr("it runs lut-w3a8-g32/64/128/256"));
}

}  // namespace
}  // namespace mixsim::sim
