// Integer formats and round-half-to-even.
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdio>
#include <random>

#include "models/int_format.hpp"
#include "models/rounding.hpp"

namespace mixsim {
namespace {

TEST(IntFormat, RangesOfEveryWidth) {
  for (int b = 2; b <= 8; ++b) {
    const IntFormat s = make_int_format(b, true), u = make_int_format(b, false);
    EXPECT_EQ(s.min(), -(1 << (b - 1)));
    EXPECT_EQ(s.max(), (1 << (b - 1)) - 1);
    EXPECT_EQ(u.min(), 0);
    EXPECT_EQ(u.max(), (1 << b) - 1);
  }
  EXPECT_THROW(make_int_format(1, true), std::invalid_argument);
  EXPECT_THROW(make_int_format(9, false), std::invalid_argument);
  const IntFormat int4 = make_int_format(4, true);
  EXPECT_EQ(quantize_to_int(7.5, int4), 7);    // clamp
  EXPECT_EQ(quantize_to_int(-8.5, int4), -8);  // tie to even -8, in range
  EXPECT_EQ(quantize_to_int(-100.0, int4), -8);
  EXPECT_EQ(quantize_to_int(6.5, int4), 6);
}

// round_half_even agrees with the FPU's round-to-nearest-even (std::nearbyint in the default
// mode) and does not depend on the current rounding mode.
TEST(Rounding, HalfEvenMatchesNearbyintAndIgnoresRoundingMode) {
  const uint32_t seed = 11;
  std::printf("seed=%u\n", seed);
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> d(-1e6, 1e6);
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 2 ? d(gen) : std::round(d(gen) * 2) / 2;  // half the cases exact halves
    ASSERT_EQ(round_half_even(x), std::nearbyint(x)) << x;
  }
  std::fesetround(FE_UPWARD);
  const double up = round_half_even(2.5);
  std::fesetround(FE_TONEAREST);
  EXPECT_EQ(up, 2.0);
  EXPECT_EQ(round_half_even(-2.5), -2.0);
  EXPECT_EQ(round_half_even(0x1p52 + 1), 0x1p52 + 1);
}

}  // namespace
}  // namespace mixsim
