#pragma once
// Fast exact FP32 -> nearest FP16 value (round half to even, overflow to Inf, subnormals kept),
// returned as a float. Same results as models/fp16.hpp fp16_round (tests check), but by bit
// manipulation instead of the generic minifloat path: the numerics study rounds ~10^8 values.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace mixsim::workloads {

inline float fp16_round_fast(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const uint32_t sign = bits & 0x80000000u;
  uint32_t mag = bits & 0x7FFFFFFFu;
  if (mag >= 0x7F800000u) return x;                      // Inf, NaN: unchanged
  if (mag >= 0x477FF000u)                                 // >= 65520 rounds past 65504
    return sign ? -std::numeric_limits<float>::infinity() : std::numeric_limits<float>::infinity();
  if (mag < 0x38800000u)                                  // below 2^-14: FP16 subnormal grid 2^-24
    return static_cast<float>(std::nearbyint(static_cast<double>(x) * 0x1.0p24) * 0x1.0p-24);
  mag = (mag + 0xFFFu + ((mag >> 13) & 1u)) & ~0x1FFFu;  // 23 -> 10 mantissa bits, ties to even
  bits = sign | mag;
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

}  // namespace mixsim::workloads
