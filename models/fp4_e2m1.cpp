#include "models/fp4_e2m1.hpp"

namespace mixsim {

uint8_t fp4_e2m1_encode(double x) { return static_cast<uint8_t>(minifloat_encode(kFp4E2M1Format, x)); }
double fp4_e2m1_decode(uint8_t code) { return minifloat_decode(kFp4E2M1Format, code); }
double fp4_e2m1_round(double x) { return minifloat_round(kFp4E2M1Format, x); }

}  // namespace mixsim
