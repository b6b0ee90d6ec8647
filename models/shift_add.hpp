#pragma once
// Multiplier-free products of a 4-bit weight code and an activation, exactly as the MixPE PE
// computes them (docs/ARITHMETIC.md, "Shift-and-add"). The simulator's ShiftAddPe and the RTL PE
// call / mirror these functions.
//
// Signed INT4 weight q with bits b3..b0 (two's complement): q = -8*b3 + 4*b2 + 2*b1 + b0, so
//   a*q = ((t0 + t1) + t2) - t3,   t_i = b_i ? (a << i) : 0.
// Widths for an INT8 activation: t_i are 11-bit signed, every partial sum and the result fit a
// 12-bit signed word (|a*q| <= 128*8 = 1024). Unsigned UINT4 codes (asymmetric weights) use the
// same terms with t3 added instead of subtracted: ((t0 + t1) + t2) + t3.
// For an FP16 activation the terms are a*2^i (an exponent increment, exact) held in FP32 and
// summed in the same order; every partial sum is a*(small integer) with at most 11 + 4
// significant bits, so the FP32 result is exactly a*q (no rounding anywhere).
#include <cstdint>

namespace mixsim {

// weight_code: the 4-bit two's complement code in [-8, 7].
int32_t shift_add_multiply_int4_int8(int weight_code, int8_t activation);
// weight_code: unsigned 4-bit code in [0, 15].
int32_t shift_add_multiply_uint4_int8(int weight_code, int8_t activation);
// activation_fp16: FP16 bit pattern of a finite activation; result is exact in FP32.
float shift_add_multiply_int4_fp16(int weight_code, uint16_t activation_fp16);

}  // namespace mixsim
