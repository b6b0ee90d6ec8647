// FP8 E4M3, FP8 E5M2, FP4 E2M1 and E8M0: every code decodes to the value the spec's formula
// gives (tables computed here independently of models/minifloat.cpp), every finite code
// round-trips, midpoints between neighbours round to the even code, saturation/overflow per spec.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "models/e8m0.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/fp8_e4m3.hpp"
#include "models/fp8_e5m2.hpp"

namespace mixsim {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// OCP OFP8 v1.0, E4M3: bias 7; exponent 0 -> subnormal m/8 * 2^-6; S.1111.111 is NaN; no Inf.
double spec_e4m3(uint8_t c) {
  const int s = c >> 7, e = (c >> 3) & 0xF, m = c & 0x7;
  double v;
  if (e == 15 && m == 7) return kNaN;
  if (e == 0) v = (m / 8.0) * std::pow(2.0, -6);
  else v = (1.0 + m / 8.0) * std::pow(2.0, e - 7);
  return s ? -v : v;
}

// OCP OFP8 v1.0, E5M2: bias 15, IEEE-like: exponent 31 is Inf (m = 0) or NaN.
double spec_e5m2(uint8_t c) {
  const int s = c >> 7, e = (c >> 2) & 0x1F, m = c & 0x3;
  double v;
  if (e == 31) v = m == 0 ? kInf : kNaN;
  else if (e == 0) v = (m / 4.0) * std::pow(2.0, -14);
  else v = (1.0 + m / 4.0) * std::pow(2.0, e - 15);
  return s ? -v : v;
}

// OCP MX v1.0, FP4 E2M1: the eight magnitudes listed in the spec.
double spec_e2m1(uint8_t c) {
  static const double magnitudes[8] = {0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0};
  return (c & 0x8) ? -magnitudes[c & 0x7] : magnitudes[c & 0x7];
}

void expect_value(double got, double want, int code) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << "code " << code;
  } else {
    EXPECT_EQ(got, want) << "code " << code;
    EXPECT_EQ(std::signbit(got), std::signbit(want)) << "code " << code;
  }
}

// Sorted (value, code) of the positive finite codes.
std::vector<std::pair<double, int>> positive_values(int codes, double (*spec)(uint8_t)) {
  std::vector<std::pair<double, int>> v;
  for (int c = 0; c < codes / 2; ++c)
    if (std::isfinite(spec(static_cast<uint8_t>(c)))) v.push_back({spec(static_cast<uint8_t>(c)), c});
  std::sort(v.begin(), v.end());
  return v;
}

// Midpoint of neighbours goes to the code with an even (zero) LSB; just off the midpoint goes
// to the nearer neighbour. Both signs.
template <typename Encode>
void check_midpoints(const std::vector<std::pair<double, int>>& values, int sign_bit,
                     Encode encode) {
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    const auto [lo, lo_code] = values[i];
    const auto [hi, hi_code] = values[i + 1];
    const double mid = (lo + hi) / 2;
    const int even = (lo_code & 1) == 0 ? lo_code : hi_code;
    for (int s : {0, 1}) {
      const double sg = s ? -1.0 : 1.0;
      const int sbit = s ? sign_bit : 0;
      EXPECT_EQ(encode(sg * mid), even | sbit) << "midpoint " << sg * mid;
      EXPECT_EQ(encode(sg * std::nextafter(mid, 0.0)), lo_code | sbit) << sg * mid;
      EXPECT_EQ(encode(sg * std::nextafter(mid, kInf)), hi_code | sbit) << sg * mid;
    }
  }
}

TEST(Fp8E4M3, EveryCodeMatchesSpecFormula) {
  for (int c = 0; c < 256; ++c) {
    expect_value(fp8_e4m3_decode(static_cast<uint8_t>(c)), spec_e4m3(static_cast<uint8_t>(c)), c);
    const double v = spec_e4m3(static_cast<uint8_t>(c));
    if (std::isfinite(v)) {
      EXPECT_EQ(fp8_e4m3_encode(v), c) << "round trip " << c;
    }
  }
  EXPECT_EQ(spec_e4m3(0x7E), 448.0);
  EXPECT_EQ(spec_e4m3(0x01), std::ldexp(1.0, -9));
}

TEST(Fp8E4M3, RoundingAndSaturation) {
  check_midpoints(positive_values(256, spec_e4m3), 0x80,
                  [](double x) { return int{fp8_e4m3_encode(x)}; });
  EXPECT_EQ(fp8_e4m3_encode(464.0), 0x7E);   // midpoint 448|480 (480 would be NaN): saturate
  EXPECT_EQ(fp8_e4m3_encode(500.0), 0x7E);   // saturating conversion
  EXPECT_EQ(fp8_e4m3_encode(1e30), 0x7E);
  EXPECT_EQ(fp8_e4m3_encode(-kInf), 0xFE);   // no Inf in E4M3
  EXPECT_TRUE(std::isnan(fp8_e4m3_decode(fp8_e4m3_encode(kNaN))));
  EXPECT_EQ(fp8_e4m3_encode(std::ldexp(1.0, -10)), 0x00);  // half the min subnormal: to even 0
  EXPECT_EQ(fp8_e4m3_encode(std::ldexp(1.5, -10)), 0x01);
}

