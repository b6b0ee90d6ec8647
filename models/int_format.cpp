#include "models/int_format.hpp"

#include <stdexcept>
#include <string>

#include "models/rounding.hpp"

namespace mixsim {

IntFormat make_int_format(int bits, bool is_signed) {
  if (bits < 2 || bits > 8)
    throw std::invalid_argument("integer format: bits=" + std::to_string(bits) +
                                " not supported (allowed 2..8)");
  return IntFormat{bits, is_signed};
}

int64_t quantize_to_int(double x, const IntFormat& format) {
  return round_half_even_clamped(x, format.min(), format.max());
}

}  // namespace mixsim
