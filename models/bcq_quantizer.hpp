#pragma once
// Binary-coded weights for LUT-GEMM (Park et al., arXiv 2206.09557), uniform form: per (row n,
// group g) one scale alpha and 3 bit-planes b_i in {-1, +1}:
//   w ~ alpha * (4 b_2 + 2 b_1 + b_0) = alpha * c,  c odd in {-7, -5, ..., 5, 7}
//   alpha = fp16(absmax / 7)  (all-zero group: 1; FP16 underflow: 2^-24)
//   c = 2 * clamp(rne((w / alpha + 7) / 2), 0, 7) - 7   (the nearest odd level)
// b_i = +1 where bit i of (c + 7) / 2 is set. Stored as a QuantizedMatrix with symmetric 4-bit
// codes c, so the GEMM is the w4a8 group-dequant order; the lut-gemm PE computes each group
// sum sum_k a_k c_k = sum_i 2^i sum_k b_ik a_k from per-group tables of +-a sums
// (models/pe/lut_gemm_pe.hpp).
#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

// Throws std::invalid_argument on K % G != 0 or NaN/Inf.
QuantizedMatrix quantize_weights_bcq3(const MatrixF32& w, int group_size);

}  // namespace mixsim
