// The FP8 recipes (fp8-e4m3, fp8-e5m2; models/fp8_quantizer.hpp) and W4A4 (w4a4-gG): the
// quantization rules element by element and the golden GEMM order, re-derived independently.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "models/fp8_e4m3.hpp"
#include "models/fp8_e5m2.hpp"
#include "models/golden_gemms.hpp"
#include "models/recipe.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim {
namespace {

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(Fp8Recipe, PerRowScaleAndCodesFollowTheDocumentedRule) {
  for (const char* name : {"fp8-e4m3", "fp8-e5m2"}) {
    const uint32_t seed = 808;
    std::printf("%s seed %u\n", name, seed);
    const Recipe r = parse_recipe(name);
    EXPECT_EQ(r.kind, RecipeKind::FP8);
    EXPECT_EQ(r.name, name);
    MatrixF32 x = testing::random_matrix(4, 96, seed);
    for (int64_t k = 0; k < 96; ++k) x(2, k) = 0.0f;  // all-zero row -> scale 1
    x(3, 5) = 1e-42f;                                   // a subnormal-scale row
    for (int64_t k = 0; k < 96; ++k) if (k != 5) x(3, k) = 0.0f;
    const MatrixF32 w = testing::random_matrix(3, 96, seed + 1);
    const QuantizedOperands ops = quantize_operands(r, x, w);
    const Fp8Matrix& q = *ops.activations_fp8;
    const double fmax = r.fp8_format == Fp8Format::E4M3 ? 448.0 : 57344.0;
    for (int64_t m = 0; m < 4; ++m) {
      double amax = 0.0;
      for (int64_t k = 0; k < 96; ++k) amax = std::max(amax, std::fabs(static_cast<double>(x(m, k))));
      float s = amax > 0.0 ? static_cast<float>(amax / fmax) : 1.0f;
      if (amax > 0.0 && s == 0.0f) s = std::numeric_limits<float>::denorm_min();
      EXPECT_EQ(q.scales[static_cast<size_t>(m)], s) << name << " row " << m;
      for (int64_t k = 0; k < 96; ++k) {
        const double v = static_cast<double>(x(m, k)) / s;
        const uint8_t code = r.fp8_format == Fp8Format::E4M3 ? fp8_e4m3_encode(v) : fp8_e5m2_encode(v);
        ASSERT_EQ(q.codes[static_cast<size_t>(m * 96 + k)], code) << name << " " << m << " " << k;
      }
    }
    EXPECT_EQ(q.scales[2], 1.0f);
  }
}

TEST(Fp8Recipe, GoldenIsExactProductsSummedInFp32ThenTwoScales) {
  for (const char* name : {"fp8-e4m3", "fp8-e5m2"}) {
    const uint32_t seed = 909;
    std::printf("%s seed %u\n", name, seed);
    const MatrixF32 x = testing::random_matrix(5, 512, seed);
    const MatrixF32 w = testing::random_matrix(7, 512, seed + 3);
    const QuantizedOperands ops = quantize_operands(parse_recipe(name), x, w);
    const MatrixF32 y = golden_gemm(ops);
    const Fp8Matrix& a = *ops.activations_fp8;
    const Fp8Matrix& b = *ops.weights_fp8;
    for (int64_t m = 0; m < 5; ++m)
      for (int64_t n = 0; n < 7; ++n) {
        float acc = 0.0f;
        for (int64_t k = 0; k < 512; ++k) {
          const double pa = fp8_decode(a.format, a.codes[static_cast<size_t>(m * 512 + k)]);
          const double pb = fp8_decode(b.format, b.codes[static_cast<size_t>(n * 512 + k)]);
          const double exact = pa * pb;
          ASSERT_EQ(static_cast<double>(static_cast<float>(exact)), exact);  // exact in FP32
          acc = static_cast<float>(static_cast<double>(acc) + exact);          // one rounding
        }
        const float expected = static_cast<float>(static_cast<double>(static_cast<float>(
                                   static_cast<double>(acc) * a.scales[static_cast<size_t>(m)])) *
                               b.scales[static_cast<size_t>(n)]);
        ASSERT_TRUE(same_bits(y(m, n), expected)) << name << " " << m << " " << n;
      }
    const double err = testing::relative_frobenius_error(y, reference_gemm_f64(ops));
    std::printf("%s: rel. Frobenius error vs FP64 of the same operands %.3g (tol %.3g)\n", name, err,
                testing::fp32_accumulation_tolerance(512));
    EXPECT_LE(err, testing::fp32_accumulation_tolerance(512));
  }
}

TEST(W4A4Recipe, FourBitActivationsAndTheGroupDequantOrder) {
  const Recipe r = parse_recipe("w4a4-g64-asym");
  EXPECT_EQ(r.activation_bits, 4);
  EXPECT_EQ(r.kind, RecipeKind::W4A8);
  EXPECT_THROW(parse_recipe("w4a4-g64-intscale"), std::invalid_argument);
  EXPECT_THROW(parse_recipe("w3a4-g64"), std::invalid_argument);
  const uint32_t seed = 404;
  std::printf("seed %u\n", seed);
  const MatrixF32 x = testing::random_matrix(3, 256, seed);
  const MatrixF32 w = testing::random_matrix(5, 256, seed + 1);
  const QuantizedOperands ops = quantize_operands(r, x, w);
  const QuantizedActivations& a = *ops.activations;
  EXPECT_EQ(a.bits, 4);
  bool hit = false;
  for (int8_t c : a.codes) {
    ASSERT_GE(c, -7);
    ASSERT_LE(c, 7);
    hit |= c == 7 || c == -7;
  }
  EXPECT_TRUE(hit);
  for (int64_t m = 0; m < 3; ++m) {
    double amax = 0.0;
    for (int64_t k = 0; k < 256; ++k) amax = std::max(amax, std::fabs(static_cast<double>(x(m, k))));
    EXPECT_EQ(a.scales[static_cast<size_t>(m)], static_cast<float>(amax / 7.0));
  }
  const MatrixF32 y = golden_gemm(ops);
  const QuantizedMatrix& q = *ops.weights;
  for (int64_t m = 0; m < 3; ++m)
    for (int64_t n = 0; n < 5; ++n) {
      float acc = 0.0f;
      for (int64_t g = 0; g < q.groups(); ++g) {
        int64_t p = 0;
        for (int64_t k = g * 64; k < (g + 1) * 64; ++k) p += int64_t{a.code(m, k)} * q.centered(n, k);
        acc = acc + q.scale(n, g) * static_cast<float>(p);
      }
      EXPECT_TRUE(same_bits(y(m, n), acc * a.scales[static_cast<size_t>(m)])) << m << " " << n;
    }
}

}  // namespace
}  // namespace mixsim
