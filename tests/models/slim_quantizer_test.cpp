// SliM-style mixed-precision groups (models/slim_quantizer.hpp, recipe slim-w3a8-gG): the
// salience rule, the per-group widths and codes, and the golden GEMM order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "models/golden_gemms.hpp"
#include "models/group_quantizer.hpp"
#include "models/recipe.hpp"
#include "models/slim_quantizer.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim {
namespace {

TEST(SlimQuantizer, SalienceRankDecidesTheWidthAndEachGroupIsItsWidthsRtn) {
  const uint32_t seed = 5151;
  std::printf("seed %u\n", seed);
  const int g = 32;
  const MatrixF32 x = testing::random_matrix(6, 256, seed);
  const MatrixF32 w = testing::random_matrix(5, 256, seed + 1);
  const SlimQuantized s = quantize_weights_slim(w, x, g);
  const int64_t groups = 256 / g;
  const QuantizedMatrix q[3] = {quantize_weights(w, {2, g, true}), quantize_weights(w, {3, g, true}),
                                quantize_weights(w, {4, g, true})};
  for (int64_t n = 0; n < 5; ++n) {
    // Independent salience and ranking.
    std::vector<double> sal(static_cast<size_t>(groups), 0.0);
    for (int64_t gg = 0; gg < groups; ++gg)
      for (int64_t k = gg * g; k < (gg + 1) * g; ++k) {
        double h = 0.0;
        for (int64_t m = 0; m < 6; ++m) h += static_cast<double>(x(m, k)) * x(m, k);
        sal[static_cast<size_t>(gg)] += static_cast<double>(w(n, k)) * w(n, k) * h;
      }
    int count[5] = {0, 0, 0, 0, 0};
    for (int64_t gg = 0; gg < groups; ++gg) {
      EXPECT_NEAR(s.salience[static_cast<size_t>(n * groups + gg)], sal[static_cast<size_t>(gg)],
                  1e-9 * sal[static_cast<size_t>(gg)]);
      int rank = 0;
      for (int64_t o = 0; o < groups; ++o)
        rank += sal[static_cast<size_t>(o)] > sal[static_cast<size_t>(gg)] ||
                (sal[static_cast<size_t>(o)] == sal[static_cast<size_t>(gg)] && o < gg);
      const int expected_bits = rank < groups / 4 ? 4 : rank >= groups - groups / 4 ? 2 : 3;
      const int bits = s.group_bits[static_cast<size_t>(n * groups + gg)];
      EXPECT_EQ(bits, expected_bits) << "row " << n << " group " << gg;
      ++count[bits];
      const QuantizedMatrix& src = q[bits - 2];
      EXPECT_EQ(s.weights.scale(n, gg), src.scale(n, gg));
      for (int64_t k = gg * g; k < (gg + 1) * g; ++k) EXPECT_EQ(s.weights.code(n, k), src.code(n, k));
    }
    EXPECT_EQ(count[4], 2);  // 8 groups: 2 x 4 bits, 4 x 3 bits, 2 x 2 bits = average 3
    EXPECT_EQ(count[3], 4);
    EXPECT_EQ(count[2], 2);
  }
}

TEST(SlimQuantizer, RecipeGoldenIsTheGroupDequantOrderAndBeatsUniformTwoBits) {
  const Recipe r = parse_recipe("slim-w3a8-g64");
  EXPECT_TRUE(r.mixed_bits);
  EXPECT_EQ(r.name, "slim-w3a8-g64");
  EXPECT_THROW(parse_recipe("slim-w3a8-g48"), std::invalid_argument);
  const uint32_t seed = 5252;
  std::printf("seed %u\n", seed);
  const MatrixF32 x = testing::random_matrix(4, 512, seed);
  const MatrixF32 w = testing::random_matrix(9, 512, seed + 1);
  const QuantizedOperands ops = quantize_operands(r, x, w);
  ASSERT_TRUE(ops.group_bits.has_value());
  const MatrixF32 y = golden_gemm(ops);
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  for (int64_t m = 0; m < 4; ++m)
    for (int64_t n = 0; n < 9; ++n) {
      float acc = 0.0f;
      for (int64_t g = 0; g < q.groups(); ++g) {
        int64_t p = 0;
        for (int64_t k = g * 64; k < (g + 1) * 64; ++k) p += int64_t{a.code(m, k)} * q.code(n, k);
        acc = acc + q.scale(n, g) * static_cast<float>(p);
      }
      const float e = acc * a.scales[static_cast<size_t>(m)];
      EXPECT_EQ(std::memcmp(&e, &y(m, n), sizeof e), 0);
    }
  // Quantization error vs the unquantized product: mixed 3-bit average sits between uniform
  // 2-bit and 4-bit (a real result of the data, printed).
  MatrixF64 exact(4, 9);
  for (int64_t m = 0; m < 4; ++m)
    for (int64_t n = 0; n < 9; ++n) {
      double s = 0;
      for (int64_t k = 0; k < 512; ++k) s += static_cast<double>(x(m, k)) * w(n, k);
      exact(m, n) = s;
    }
  const double e_slim = testing::relative_frobenius_error(y, exact);
  const double e2 = testing::relative_frobenius_error(golden_gemm(quantize_operands(parse_recipe("w2a8-g64"), x, w)), exact);
  const double e4 = testing::relative_frobenius_error(golden_gemm(quantize_operands(parse_recipe("w4a8-g64"), x, w)), exact);
  std::printf("rel. Frobenius error vs FP64 unquantized: w2a8 %.4f, slim-w3a8 %.4f, w4a8 %.4f\n", e2, e_slim, e4);
  EXPECT_LT(e_slim, e2);
  EXPECT_GT(e_slim, e4);
}

}  // namespace
}  // namespace mixsim
