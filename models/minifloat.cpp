#include "models/minifloat.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/rounding.hpp"

namespace mixsim {
namespace {

uint32_t all_ones(int bits) { return (1u << bits) - 1u; }

// Largest biased exponent field that encodes finite numbers.
int max_finite_exponent_field(const MinifloatFormat& f) {
  const int all = static_cast<int>(all_ones(f.exponent_bits));
  return f.specials == MinifloatSpecials::Ieee ? all - 1 : all;
}

// Largest mantissa field allowed with max_finite_exponent_field.
uint32_t max_finite_mantissa_field(const MinifloatFormat& f) {
  const uint32_t all = all_ones(f.mantissa_bits);
  return f.specials == MinifloatSpecials::NanOnlyAllOnes ? all - 1u : all;
}

}  // namespace

double MinifloatFormat::max_finite() const {
  const double mantissa =
      1.0 + std::ldexp(static_cast<double>(max_finite_mantissa_field(*this)), -mantissa_bits);
  return std::ldexp(mantissa, max_finite_exponent_field(*this) - bias);
}

double MinifloatFormat::min_subnormal() const {
  return std::ldexp(1.0, min_normal_exponent() - mantissa_bits);
}

uint32_t MinifloatFormat::nan_code() const {
  switch (specials) {
    case MinifloatSpecials::Ieee:  // exponent all ones, mantissa MSB set (quiet NaN)
      return (all_ones(exponent_bits) << mantissa_bits) | (1u << (mantissa_bits - 1));
    case MinifloatSpecials::NanOnlyAllOnes:
      return all_ones(exponent_bits + mantissa_bits);
    case MinifloatSpecials::None:
      break;
  }
  throw std::invalid_argument(std::string(name) + " has no NaN encoding");
}

uint32_t MinifloatFormat::infinity_code() const {
  if (specials != MinifloatSpecials::Ieee)
    throw std::invalid_argument(std::string(name) + " has no infinity encoding");
  return all_ones(exponent_bits) << mantissa_bits;
}

uint32_t minifloat_encode(const MinifloatFormat& f, double x) {
  if (std::isnan(x)) {
    if (!f.has_nan())
      throw std::invalid_argument(std::string("cannot encode NaN in ") + f.name);
    return f.nan_code();
  }
  const uint32_t sign = std::signbit(x) ? f.sign_mask() : 0u;
  const double magnitude = std::fabs(x);
  const uint32_t max_code =
      (static_cast<uint32_t>(max_finite_exponent_field(f)) << f.mantissa_bits) |
      max_finite_mantissa_field(f);
  auto overflowed = [&]() -> uint32_t {
    if (f.overflow == MinifloatOverflow::ToInfinity) return sign | f.infinity_code();
    return sign | max_code;
  };
  if (std::isinf(magnitude)) return overflowed();
  if (magnitude == 0.0) return sign;

  // Quantum (spacing) of the binade holding the magnitude; subnormals share the lowest one.
  int frexp_exponent = 0;
  std::frexp(magnitude, &frexp_exponent);  // magnitude = f * 2^e, f in [0.5, 1)
  const int emin = f.min_normal_exponent();
  const int binade = std::max(frexp_exponent - 1, emin);
  const int quantum_exponent = binade - f.mantissa_bits;
  // Scaling by a power of two is exact, so the only rounding is round_half_even.
  const double units = round_half_even(std::ldexp(magnitude, -quantum_exponent));
  const double rounded = std::ldexp(units, quantum_exponent);
  if (rounded > f.max_finite()) return overflowed();
  if (rounded == 0.0) return sign;
  if (rounded < std::ldexp(1.0, emin)) {  // subnormal: exponent field 0
    return sign | static_cast<uint32_t>(std::ldexp(rounded, -(emin - f.mantissa_bits)));
  }
  int e = 0;
  std::frexp(rounded, &e);
  const int unbiased = e - 1;
  const double significand = std::ldexp(rounded, -unbiased);  // in [1, 2)
  const auto mantissa =
      static_cast<uint32_t>(std::ldexp(significand - 1.0, f.mantissa_bits));
  const auto exponent_field = static_cast<uint32_t>(unbiased + f.bias);
  return sign | (exponent_field << f.mantissa_bits) | mantissa;
}

double minifloat_decode(const MinifloatFormat& f, uint32_t code) {
  code &= all_ones(f.total_bits());
  const bool negative = (code & f.sign_mask()) != 0;
  const uint32_t exponent_field = (code >> f.mantissa_bits) & all_ones(f.exponent_bits);
  const uint32_t mantissa_field = code & all_ones(f.mantissa_bits);
  double value = 0.0;
  if (f.specials == MinifloatSpecials::Ieee && exponent_field == all_ones(f.exponent_bits)) {
    value = mantissa_field == 0 ? std::numeric_limits<double>::infinity()
                                : std::numeric_limits<double>::quiet_NaN();
  } else if (f.specials == MinifloatSpecials::NanOnlyAllOnes &&
             exponent_field == all_ones(f.exponent_bits) &&
             mantissa_field == all_ones(f.mantissa_bits)) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (exponent_field == 0) {
    value = std::ldexp(static_cast<double>(mantissa_field),
                       f.min_normal_exponent() - f.mantissa_bits);
  } else {
    const double significand =
        1.0 + std::ldexp(static_cast<double>(mantissa_field), -f.mantissa_bits);
    value = std::ldexp(significand, static_cast<int>(exponent_field) - f.bias);
  }
  return negative ? -value : value;
}

}  // namespace mixsim
