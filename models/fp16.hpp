#pragma once
// IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits; Inf and NaN; overflow
// rounds to Inf as IEEE requires. Largest finite 65504, smallest subnormal 2^-24.
#include <cstdint>

#include "models/matrix.hpp"
#include "models/minifloat.hpp"

namespace mixsim {

inline constexpr MinifloatFormat kFp16Format{"FP16", 5, 10, 15, MinifloatSpecials::Ieee,
                                           MinifloatOverflow::ToInfinity};

// Round-half-to-even encode; see MinifloatFormat for NaN/Inf/overflow behaviour.
uint16_t fp16_encode(double x);
double fp16_decode(uint16_t code);
// x rounded to the nearest representable value (ties to even), as a double (exact).
double fp16_round(double x);

}  // namespace mixsim

namespace mixsim {
// Fast FP32 -> FP16 conversion by bit manipulation for the hot paths (W4A16 activations, PE
// models). Identical to fp16_encode on every float (round half to even, overflow to Inf, NaN ->
// 0x7E00 with the sign); tests compare it with fp16_encode and with _Float16.
uint16_t fp16_encode_float(float x);
// x rounded to the nearest FP16 value, as a float.
float fp16_round_float(float x);
// Every element of a rounded to FP16 (fp16_round_float): FP16 operands held in FP32 storage.
MatrixF32 fp16_round_matrix(const MatrixF32& a);
}  // namespace mixsim
