#include "models/pe/shift_add_float.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/pe/mixpe_params.hpp"

namespace mixsim::pe {

uint32_t shift_add_multiply_float(FloatActivation f, uint32_t a_code, int32_t w, int w_bits) {
  const MinifloatFormat& fmt = float_activation_format(f);
  const int man_bits = fmt.mantissa_bits;
  const uint32_t exp_field = (a_code >> man_bits) & ((1u << fmt.exponent_bits) - 1u);
  const bool negative = ((a_code >> (fmt.exponent_bits + man_bits)) & 1u) != 0;
  if (fmt.has_infinity() ? exp_field == (1u << fmt.exponent_bits) - 1u
                         : fmt.has_nan() && (a_code & (fmt.sign_mask() - 1u)) == fmt.nan_code())
    throw std::invalid_argument(std::string("shift_add_multiply_float: ") +
                                float_activation_name(f) + " code " + std::to_string(a_code) +
                                " is Inf or NaN (outside the PE's contract)");
  const int32_t magnitude = static_cast<int32_t>(a_code & ((1u << man_bits) - 1u)) |
                            (exp_field != 0 ? (1 << man_bits) : 0);
  const int32_t significand = negative ? -magnitude : magnitude;
  const int32_t product = shift_add_multiply(significand, w, w_bits);
  if (product == 0) {
    const bool all_magnitude_bits = w == (1 << (w_bits - 1)) - 1;
    return negative && all_magnitude_bits ? 0x80000000u : 0u;
  }
  // Normal: S * 2^(e - bias - M); subnormal: S * 2^(1 - bias - M). ldexp rounds only where FP32
  // does (its subnormals are exact here, overflow gives Inf).
  const int exponent = (exp_field != 0 ? static_cast<int>(exp_field) : 1) - fmt.bias - man_bits;
  return std::bit_cast<uint32_t>(std::ldexp(static_cast<float>(product), exponent));
}

}  // namespace mixsim::pe
