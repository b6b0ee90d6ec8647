#include "models/pe/shift_add_pe.hpp"

#include <stdexcept>
#include <string>

namespace mixsim::pe {
namespace {

// Two's-complement bits b0..b4 of a weight in [-16, 15].
uint32_t weight_bits(int32_t w) {
  if (w < ShiftAddPe::kMinWeight || w > ShiftAddPe::kMaxWeight)
    throw std::out_of_range("ShiftAddPe: weight " + std::to_string(w) +
                            " outside the 5-bit range [-16, 15]");
  return static_cast<uint32_t>(w) & 0x1Fu;
}

}  // namespace

int ShiftAddPe::active_terms(int32_t w) { return __builtin_popcount(weight_bits(w)); }

int32_t ShiftAddPe::multiply(int8_t a, int32_t w) {
  const uint32_t bits = weight_bits(w);
  const int32_t a32 = a;
  int32_t sum = 0;
  for (int i = 0; i < 4; ++i)
    if (bits & (1u << i)) sum += a32 * (1 << i);  // a << i without shifting a negative value
  if (bits & 0x10u) sum -= a32 * 16;              // the sign bit weighs -2^4
  return sum;
}

float ShiftAddPe::multiply(float a, int32_t w) {
  const uint32_t bits = weight_bits(w);
  // a * 2^i: exponent increments (multiplication by a power of two is exact in FP32).
  const float t0 = (bits & 0x1u) ? a : 0.0f;
  const float t1 = (bits & 0x2u) ? a * 2.0f : 0.0f;
  const float t2 = (bits & 0x4u) ? a * 4.0f : 0.0f;
  const float t3 = (bits & 0x8u) ? a * 8.0f : 0.0f;
  const float t4 = (bits & 0x10u) ? -(a * 16.0f) : 0.0f;
  return ((t0 + t1) + (t2 + t3)) + t4;
}

}  // namespace mixsim::pe