TEST(Fp8E5M2, EveryCodeMatchesSpecFormula) {
  for (int c = 0; c < 256; ++c) {
    expect_value(fp8_e5m2_decode(static_cast<uint8_t>(c)), spec_e5m2(static_cast<uint8_t>(c)), c);
    const double v = spec_e5m2(static_cast<uint8_t>(c));
    if (!std::isnan(v)) {
      EXPECT_EQ(fp8_e5m2_encode(v), c) << "round trip " << c;
    }
  }
  EXPECT_EQ(spec_e5m2(0x7B), 57344.0);
}

TEST(Fp8E5M2, RoundingAndOverflowToInf) {
  check_midpoints(positive_values(256, spec_e5m2), 0x80,
                  [](double x) { return int{fp8_e5m2_encode(x)}; });
  EXPECT_EQ(fp8_e5m2_encode(61439.0), 0x7B);  // below midpoint 57344|65536
  EXPECT_EQ(fp8_e5m2_encode(61440.0), 0x7C);  // tie -> even = Inf (IEEE overflow)
  EXPECT_EQ(fp8_e5m2_encode(-1e9), 0xFC);
}

TEST(Fp4E2M1, EveryCodeMatchesSpecTable) {
  for (int c = 0; c < 16; ++c) {
    expect_value(fp4_e2m1_decode(static_cast<uint8_t>(c)), spec_e2m1(static_cast<uint8_t>(c)), c);
    EXPECT_EQ(fp4_e2m1_encode(spec_e2m1(static_cast<uint8_t>(c))), c) << "round trip " << c;
  }
}

TEST(Fp4E2M1, RoundingSaturationAndNoNan) {
  check_midpoints(positive_values(16, spec_e2m1), 0x8,
                  [](double x) { return int{fp4_e2m1_encode(x)}; });
  EXPECT_EQ(fp4_e2m1_encode(5.0), 0x6);    // tie 4|6 -> 4 (even mantissa)
  EXPECT_EQ(fp4_e2m1_encode(7.0), 0x7);    // saturate to 6
  EXPECT_EQ(fp4_e2m1_encode(1e9), 0x7);
  EXPECT_EQ(fp4_e2m1_encode(-kInf), 0xF);
  EXPECT_EQ(fp4_e2m1_encode(0.25), 0x0);   // tie 0|0.5 -> 0
  EXPECT_EQ(fp4_e2m1_encode(0.75), 0x2);   // tie 0.5|1 -> 1
  EXPECT_THROW(fp4_e2m1_encode(kNaN), std::invalid_argument);
}

// fp4_e2m1_encode uses a midpoint table for speed; it must equal the generic encoder.
TEST(Fp4E2M1, TableEncoderEqualsGenericMinifloatEncoder) {
  for (int i = -8000; i <= 8000; ++i) {
    const double x = i / 1024.0;  // every multiple of 2^-10 in [-7.8, 7.8]: all ties included
    ASSERT_EQ(fp4_e2m1_encode(x), minifloat_encode(kFp4E2M1Format, x)) << x;
    ASSERT_EQ(fp4_e2m1_encode(std::nextafter(x, kInf)), minifloat_encode(kFp4E2M1Format, std::nextafter(x, kInf))) << x;
    ASSERT_EQ(fp4_e2m1_encode(std::nextafter(x, -kInf)), minifloat_encode(kFp4E2M1Format, std::nextafter(x, -kInf))) << x;
  }
  for (int c = 0; c < 16; ++c)
    EXPECT_EQ(fp4_e2m1_decode(static_cast<uint8_t>(c)), minifloat_decode(kFp4E2M1Format, static_cast<uint32_t>(c)));
}

TEST(E8M0, EveryCodeIsAPowerOfTwoOrNan) {
  for (int c = 0; c < 255; ++c) {
    EXPECT_EQ(e8m0_decode(static_cast<uint8_t>(c)), std::pow(2.0, c - 127)) << c;
    EXPECT_EQ(e8m0_encode_exponent(c - 127), c);
    EXPECT_EQ(e8m0_exponent(static_cast<uint8_t>(c)), c - 127);
  }
  EXPECT_TRUE(std::isnan(e8m0_decode(0xFF)));
  EXPECT_THROW(e8m0_exponent(0xFF), std::invalid_argument);
  EXPECT_THROW(e8m0_encode_exponent(128), std::invalid_argument);
  EXPECT_THROW(e8m0_encode_exponent(-128), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim
