// The PE datapath models of models/pe/ against exact arithmetic, exhaustively.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

#include "models/fp16.hpp"
#include "models/pe/mac_pes.hpp"
#include "models/pe/shift_add_pe.hpp"

namespace mixsim::pe {
namespace {

TEST(ShiftAddPe, Int8TimesEvery5BitWeightEqualsTheProduct) {
  for (int a = -128; a <= 127; ++a)
    for (int w = ShiftAddPe::kMinWeight; w <= ShiftAddPe::kMaxWeight; ++w)
      ASSERT_EQ(ShiftAddPe::multiply(static_cast<int8_t>(a), w), a * w) << "a=" << a << " w=" << w;
}

TEST(ShiftAddPe, EveryFiniteFp16TimesEveryWeightIsExactInFp32) {
  int checked = 0;
  for (uint32_t code = 0; code < 0x10000; ++code) {
    const double a = fp16_decode(static_cast<uint16_t>(code));
    if (!std::isfinite(a)) continue;
    for (int w = ShiftAddPe::kMinWeight; w <= ShiftAddPe::kMaxWeight; ++w) {
      const float got = ShiftAddPe::multiply(static_cast<float>(a), w);
      const double exact = a * w;  // |a*w| <= 65504*16 and 16 significant bits: exact in FP32
      ASSERT_EQ(static_cast<double>(got), exact) << "a=" << a << " w=" << w;
      ASSERT_EQ(got, static_cast<float>(a) * static_cast<float>(w));  // what the array computes
      ++checked;
    }
  }
  EXPECT_EQ(checked, (0x10000 - 2 * 1024) * 32);  // +-Inf and 2 x 1023 NaN codes excluded
}

TEST(ShiftAddPe, ActiveTermsCountsTheAddedShiftedCopies) {
  EXPECT_EQ(ShiftAddPe::active_terms(0), 0);
  EXPECT_EQ(ShiftAddPe::active_terms(7), 3);
  EXPECT_EQ(ShiftAddPe::active_terms(-1), 5);   // 11111
  EXPECT_EQ(ShiftAddPe::active_terms(-16), 1);  // 10000
  EXPECT_THROW(ShiftAddPe::active_terms(16), std::out_of_range);
  EXPECT_THROW(ShiftAddPe::multiply(int8_t{1}, -17), std::out_of_range);
}

TEST(RoundToFp16, EqualsTheModelsFp16RoundingOnBoundariesAndRandomFloats) {
  // Every FP16 value and the midpoints next to it (ties), plus random finite floats.
  int64_t checked = 0;
  for (uint32_t code = 0; code < 0x7C00; ++code) {
    const double v = fp16_decode(static_cast<uint16_t>(code));
    const double next = fp16_decode(static_cast<uint16_t>(code + 1));
    for (const double x : {v, -v, (v + next) / 2, -(v + next) / 2}) {
      const float xf = static_cast<float>(x);
      ASSERT_EQ(static_cast<double>(round_to_fp16(xf)), fp16_round(xf)) << "x=" << x;
      ++checked;
    }
  }
  const uint32_t seed = 2718;
  std::printf("seed=%u\n", seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 200000; ++i) {
    uint32_t bits = rng();
    float x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    ASSERT_EQ(static_cast<double>(round_to_fp16(x)), fp16_round(x)) << "bits=" << bits;
    ++checked;
  }
  EXPECT_GT(checked, 300000);
}

TEST(DequantMacPe, DequantizedWeightIsTheFp16RoundingOfTheExactValue) {
  for (uint32_t code = 0x0001; code < 0x7C00; code += 7) {  // subnormal and normal scales
    const float s = static_cast<float>(fp16_decode(static_cast<uint16_t>(code)));
    for (int q = -15; q <= 15; ++q) {
      const double exact = static_cast<double>(s) * q;
      ASSERT_EQ(static_cast<double>(DequantMacPe::dequantize(s, q)), fp16_round(exact))
          << "s=" << s << " q=" << q;
    }
  }
}

}  // namespace
}  // namespace mixsim::pe
