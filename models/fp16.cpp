#include "models/fp16.hpp"

namespace mixsim {

uint16_t fp16_encode(double x) { return static_cast<uint16_t>(minifloat_encode(kFp16Format, x)); }
double fp16_decode(uint16_t code) { return minifloat_decode(kFp16Format, code); }
double fp16_round(double x) { return minifloat_round(kFp16Format, x); }

}  // namespace mixsim
