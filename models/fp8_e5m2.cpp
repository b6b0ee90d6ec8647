#include "models/fp8_e5m2.hpp"

namespace mixsim {

uint8_t fp8_e5m2_encode(double x) { return static_cast<uint8_t>(minifloat_encode(kFp8E5M2Format, x)); }
double fp8_e5m2_decode(uint8_t code) { return minifloat_decode(kFp8E5M2Format, code); }
double fp8_e5m2_round(double x) { return minifloat_round(kFp8E5M2Format, x); }

}  // namespace mixsim
