#pragma once
// The MixPE product of a low-bit weight and a float activation, as rtl/shift_add_mul_fp16.v
// computes it for every float activation format (FP16, BF16, FP8 E4M3): the activation's signed
// significand S (hidden bit included, sign applied) goes through the integer shift-and-add
// multiplier (shift_add_multiply: weight bits select S << i, the sign bit's term is subtracted),
// and one normalizer scales the integer product by 2^(e - bias - mantissa_bits) into FP32.
//   |S * w| < 2^(mantissa_bits + 1 + w_bits - 1) <= 2^17 significant bits fit FP32's 24, so the
//   FP32 result is the exact product a * w whenever it is in FP32's range. FP16 and FP8 products
//   always are (normal). BF16 shares FP32's exponent range: a product below 2^-126 is an FP32
//   subnormal (still exact: bf16 values are multiples of 2^-133 and FP32 subnormals of 2^-149),
//   and a product of 2^128 or more rounds to Inf, as fl32(a * w) does.
//   A zero product is -0 only for a = -0 and w = 2^(w_bits-1) - 1 (every magnitude bit set, the
//   sign bit clear): the sign FP32 term sums ((t0 + t1) + t2) - t3 give. It never reaches a group
//   sum (which starts at +0, and +0 + -0 = +0).
// Finite activations only (Inf/NaN codes are outside the PE's contract).
#include <cstdint>

#include "models/float_activation.hpp"

namespace mixsim::pe {

// a_code: the activation's bit pattern in format f; w: two's complement in w_bits (2..5) bits.
// Returns the FP32 bit pattern of the product.
uint32_t shift_add_multiply_float(FloatActivation f, uint32_t a_code, int32_t w, int w_bits);

}  // namespace mixsim::pe
