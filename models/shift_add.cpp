#include "models/shift_add.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/fp16.hpp"

namespace mixsim {
namespace {

int bit(int code, int i) { return (code >> i) & 1; }

void require_code(int code, int lo, int hi, const char* what) {
  if (code < lo || code > hi)
    throw std::invalid_argument(std::string(what) + ": weight code " + std::to_string(code) +
                                " outside [" + std::to_string(lo) + ", " + std::to_string(hi) +
                                "]");
}

// t_i = b_i ? (a << i) : 0 on the 4-bit pattern of the code.
int32_t shifted_term(int nibble, int i, int32_t a) { return bit(nibble, i) ? (a << i) : 0; }

}  // namespace

int32_t shift_add_multiply_int4_int8(int weight_code, int8_t activation) {
  require_code(weight_code, -8, 7, "shift_add_multiply_int4_int8");
  const int nibble = weight_code & 0xF;
  const int32_t a = activation;
  return ((shifted_term(nibble, 0, a) + shifted_term(nibble, 1, a)) +
          shifted_term(nibble, 2, a)) -
         shifted_term(nibble, 3, a);
}

int32_t shift_add_multiply_uint4_int8(int weight_code, int8_t activation) {
  require_code(weight_code, 0, 15, "shift_add_multiply_uint4_int8");
  const int32_t a = activation;
  return ((shifted_term(weight_code, 0, a) + shifted_term(weight_code, 1, a)) +
          shifted_term(weight_code, 2, a)) +
         shifted_term(weight_code, 3, a);
}

float shift_add_multiply_int4_fp16(int weight_code, uint16_t activation_fp16) {
  require_code(weight_code, -8, 7, "shift_add_multiply_int4_fp16");
  const int nibble = weight_code & 0xF;
  const float a = static_cast<float>(fp16_decode(activation_fp16));
  // a * 2^i: exponent increment of an FP16 value, exact in FP32 (FP16 exponents + 3 fit).
  auto term = [&](int i) { return bit(nibble, i) ? std::ldexp(a, i) : 0.0f; };
  return ((term(0) + term(1)) + term(2)) - term(3);
}

}  // namespace mixsim
