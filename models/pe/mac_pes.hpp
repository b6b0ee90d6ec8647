#pragma once
// Datapath models of the baseline PEs. Each PE computes psum_out = psum_in + a * w with the
// widths and rounding below; the array passes psum down a column (weight-stationary) or keeps
// it in place (output-stationary), so a column reproduces the golden "k ascending" order.
#include <cstdint>

#include "models/fp16.hpp"

namespace mixsim::pe {

// DequantMacPe (the conventional "dequantize first" PE): each INT4 weight is first dequantized
// to the activation datapath's type, FP16: w16 = fl16(s * (q - z)); INT8 activations are exact
// in FP16. The FP16 x FP16 product is exact in FP32 (11 x 11 significant bits <= 24) and is
// accumulated in FP32: psum = fl32(psum + a16 * w16). The rounding of w16 is the precision cost
// of dequantizing first; the per-weight dequantization multiply is its energy cost.
// x rounded to the nearest FP16 value (ties to even, overflow to Inf), held in a float: the
// compiler's IEEE binary16 conversion where it has one (much faster per element), else
// models/fp16.hpp. tests/sim checks both agree (all FP16 boundaries, random floats).
inline float round_to_fp16(float x) {
#if defined(__FLT16_MAX__)
  return static_cast<float>(static_cast<_Float16>(x));
#else
  return fp16_round_float(x);
#endif
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
