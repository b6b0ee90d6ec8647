#pragma once
// Generic small binary floating-point format (sign, E exponent bits, M mantissa bits, bias) with
// round-half-to-even encoding. FP16, BF16, FP8 E4M3/E5M2 and FP4 E2M1 are instances
// (fp16.hpp, bf16.hpp, fp8_e4m3.hpp, fp8_e5m2.hpp, fp4_e2m1.hpp); each is tested against an
// independent reference (the compiler's _Float16, spec tables written out in the tests).
#include <cstdint>

namespace mixsim {

// How the all-ones exponent field is used.
enum class MinifloatSpecials {
  Ieee,            // exponent all ones: mantissa 0 = Inf, else NaN (FP16, BF16, E5M2)
  NanOnlyAllOnes,  // only S.1111.111 is NaN, no Inf; all-ones exponent otherwise finite (E4M3)
  None,            // every code is a finite number (E2M1)
};

// What happens to finite values beyond the largest finite magnitude (after rounding).
enum class MinifloatOverflow {
  ToInfinity,  // IEEE: round-to-nearest overflow gives Inf (needs Ieee specials)
  Saturate,    // clamp to +-max finite (OCP E4M3 and E2M1 "saturating" conversion)
};

struct MinifloatFormat {
  const char* name;
  int exponent_bits;
  int mantissa_bits;
  int bias;
  MinifloatSpecials specials;
  MinifloatOverflow overflow;

  int total_bits() const { return 1 + exponent_bits + mantissa_bits; }
  uint32_t sign_mask() const { return 1u << (exponent_bits + mantissa_bits); }
  int min_normal_exponent() const { return 1 - bias; }
  double max_finite() const;        // largest finite magnitude
  double min_subnormal() const;     // smallest positive magnitude
  bool has_infinity() const { return specials == MinifloatSpecials::Ieee; }
  bool has_nan() const { return specials != MinifloatSpecials::None; }
  uint32_t nan_code() const;        // canonical quiet NaN code (positive sign)
  uint32_t infinity_code() const;   // +Inf code (Ieee specials only)
};

// Encode x with round-half-to-even. NaN -> nan_code() (throws std::invalid_argument for formats
// without NaN); +-Inf -> +-Inf or +-max finite per the overflow policy. -0.0 keeps its sign.
uint32_t minifloat_encode(const MinifloatFormat& format, double x);

// Decode a code (only the low total_bits() bits are used) to its exact value.
double minifloat_decode(const MinifloatFormat& format, uint32_t code);

// Value of x after rounding to the format (encode then decode).
inline double minifloat_round(const MinifloatFormat& format, double x) {
  return minifloat_decode(format, minifloat_encode(format, x));
}

}  // namespace mixsim
