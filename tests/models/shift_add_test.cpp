// Shift-and-add products against true multiplication, exhaustively.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "models/fp16.hpp"
#include "models/shift_add.hpp"

namespace mixsim {
namespace {

TEST(ShiftAdd, EveryInt4TimesInt8ProductIsExact) {
  for (int q = -8; q <= 7; ++q) {
    for (int a = -128; a <= 127; ++a) {
      const int32_t got = shift_add_multiply_int4_int8(q, static_cast<int8_t>(a));
      ASSERT_EQ(got, q * a) << "q=" << q << " a=" << a;
      ASSERT_LE(std::abs(got), 1024);  // the documented 12-bit signed result width
    }
  }
}

TEST(ShiftAdd, EveryUint4TimesInt8ProductIsExact) {
  for (int q = 0; q <= 15; ++q)
    for (int a = -128; a <= 127; ++a)
      ASSERT_EQ(shift_add_multiply_uint4_int8(q, static_cast<int8_t>(a)), q * a)
          << "q=" << q << " a=" << a;
}

TEST(ShiftAdd, EveryInt4TimesFiniteFp16ProductIsExactInFp32) {
  for (int q = -8; q <= 7; ++q) {
    for (uint32_t bits = 0; bits < 65536; ++bits) {
      const double a = fp16_decode(static_cast<uint16_t>(bits));
      if (!std::isfinite(a)) continue;
      const float got = shift_add_multiply_int4_fp16(q, static_cast<uint16_t>(bits));
      ASSERT_EQ(static_cast<double>(got), a * q) << "q=" << q << " a=" << a;
    }
  }
}

TEST(ShiftAdd, RejectsCodesOutsideFourBits) {
  EXPECT_THROW(shift_add_multiply_int4_int8(8, 1), std::invalid_argument);
  EXPECT_THROW(shift_add_multiply_int4_int8(-9, 1), std::invalid_argument);
  EXPECT_THROW(shift_add_multiply_uint4_int8(16, 1), std::invalid_argument);
  EXPECT_THROW(shift_add_multiply_uint4_int8(-1, 1), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim
