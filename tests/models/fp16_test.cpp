// FP16: exhaustive decode and encode-boundary checks against the compiler's _Float16 (an
// independent IEEE binary16 implementation: GCC's libgcc soft-float conversions).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>

#include "models/fp16.hpp"

namespace mixsim {
namespace {

float compiler_fp16_to_float(uint16_t bits) { return static_cast<float>(std::bit_cast<_Float16>(bits)); }
uint16_t compiler_float_to_fp16(float f) { return std::bit_cast<uint16_t>(static_cast<_Float16>(f)); }

// NaNs compare by class (any NaN code is a NaN); everything else by bits.
void expect_same_fp16(uint16_t got, uint16_t want, float input) {
  const bool got_nan = (got & 0x7C00) == 0x7C00 && (got & 0x3FF) != 0;
  const bool want_nan = (want & 0x7C00) == 0x7C00 && (want & 0x3FF) != 0;
  if (got_nan || want_nan) {
    EXPECT_EQ(got_nan, want_nan) << "input " << input;
    return;
  }
  ASSERT_EQ(got, want) << "input " << std::hexfloat << input << " bits 0x" << std::hex
                       << std::bit_cast<uint32_t>(input);
}

TEST(Fp16, EveryCodeDecodesLikeCompiler) {
  for (uint32_t c = 0; c < 65536; ++c) {
    const double got = fp16_decode(static_cast<uint16_t>(c));
    const float want = compiler_fp16_to_float(static_cast<uint16_t>(c));
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << c;
    } else {
      ASSERT_EQ(got, static_cast<double>(want)) << "code " << c;
      ASSERT_EQ(std::signbit(got), std::signbit(want)) << "code " << c;
    }
  }
}

TEST(Fp16, EveryNonNanCodeRoundTrips) {
  for (uint32_t c = 0; c < 65536; ++c) {
    const auto code = static_cast<uint16_t>(c);
    const double v = fp16_decode(code);
    if (std::isnan(v)) {
      EXPECT_TRUE(std::isnan(fp16_decode(fp16_encode(v))));
      continue;
    }
    ASSERT_EQ(fp16_encode(v), code) << "code " << c;
  }
}

// Rounding boundaries: for every pair of adjacent FP16 values, the float midpoint and its two
// float neighbours (one ulp below/above) must encode like the compiler (ties to even, overflow
// to Inf at 65520).
TEST(Fp16, MidpointsBetweenEveryAdjacentPairMatchCompiler) {
  for (uint32_t c = 0; c < 0x7C00; ++c) {  // positive finite codes; next code exists
    for (float sign : {1.0f, -1.0f}) {
      const double lo = fp16_decode(static_cast<uint16_t>(c));
      const double hi = c + 1 == 0x7C00 ? 65536.0 : fp16_decode(static_cast<uint16_t>(c + 1));
      const float mid = static_cast<float>((lo + hi) / 2) * sign;  // exact in FP32
      for (float x : {mid, std::nextafter(mid, 0.0f), std::nextafter(mid, 2 * mid)}) {
        expect_same_fp16(fp16_encode(x), compiler_float_to_fp16(x), x);
        expect_same_fp16(fp16_encode_float(x), compiler_float_to_fp16(x), x);
      }
    }
  }
}

TEST(Fp16, StridedAndRandomFloatSweepMatchesCompiler) {
  // Every 1021st float bit pattern (all exponents, both signs, NaN/Inf included) plus 1M random
  // patterns concentrated on the FP16 range (exponent 100..150 covers subnormals to overflow).
  for (uint64_t bits = 0; bits <= 0xFFFFFFFFull; bits += 1021) {
    const float x = std::bit_cast<float>(static_cast<uint32_t>(bits));
    expect_same_fp16(fp16_encode(x), compiler_float_to_fp16(x), x);
    expect_same_fp16(fp16_encode_float(x), compiler_float_to_fp16(x), x);
  }
  const uint32_t seed = 20261123;
  std::printf("seed=%u\n", seed);
  std::mt19937 gen(seed);
  std::uniform_int_distribution<uint32_t> mantissa(0, (1u << 23) - 1);
  std::uniform_int_distribution<uint32_t> exponent(100, 150);
  for (int i = 0; i < 1000000; ++i) {
    const uint32_t bits = ((gen() & 1u) << 31) | (exponent(gen) << 23) | mantissa(gen);
    const float x = std::bit_cast<float>(bits);
    expect_same_fp16(fp16_encode(x), compiler_float_to_fp16(x), x);
    expect_same_fp16(fp16_encode_float(x), compiler_float_to_fp16(x), x);
  }
}

// The fast bit-level path equals the generic encoder on every float pattern that matters for
// rounding in the FP16-relevant binades [2^-26, 2^17): every combination of the mantissa bits
// that survive (all of them) with the dropped bits at 0, 1, half-1, half, half+1 and all ones;
// plus every 1021st pattern over all floats.
TEST(Fp16, FastPathEqualsGenericEncoderOnEveryRoundingCase) {
  for (uint32_t e = 101; e < 144; ++e) {
    const uint32_t dropped = e >= 113 ? 13u : std::min(126u - e, 23u);  // bits rounded away
    const uint32_t half = 1u << (dropped - 1);
    for (uint32_t kept = 0; kept < (1u << (23 - dropped)); ++kept) {
      for (uint32_t rest : {0u, 1u, half - 1, half, half + 1, (1u << dropped) - 1}) {
        const uint32_t bits = (e << 23) | (kept << dropped) | rest;
        const float x = std::bit_cast<float>(bits);
        ASSERT_EQ(fp16_encode_float(x), fp16_encode(x)) << std::hexfloat << x;
        ASSERT_EQ(fp16_encode_float(-x), fp16_encode(-x)) << std::hexfloat << -x;
      }
    }
  }
  for (uint64_t bits = 0; bits <= 0xFFFFFFFFull; bits += 1021) {
    const float x = std::bit_cast<float>(static_cast<uint32_t>(bits));
    if (std::isnan(x)) continue;
    ASSERT_EQ(fp16_encode_float(x), fp16_encode(x)) << std::hexfloat << x;
  }
  EXPECT_EQ(fp16_round_float(1.0f + 0x1p-11f), 1.0f);  // tie to even
  EXPECT_EQ(fp16_round_float(1.0f + 0x1p-10f + 0x1p-11f), 1.0f + 0x1p-9f);
}

TEST(Fp16, FormatConstants) {
  EXPECT_EQ(kFp16Format.max_finite(), 65504.0);
  EXPECT_EQ(kFp16Format.min_subnormal(), std::ldexp(1.0, -24));
  EXPECT_EQ(fp16_encode(65519.0), 0x7BFF);   // below the midpoint 65520: max finite
  EXPECT_EQ(fp16_encode(65520.0), 0x7C00);   // midpoint ties to even = overflow to Inf
  EXPECT_EQ(fp16_encode(-0.0), 0x8000);
}

}  // namespace
}  // namespace mixsim
