#pragma once
// OCP MX v1.0 E8M0 shared scale: 8 exponent bits, no sign, no mantissa, bias 127.
// Code c in [0, 254] means 2^(c-127); code 255 is NaN. There is no zero.
#include <cstdint>

namespace mixsim {

inline constexpr uint8_t kE8M0NanCode = 0xFF;
inline constexpr int kE8M0MinExponent = -127;
inline constexpr int kE8M0MaxExponent = 127;

// Code of 2^exponent; throws std::invalid_argument outside [-127, 127].
uint8_t e8m0_encode_exponent(int exponent);
// 2^(code-127) as a double (exact); NaN for code 255.
double e8m0_decode(uint8_t code);
// The unbiased exponent (code - 127); throws for the NaN code.
int e8m0_exponent(uint8_t code);

}  // namespace mixsim
