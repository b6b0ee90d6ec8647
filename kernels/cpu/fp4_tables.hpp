#pragma once
// FP4 E2M1 and E8M0 decoding for the MXFP4 kernels. An E2M1 value times 2 is an integer in
// [-12, 12], so a block's products sum exactly in integers: sum (2e_w)(2e_a) = 4 * sum e_w e_a.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace mixsim::kernels {

// 2 * value of E2M1 code c (bit 3 sign, bits 2..1 exponent, bit 0 mantissa).
inline constexpr std::array<int8_t, 16> kE2M1Doubled = {0,  1,  2,  3,  4,  6,  8,  12,
                                                        0, -1, -2, -3, -4, -6, -8, -12};

// 2^(code - 127); NaN for code 255 (OCP MX v1.0).
inline double e8m0_value(uint8_t code) {
  if (code == 0xFF) return std::numeric_limits<double>::quiet_NaN();
  return std::ldexp(1.0, static_cast<int>(code) - 127);
}

}  // namespace mixsim::kernels
