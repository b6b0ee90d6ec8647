// MixPE float activations beyond FP16 (models/float_activation.hpp, models/pe/shift_add_float.hpp):
// the shift-and-add product on the format's significand is exact for every code, BF16's range
// bounds, the w{b}abf16 / w{b}afp8 recipes and their golden order.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "models/bf16.hpp"
#include "models/float_activation.hpp"
#include "models/fp16.hpp"
#include "models/pe/mixpe_params.hpp"
#include "models/pe/shift_add_float.hpp"
#include "models/recipe.hpp"
#include "models/shift_add.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

bool finite_code(FloatActivation f, uint32_t code) {
  const MinifloatFormat& fmt = float_activation_format(f);
  return std::isfinite(minifloat_decode(fmt, code));
}

// Every finite code of every format x every weight of every register width 2..5: the FP32
// result equals fl32(a * w) (a double holds a * w exactly); zeros carry the documented sign.
TEST(MixPeFloatActivation, ShiftAddProductIsExactForEveryCodeAndWeight) {
  for (FloatActivation f : {FloatActivation::FP16, FloatActivation::BF16, FloatActivation::FP8E4M3}) {
    const int bits = float_activation_format(f).total_bits();
    int64_t cases = 0, subnormal = 0, infinite = 0;
    for (uint32_t a = 0; a < (1u << bits); ++a) {
      if (!finite_code(f, a)) continue;
      const double av = float_activation_decode(f, a);
      for (int wb = 2; wb <= 5; ++wb)
        for (int w = -(1 << (wb - 1)); w < (1 << (wb - 1)); ++w) {
          const uint32_t got = pe::shift_add_multiply_float(f, a, w, wb);
          const float exact = static_cast<float>(av * w);
          if (av * w == 0.0) {
            const bool neg = std::signbit(av) && w == (1 << (wb - 1)) - 1;
            ASSERT_EQ(got, neg ? 0x80000000u : 0u) << float_activation_name(f) << " a " << a << " w " << w;
          } else {
            ASSERT_EQ(got, std::bit_cast<uint32_t>(exact)) << float_activation_name(f) << " a " << a << " w " << w;
          }
          subnormal += std::fpclassify(exact) == FP_SUBNORMAL;
          infinite += std::isinf(exact);
          ++cases;
        }
    }
    std::printf("%s: %lld cases, %lld FP32-subnormal and %lld infinite products\n",
                float_activation_name(f), static_cast<long long>(cases),
                static_cast<long long>(subnormal), static_cast<long long>(infinite));
    if (f == FloatActivation::BF16) {
      EXPECT_EQ(cases, (65536 - 2 * 128) * (4 + 8 + 16 + 32));
      EXPECT_GT(subnormal, 0);  // BF16 shares FP32's exponent range: both ends are reached
      EXPECT_GT(infinite, 0);
    } else {
      EXPECT_EQ(subnormal, 0);
      EXPECT_EQ(infinite, 0);
    }
    if (f == FloatActivation::FP8E4M3) {
      EXPECT_EQ(cases, 254 * (4 + 8 + 16 + 32));
    }
  }
  // Hand-checked BF16 ends: 2^-133 (code 1) x 3 = 3 * 2^-133 = FP32 subnormal 3 << 16;
  // the largest BF16 (0x7f7f) x 2 overflows to +Inf, x -8 to -Inf.
  EXPECT_EQ(pe::shift_add_multiply_float(FloatActivation::BF16, 0x0001u, 3, 4), 0x00030000u);
  EXPECT_EQ(pe::shift_add_multiply_float(FloatActivation::BF16, 0x7f7fu, 2, 4), 0x7f800000u);
  EXPECT_EQ(pe::shift_add_multiply_float(FloatActivation::BF16, 0x7f7fu, -8, 4), 0xff800000u);
  EXPECT_THROW(pe::shift_add_multiply_float(FloatActivation::BF16, 0x7f80u, 1, 4), std::invalid_argument);
  EXPECT_THROW(pe::shift_add_multiply_float(FloatActivation::FP8E4M3, 0x7fu, 1, 4), std::invalid_argument);
}

// For FP16 the significand datapath gives the same bits as the FP32 term sum of
// models/shift_add.hpp (the order rtl/shift_add_mul_fp16.v documents), zeros included.
TEST(MixPeFloatActivation, Fp16SignificandProductEqualsTheTermSumBitForBit) {
  int64_t cases = 0;
  for (uint32_t a = 0; a < 65536; ++a) {
    if (((a >> 10) & 0x1f) == 0x1f) continue;
    for (int q = -8; q <= 7; ++q, ++cases)
      ASSERT_EQ(pe::shift_add_multiply_float(FloatActivation::FP16, a, q, 4),
                std::bit_cast<uint32_t>(shift_add_multiply_int4_fp16(q, static_cast<uint16_t>(a))))
          << "a " << a << " q " << q;
  }
  EXPECT_EQ(cases, 63488 * 16);
}

