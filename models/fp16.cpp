#include "models/fp16.hpp"

#include <bit>

namespace mixsim {

uint16_t fp16_encode(double x) { return static_cast<uint16_t>(minifloat_encode(kFp16Format, x)); }
double fp16_decode(uint16_t code) { return minifloat_decode(kFp16Format, code); }
double fp16_round(double x) { return minifloat_round(kFp16Format, x); }

uint16_t fp16_encode_float(float x) {
  const uint32_t bits = std::bit_cast<uint32_t>(x);
  const auto sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  const uint32_t magnitude = bits & 0x7FFFFFFFu;
  if (magnitude > 0x7F800000u) return sign | 0x7E00u;   // NaN: canonical quiet NaN
  if (magnitude >= 0x477FF000u) return sign | 0x7C00u;  // >= 65520 (incl. Inf): rounds to Inf
  const uint32_t exponent = magnitude >> 23;            // biased FP32 exponent
  const uint32_t mantissa = (magnitude & 0x7FFFFFu) | 0x800000u;
  if (magnitude < 0x38800000u) {                        // below 2^-14: FP16 subnormal or zero
    if (magnitude < 0x33000000u) return sign;           // below 2^-25 (a tie at 2^-25 -> 0)
    // value * 2^24 = mantissa * 2^(exponent - 126); shift in [14, 24].
    const uint32_t shift = 126u - exponent;
    uint32_t q = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1u);
    const uint32_t half = 1u << (shift - 1u);
    if (rest > half || (rest == half && (q & 1u))) ++q;  // may carry into the min normal
    return static_cast<uint16_t>(sign | q);
  }
  uint32_t h = ((exponent - 112u) << 10) | ((magnitude & 0x7FFFFFu) >> 13);
  const uint32_t rest = magnitude & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // carries into the exponent
  return static_cast<uint16_t>(sign | h);
}

float fp16_round_float(float x) { return static_cast<float>(fp16_decode(fp16_encode_float(x))); }

MatrixF32 fp16_round_matrix(const MatrixF32& a) {
  MatrixF32 out(a.rows(), a.cols());
  for (size_t i = 0; i < a.size(); ++i) out.data()[i] = fp16_round_float(a.data()[i]);
  return out;
}

}  // namespace mixsim
