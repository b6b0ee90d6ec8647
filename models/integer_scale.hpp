#pragma once
// Integer Scale (Li et al., arXiv 2405.14597): the FP16 group scales s[n][g] of a weight matrix
// become integers s_int[n][g] = rne(s[n][g] * 2^alpha) with ONE amplifier alpha per matrix, so
// Y[m][n] = s_a[m] * 2^-alpha * sum_g s_int[n][g] * P[m][n][g] accumulates in integers.
//
// Rule for alpha (docs/ARITHMETIC.md, "Integer scale", with the overflow proof):
//   bound_n(alpha) = A * sum_g s_int[n][g](alpha) * sum_{k in g} |q[n][k] - z[n][g]|,
//   A = 2^(a-1) - 1 (127 for INT8 activations, whose codes are symmetric in [-A, A]).
//   alpha = the largest integer in [0, 24] with max_n bound_n(alpha) <= 2^31 - 1.
// bound_n is the exact worst case of |any partial sum of the accumulation| over all activation
// codes, so an INT32 accumulator (and INT32 products s_int * P) never overflows. alpha stops at
// 24 because FP16 scales are multiples of 2^-24: from there on s_int is exact. If even alpha = 0
// overflows (scales far beyond realistic weights) the conversion throws.
#include <cstdint>

#include "models/quantized_matrix.hpp"

namespace mixsim {

inline constexpr int kIntegerScaleMaxAlpha = 24;
inline constexpr int64_t kInt32Max = 2147483647;

// max_n bound_n(alpha) for the given integer scales (int64: it is compared against INT32_MAX).
int64_t integer_scale_worst_case(const QuantizedMatrix& w, const IntegerScales& scales,
                                 int activation_bits = 8);

// s_int = rne(s * 2^alpha) for every group.
IntegerScales integer_scales_with_alpha(const QuantizedMatrix& w, int alpha);

// The alpha rule above. Throws std::invalid_argument when alpha = 0 already overflows INT32.
IntegerScales make_integer_scales(const QuantizedMatrix& w, int activation_bits = 8);

// Significant bits of the smallest nonzero s_int (0 if all are zero): how much of the FP16
// scale's 11-bit precision survived. Reported, not enforced.
int integer_scale_min_significant_bits(const IntegerScales& scales);

}  // namespace mixsim
