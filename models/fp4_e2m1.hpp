#pragma once
// OCP FP4 E2M1 (MX v1.0): bias 1, no Inf, no NaN; values +-{0, 0.5, 1, 1.5, 2, 3, 4, 6}.
// Conversion saturates at +-6; encoding NaN throws. Codes occupy the low 4 bits.
#include <cstdint>

#include "models/minifloat.hpp"

namespace mixsim {

inline constexpr MinifloatFormat kFp4E2M1Format{"FP4_E2M1", 2, 1, 1, MinifloatSpecials::None,
                                           MinifloatOverflow::Saturate};

// Round-half-to-even encode; see MinifloatFormat for NaN/Inf/overflow behaviour.
uint8_t fp4_e2m1_encode(double x);
double fp4_e2m1_decode(uint8_t code);
// x rounded to the nearest representable value (ties to even), as a double (exact).
double fp4_e2m1_round(double x);

}  // namespace mixsim
