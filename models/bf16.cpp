#include "models/bf16.hpp"

namespace mixsim {

uint16_t bf16_encode(double x) { return static_cast<uint16_t>(minifloat_encode(kBf16Format, x)); }
double bf16_decode(uint16_t code) { return minifloat_decode(kBf16Format, code); }
double bf16_round(double x) { return minifloat_round(kBf16Format, x); }

}  // namespace mixsim
