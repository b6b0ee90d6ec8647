#pragma once
// Datapath models of the baseline PEs. Each PE computes psum_out = psum_in + a * w with the
// widths and rounding below; the array passes psum down a column (weight-stationary) or keeps
// it in place (output-stationary), so a column reproduces the golden "k ascending" order.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "models/fp16.hpp"

namespace mixsim::pe {

// DequantMacPe (the conventional "dequantize first" PE): each INT4 weight is first dequantized
// to the activation datapath's type, FP16: w16 = fl16(s * (q - z)); INT8 activations are exact
// in FP16. The FP16 x FP16 product is exact in FP32 (11 x 11 significant bits <= 24) and is
// accumulated in FP32: psum = fl32(psum + a16 * w16). The rounding of w16 is the precision cost
// of dequantizing first; the per-weight dequantization multiply is its energy cost.
// x rounded to the nearest FP16 value (ties to even, overflow to Inf, NaN kept), held in a
// float: the same function as models/fp16.hpp's fp16_round (tests/sim checks every FP16 value,
// every tie between neighbours and random floats), computed with float bit operations because
// the array's operand preparation rounds hundreds of millions of weights.
inline float round_to_fp16(float x) {
  const float ax = std::fabs(x);
  if (!(ax >= 0x1p-14f)) {  // FP16 subnormal range (fixed quantum 2^-24), zero or NaN
    if (ax != ax) return x;
    return std::nearbyint(x * 0x1p24f) * 0x1p-24f;  // both scalings are exact
  }
  // Normal range: round the 24-bit significand to 11 bits, half to even (a carry correctly
  // bumps the exponent).
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  u += 0x0FFFu + ((u >> 13) & 1u);
  u &= ~0x1FFFu;
  float r;
  std::memcpy(&r, &u, sizeof r);
  if (std::fabs(r) >= 65536.0f) return std::copysign(INFINITY, x);  // beyond 65504: Inf
  return r;
}

struct DequantMacPe {
  static float dequantize(float scale, int32_t centered_code) {
    return round_to_fp16(scale * static_cast<float>(centered_code));  // s*(q-z) exact in FP32
  }
  static float mac(float psum, float a, float w16) { return psum + a * w16; }
};

// Fp16MacPe (tensor-core-like): FP16 operands (unquantized weights rounded to FP16), exact
// FP32 product, FP32 accumulation.
struct Fp16MacPe {
  static float mac(float psum, float a16, float w16) { return psum + a16 * w16; }
};

// Int8MacPe (W8A8): INT8 x INT8 -> INT16 product, INT32 accumulation (exact).
struct Int8MacPe {
  static int32_t mac(int32_t psum, int8_t a, int8_t w) {
    return psum + int32_t{a} * int32_t{w};
  }
};

}  // namespace mixsim::pe
