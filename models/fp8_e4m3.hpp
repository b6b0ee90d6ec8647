#pragma once
// OCP FP8 E4M3 (OFP8 v1.0): bias 7, no Inf, NaN only at S.1111.111, largest finite 448, smallest
// subnormal 2^-9. Conversion saturates: finite values (and +-Inf) beyond 448 become +-448.
#include <cstdint>

#include "models/minifloat.hpp"

namespace mixsim {

inline constexpr MinifloatFormat kFp8E4M3Format{"FP8_E4M3", 4, 3, 7, MinifloatSpecials::NanOnlyAllOnes,
                                           MinifloatOverflow::Saturate};

// Round-half-to-even encode; see MinifloatFormat for NaN/Inf/overflow behaviour.
uint8_t fp8_e4m3_encode(double x);
double fp8_e4m3_decode(uint8_t code);
// x rounded to the nearest representable value (ties to even), as a double (exact).
double fp8_e4m3_round(double x);

}  // namespace mixsim
