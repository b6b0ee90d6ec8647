#pragma once
// Rounding primitives shared by every format and quantizer. Round-half-to-even is implemented
// explicitly (not via the floating-point environment) so the result never depends on fesetround.
#include <cstdint>

namespace mixsim {

// Nearest integer to x, ties to the even integer. x must be finite. Exact for every double.
double round_half_even(double x);

// round_half_even(x) clamped to [lo, hi], as an integer. x must be finite.
int64_t round_half_even_clamped(double x, int64_t lo, int64_t hi);

// Round a double to the nearest FP32 value, ties to even (IEEE default conversion).
inline float round_to_fp32(double x) { return static_cast<float>(x); }

}  // namespace mixsim
