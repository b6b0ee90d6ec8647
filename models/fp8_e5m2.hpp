#pragma once
// OCP FP8 E5M2 (OFP8 v1.0): IEEE-like, bias 15, Inf and NaN, largest finite 57344, smallest
// subnormal 2^-16. Overflow rounds to Inf (the non-saturating IEEE conversion).
#include <cstdint>

#include "models/minifloat.hpp"

namespace mixsim {

inline constexpr MinifloatFormat kFp8E5M2Format{"FP8_E5M2", 5, 2, 15, MinifloatSpecials::Ieee,
                                           MinifloatOverflow::ToInfinity};

// Round-half-to-even encode; see MinifloatFormat for NaN/Inf/overflow behaviour.
uint8_t fp8_e5m2_encode(double x);
double fp8_e5m2_decode(uint8_t code);
// x rounded to the nearest representable value (ties to even), as a double (exact).
double fp8_e5m2_round(double x);

}  // namespace mixsim
