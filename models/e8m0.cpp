#include "models/e8m0.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mixsim {

uint8_t e8m0_encode_exponent(int exponent) {
  if (exponent < kE8M0MinExponent || exponent > kE8M0MaxExponent)
    throw std::invalid_argument("E8M0: exponent " + std::to_string(exponent) +
                                " outside [-127, 127]");
  return static_cast<uint8_t>(exponent + 127);
}

double e8m0_decode(uint8_t code) {
  if (code == kE8M0NanCode) return std::numeric_limits<double>::quiet_NaN();
  return std::ldexp(1.0, static_cast<int>(code) - 127);
}

int e8m0_exponent(uint8_t code) {
  if (code == kE8M0NanCode) throw std::invalid_argument("E8M0: code 0xFF is NaN");
  return static_cast<int>(code) - 127;
}

}  // namespace mixsim
