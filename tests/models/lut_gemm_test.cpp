// LUT-GEMM on binary-coded weights (models/bcq_quantizer.hpp, models/pe/lut_gemm_pe.hpp): the
// uniform-BCQ rule element by element, table look-ups equal the plain integer dot product, and
// the datapath GEMM equals golden_gemm bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

#include "models/bcq_quantizer.hpp"
#include "models/golden_gemms.hpp"
#include "models/group_quantizer.hpp"
#include "models/pe/lut_gemm_pe.hpp"
#include "models/recipe.hpp"
#include "models/rounding.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim {
namespace {

TEST(LutGemm, BinaryCodesAreTheNearestOddLevelOfTheInt4Scale) {
  const uint32_t seed = 6161;
  std::printf("seed %u\n", seed);
  testing::MatrixStyle style;
  style.zero_group_size = 32;
  const MatrixF32 w = testing::random_matrix(4, 128, seed, style);
  const QuantizedMatrix q = quantize_weights_bcq3(w, 32);
  const QuantizedMatrix s4 = quantize_weights(w, {4, 32, true});
  for (int64_t n = 0; n < 4; ++n)
    for (int64_t k = 0; k < 128; ++k) {
      const double alpha = s4.scale(n, k / 32);
      EXPECT_EQ(q.scale(n, k / 32), s4.scale(n, k / 32));
      const int c = q.code(n, k);
      ASSERT_TRUE(c % 2 != 0 && c >= -7 && c <= 7) << c;
      // No other odd level is nearer (ties go to the even (c + 7) / 2).
      const double v = static_cast<double>(w(n, k)) / alpha;
      for (int o = -7; o <= 7; o += 2)
        EXPECT_LE(std::fabs(v - c), std::fabs(v - o) + 1e-12) << n << " " << k;
    }
  EXPECT_EQ(q.scale(0, 0), 1.0f);  // all-zero group
}

TEST(LutGemm, TableLookupsEqualThePlainDotProduct) {
  std::mt19937 gen(62);
  std::printf("seed 62\n");
  for (int trial = 0; trial < 20000; ++trial) {
    int8_t a[8], c[8];
    int32_t plain = 0;
    for (int j = 0; j < 8; ++j) {
      a[j] = static_cast<int8_t>(static_cast<int>(gen() % 256) - 128);
      c[j] = static_cast<int8_t>(2 * static_cast<int>(gen() % 8) - 7);
      plain += a[j] * c[j];
    }
    ASSERT_EQ(pe::lut_group_sum(a, c, 8), plain);
  }
  const int8_t lowest[4] = {-128, -128, -128, -128};
  EXPECT_EQ(pe::lut_table(lowest)[0], 512);  // -(-128) x 4: the table needs 11 signed bits
  const int8_t even[4] = {1, 3, 2, 5};
  EXPECT_THROW(pe::lut_pattern(even, 0), std::out_of_range);
}

TEST(LutGemm, DatapathGemmEqualsGoldenBitForBit) {
  for (const char* name : {"lut-w3a8-g32", "lut-w3a8-g128"}) {
    const uint32_t seed = 6363;
    std::printf("%s seed %u\n", name, seed);
    const Recipe r = parse_recipe(name);
    EXPECT_TRUE(r.binary_coded);
    const MatrixF32 x = testing::random_matrix(5, 256, seed);
    const MatrixF32 w = testing::random_matrix(7, 256, seed + 1);
    const QuantizedOperands ops = quantize_operands(r, x, w);
    const MatrixF32 golden = golden_gemm(ops);
    const MatrixF32 model = pe::golden_gemm_lut(ops);
    for (size_t i = 0; i < golden.size(); ++i)
      ASSERT_EQ(std::memcmp(&golden.storage()[i], &model.storage()[i], sizeof(float)), 0) << name << " " << i;
  }
  EXPECT_THROW(parse_recipe("lut-w3a8-g128-asym"), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim
