#include "models/fp8_e4m3.hpp"

namespace mixsim {

uint8_t fp8_e4m3_encode(double x) { return static_cast<uint8_t>(minifloat_encode(kFp8E4M3Format, x)); }
double fp8_e4m3_decode(uint8_t code) { return minifloat_decode(kFp8E4M3Format, code); }
double fp8_e4m3_round(double x) { return minifloat_round(kFp8E4M3Format, x); }

}  // namespace mixsim
