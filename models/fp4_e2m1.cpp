#include "models/fp4_e2m1.hpp"

#include <cmath>
#include <stdexcept>

namespace mixsim {
namespace {

// Magnitudes of codes 0..7 (OCP MX v1.0) and the midpoints between neighbours.
constexpr double kMagnitudes[8] = {0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0};
constexpr double kMidpoints[7] = {0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0};

}  // namespace

// Nearest of the eight magnitudes by comparison with the midpoints: the same round-half-even,
// saturating result as minifloat_encode(kFp4E2M1Format, x) (tests compare the two), without
// frexp/ldexp, because block quantizers call this once per element.
uint8_t fp4_e2m1_encode(double x) {
  if (std::isnan(x)) throw std::invalid_argument("cannot encode NaN in FP4_E2M1");
  const uint8_t sign = std::signbit(x) ? 0x8 : 0x0;
  const double a = std::fabs(x);
  uint8_t code = 0;
  while (code < 7 && a > kMidpoints[code]) ++code;
  // A tie sits exactly on kMidpoints[code]: the loop stopped at the lower code; take the upper
  // one when it is the even code.
  if (code < 7 && a == kMidpoints[code] && (code & 1)) ++code;
  return static_cast<uint8_t>(sign | code);
}

double fp4_e2m1_decode(uint8_t code) {
  const double m = kMagnitudes[code & 0x7];
  return (code & 0x8) ? -m : m;
}

double fp4_e2m1_round(double x) { return fp4_e2m1_decode(fp4_e2m1_encode(x)); }

}  // namespace mixsim
