#pragma once
// SliM-LLM-style mixed-precision group quantization (recipe slim-w3a8-gG; docs/PES.md). Each
// (row n, group g) of W gets 2, 3 or 4 bits by a salience rule, then symmetric RTN at that width
// (docs/ARITHMETIC.md §3: s = fp16(absmax / (2^(b-1) - 1)), q = clamp(rne(w/s), -2^(b-1),
// 2^(b-1) - 1)):
//   salience S[n][g] = sum_{k in g} W[n][k]^2 * h[k],  h[k] = sum_m X[m][k]^2
// (the diagonal of X^T X, the Hessian proxy GPTQ and SliM-LLM use, from the GEMM's own
// activations). Per row, the groups are ranked by S (descending; ties: lower g first); the first
// floor(groups / 4) get 4 bits, the last floor(groups / 4) get 2 bits, the rest 3 bits, so the
// average is 3 bits when the group count is a multiple of 4. The codes of every group fit the
// signed 4-bit register of the MixPE, so the GEMM is exactly the w4a8 group-dequant order.
#include <cstdint>
#include <vector>

#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

struct SlimQuantized {
  QuantizedMatrix weights;        // bits = 4 (the widest), symmetric; codes per group's width
  std::vector<int8_t> group_bits; // rows * groups: 2, 3 or 4
  std::vector<double> salience;   // rows * groups
};

// Throws std::invalid_argument on K % G != 0, a K mismatch between X and W, or NaN/Inf.
SlimQuantized quantize_weights_slim(const MatrixF32& w, const MatrixF32& x, int group_size);

}  // namespace mixsim
