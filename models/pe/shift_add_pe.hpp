#pragma once
// ShiftAddPe: the MixPE multiplier. A low-bit signed weight w (two's complement, up to 5 bits so
// that asymmetric INT4 codes minus their zero point, q - z in [-15, 15], also fit) times an
// activation is computed without a multiplier: a*w = -b4*(a<<4) + sum_{i<4} b_i*(a<<i).
//   INT8 activation: every shifted term and every partial sum is exact in INT32.
//   FP16 activation: a*2^i is an exponent increment; the terms are summed by a fixed adder tree
//     ((t0 + t1) + (t2 + t3)) + t4 in FP32. Each partial sum is a * (an integer of magnitude
//     <= 31), i.e. at most 11 + 5 significant bits, so every addition is exact in FP32 and the
//     result equals fl32(a * w) = a * w exactly (tests/sim checks this exhaustively).
// The SystemC array computes a*w with a vector multiply on int32/float lanes; this model is the
// definition that multiply is proven equal to (and that rtl/ reproduces bit for bit).
#include <cstdint>

namespace mixsim::pe {

struct ShiftAddPe {
  static constexpr int kWeightBits = 5;   // sign bit b4 plus magnitude bits b0..b3
  static constexpr int kMinWeight = -16;
  static constexpr int kMaxWeight = 15;

  // Number of shifted terms that are actually added for weight w (nonzero bits of its
  // two's-complement form): the count of adder activations, used for energy accounting.
  static int active_terms(int32_t w);

  static int32_t multiply(int8_t a, int32_t w);  // INT8 activation
  static float multiply(float a_fp16, int32_t w);  // FP16 activation (value held in a float)
};

}  // namespace mixsim::pe