TEST(MixPeFloatActivation, Bf16RangeBoundsRejectAndFlushAtTwoToThe64) {
  MatrixF32 x(1, 4);
  x(0, 0) = 1.5f;
  x(0, 1) = std::ldexp(1.0f, -65);   // below 2^-64: flushed to +0
  x(0, 2) = -std::ldexp(1.0f, -65);  // to -0
  x(0, 3) = std::ldexp(1.0f, -64);   // kept
  const MatrixF32 r = round_activations_to_bf16(x);
  EXPECT_EQ(r(0, 0), 1.5f);
  EXPECT_EQ(std::bit_cast<uint32_t>(r(0, 1)), 0u);
  EXPECT_EQ(std::bit_cast<uint32_t>(r(0, 2)), 0x80000000u);
  EXPECT_EQ(r(0, 3), std::ldexp(1.0f, -64));
  x(0, 1) = std::ldexp(1.0f, 64);
  const std::string e = error_of([&] { round_activations_to_bf16(x); });
  EXPECT_NE(e.find("X[0][1]"), std::string::npos) << e;
  EXPECT_NE(e.find("|x| < 2^64"), std::string::npos) << e;
  // Rounding up to 2^64 is rejected too: the bound applies to the BF16 value.
  x(0, 1) = std::nextafter(std::ldexp(1.0f, 64), 0.0f);
  EXPECT_NE(error_of([&] { round_activations_to_bf16(x); }), "");
  // BF16 rounding is RNE on the top 16 bits of the FP32 pattern.
  x(0, 1) = std::bit_cast<float>(0x3f808000u);  // tie between 0x3f80 and 0x3f81: to even
  EXPECT_EQ(std::bit_cast<uint32_t>(round_activations_to_bf16(x)(0, 1)), 0x3f800000u);
}

TEST(MixPeFloatActivation, RecipesParseQuantizeAndFollowTheGoldenOrder) {
  const Recipe b = parse_recipe("w4abf16");
  EXPECT_EQ(b.name, "w4abf16-g128");
  EXPECT_EQ(b.kind, RecipeKind::W4A16);
  EXPECT_EQ(b.float_activation, FloatActivation::BF16);
  const Recipe f = parse_recipe("w3afp8-g64-asym");
  EXPECT_EQ(f.name, "w3afp8-g64-asym");
  EXPECT_EQ(f.float_activation, FloatActivation::FP8E4M3);
  EXPECT_EQ(f.weight_bits, 3);
  EXPECT_NE(error_of([] { parse_recipe("w4afp8-g128-intscale"); }).find("-intscale applies to wBa8 only"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_recipe("w4afp8-g48"); }).find("group size must be one of"), std::string::npos);

  const uint32_t seed = 5150;
  std::printf("seed %u\n", seed);
  const MatrixF32 x = testing::random_matrix(6, 512, seed);
  const MatrixF32 w = testing::random_matrix(5, 512, seed + 1, {3.0, 0.02, 0, 1.0, 0});
  for (const char* name : {"w4abf16-g128", "w4afp8-g128", "w2abf16-g32-asym", "w3afp8-g256"}) {
    SCOPED_TRACE(name);
    const QuantizedOperands ops = quantize_operands(parse_recipe(name), x, w);
    const MatrixF32& xv = *ops.activations_fp16;
    const bool fp8 = ops.recipe.float_activation == FloatActivation::FP8E4M3;
    EXPECT_EQ(fp8, ops.activations_fp8.has_value());
    for (int64_t m = 0; m < 6; ++m)
      for (int64_t k = 0; k < 512; ++k) {
        if (fp8) {  // unscaled E4M3 values of x / s_x
          const double s = ops.activations_fp8->scales[static_cast<size_t>(m)];
          ASSERT_EQ(static_cast<double>(xv(m, k)), minifloat_round(float_activation_format(FloatActivation::FP8E4M3),
                                                                    static_cast<double>(x(m, k)) / s));
        } else {
          ASSERT_EQ(static_cast<double>(xv(m, k)), bf16_round(x(m, k)));
        }
      }
    // The golden order written out: FP32 group parts from +0, one scale multiply per group, the
    // E4M3 token scale once per output.
    const MatrixF32 y = golden_gemm(ops);
    const QuantizedMatrix& q = *ops.weights;
    for (int64_t m = 0; m < 6; ++m)
      for (int64_t n = 0; n < 5; ++n) {
        float acc = 0.0f;
        for (int64_t g = 0; g < q.groups(); ++g) {
          float part = 0.0f;
          for (int64_t k = g * q.group_size; k < (g + 1) * q.group_size; ++k)
            part = part + xv(m, k) * static_cast<float>(q.centered(n, k));
          acc = acc + q.scale(n, g) * part;
        }
        if (fp8) acc = acc * ops.activations_fp8->scales[static_cast<size_t>(m)];
        ASSERT_EQ(std::bit_cast<uint32_t>(y(m, n)), std::bit_cast<uint32_t>(acc)) << m << " " << n;
      }
    const double err = testing::relative_frobenius_error(y, reference_gemm_f64(ops));
    std::printf("%s rel_fro vs FP64 of the quantized operands %.3e\n", name, err);
    EXPECT_LE(err, testing::fp32_accumulation_tolerance(512));
    EXPECT_GT(err, 0.0);
    // The PE datapath model (significand products) equals the golden GEMM bit for bit.
    const pe::MixPeParams p{q.bits, float_activation_name(ops.recipe.float_activation),
                            static_cast<int>(q.group_size), 0, q.is_symmetric};
    const MatrixF32 model = pe::golden_gemm_mixpe(p, ops);
    for (size_t i = 0; i < y.size(); ++i)
      ASSERT_EQ(std::bit_cast<uint32_t>(model.storage()[i]), std::bit_cast<uint32_t>(y.storage()[i])) << i;
  }
}

}  // namespace
}  // namespace mixsim
