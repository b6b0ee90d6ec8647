#pragma once
// GroupDequant: the per-column unit at the bottom of a MixPE array column. It receives a
// group's finished partial sum P[m][n][g] (INT32 for INT8 activations, FP32 for FP16
// activations) and folds it into the output accumulator with ONE scale multiply per group,
// exactly in the order of models/golden_gemms.hpp:
//   float scale   : acc = fl32(acc + fl32(s[n][g] * fl32(P)));  Y = fl32(acc * s_a[m])
//   float acts    : acc = fl32(acc + fl32(s[n][g] * P));        Y = acc (FP16, BF16) or
//                   fl32(acc * s_x[m]) (E4M3 with per-token scales: finish_float_scale)
//   integer scale : acc += s_int[n][g] * P (exact int64);       Y = fl32(fl32(acc) * fl32(s_a*2^-alpha))
// W8A8 uses the float-scale form with one group of K (per-channel weight scale).
#include <cmath>
#include <cstdint>

namespace mixsim::pe {

struct GroupDequant {
  static float accumulate_float_scale(float acc, float scale, int32_t p) {
    const float term = scale * static_cast<float>(p);
    return acc + term;
  }
  static float accumulate_float_acts(float acc, float scale, float part) {
    const float term = scale * part;
    return acc + term;
  }
  static int64_t accumulate_integer_scale(int64_t acc, int32_t scale_int, int32_t p) {
    return acc + int64_t{scale_int} * int64_t{p};
  }
  static float finish_float_scale(float acc, float activation_scale) {
    return acc * activation_scale;
  }
  static float finish_integer_scale(int64_t acc, float activation_scale, int alpha) {
    const float out_scale = std::ldexp(activation_scale, -alpha);
    return static_cast<float>(acc) * out_scale;
  }
};

}  // namespace mixsim::pe
