// The block-scaled FP4 PE datapath (models/pe/fp4_block_pe.hpp) against the E2M1 decoder and
// the golden block-scaled GEMM.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "models/fp4_e2m1.hpp"
#include "models/golden_gemms.hpp"
#include "models/pe/fp4_block_pe.hpp"
#include "models/recipe.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim {
namespace {

TEST(Fp4BlockPe, EveryCodeDecodesToTwiceItsE2M1Value) {
  for (int c = 0; c < 16; ++c)
    EXPECT_EQ(pe::fp4_twice_value(static_cast<uint8_t>(c)),
              static_cast<int>(2.0 * fp4_e2m1_decode(static_cast<uint8_t>(c))))
        << "code " << c;
  // Every one of the 256 products is exact and within +-144.
  for (int a = 0; a < 16; ++a)
    for (int b = 0; b < 16; ++b) {
      const int p = pe::fp4_twice_value(static_cast<uint8_t>(a)) * pe::fp4_twice_value(static_cast<uint8_t>(b));
      EXPECT_EQ(p, static_cast<int>(4.0 * fp4_e2m1_decode(static_cast<uint8_t>(a)) *
                                    fp4_e2m1_decode(static_cast<uint8_t>(b))));
      EXPECT_LE(std::abs(p), 144);
    }
}

TEST(Fp4BlockPe, BlockAccumulatorWidthHoldsTheFullScaleBlock) {
  EXPECT_EQ(pe::fp4_block_max_abs_dot(32), 4608);
  EXPECT_EQ(pe::fp4_block_accumulator_bits(32), 14);  // 4608 < 2^13 - 1 = 8191, > 2^12 - 1
  EXPECT_EQ(pe::fp4_block_accumulator_bits(16), 13);
  const uint8_t six = 0x7, minus_six = 0xF;
  std::vector<uint8_t> x(32, six), w(32, six);
  EXPECT_EQ(pe::fp4_block_dot(x.data(), w.data(), 32), 4608);
  std::fill(w.begin(), w.end(), minus_six);
  EXPECT_EQ(pe::fp4_block_dot(x.data(), w.data(), 32), -4608);
}

TEST(Fp4BlockPe, DatapathGemmEqualsGoldenBlockScaledBitForBit) {
  for (const char* name : {"mxfp4", "nvfp4"}) {
    for (uint32_t seed : {41u, 42u, 43u}) {
      std::printf("%s seed %u\n", name, seed);
      testing::MatrixStyle tiny;
      tiny.scale = 1e-30;  // exercises very small block scales
      const MatrixF32 x = testing::random_matrix(6, 512, seed);
      const MatrixF32 w = testing::random_matrix(9, 512, seed + 1000, seed == 43u ? tiny : testing::MatrixStyle{});
      const QuantizedOperands ops = quantize_operands(parse_recipe(name), x, w);
      const MatrixF32 golden = golden_gemm(ops);
      const MatrixF32 model = pe::golden_gemm_fp4_pe(*ops.activations_block, *ops.weights_block);
      ASSERT_EQ(golden.size(), model.size());
      int64_t mismatches = 0, nonzero = 0;
      for (size_t i = 0; i < golden.size(); ++i) {
        mismatches += std::memcmp(&golden.storage()[i], &model.storage()[i], sizeof(float)) != 0;
        nonzero += golden.storage()[i] != 0.0f;
      }
      EXPECT_EQ(mismatches, 0) << name << " seed " << seed;
      EXPECT_GT(nonzero, 0) << name << " seed " << seed;
    }
  }
}

}  // namespace
}  // namespace mixsim
