#pragma once
// bfloat16: 1 sign, 8 exponent (bias 127), 7 mantissa bits: the top half of an FP32. Inf and
// NaN as IEEE; overflow rounds to Inf.
#include <cstdint>

#include "models/minifloat.hpp"

namespace mixsim {

inline constexpr MinifloatFormat kBf16Format{"BF16", 8, 7, 127, MinifloatSpecials::Ieee,
                                           MinifloatOverflow::ToInfinity};

// Round-half-to-even encode; see MinifloatFormat for NaN/Inf/overflow behaviour.
uint16_t bf16_encode(double x);
double bf16_decode(uint16_t code);
// x rounded to the nearest representable value (ties to even), as a double (exact).
double bf16_round(double x);

}  // namespace mixsim
