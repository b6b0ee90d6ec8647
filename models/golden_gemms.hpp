#pragma once
// The golden GEMM of every recipe, each with a fixed order of operations so that any
// implementation following docs/ARITHMETIC.md reproduces it bit for bit. Notation:
// fl32(.) = round to FP32, ties to even; all loops ascending (k, then g or b). No FMA is used
// (models/ is compiled with -ffp-contract=off).
#include <cstdint>
#include <vector>

#include "models/block_scaled_matrix.hpp"
#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

// P[m][n][g] = sum_{k in g} a[m][k] * (q[n][k] - z[n][g]), exact (int64; fits INT32 for every
// shape the recipes allow: |P| <= 127 * 255 * G).
int64_t group_partial_sum(const QuantizedActivations& a, int64_t m, const QuantizedMatrix& w,
                          int64_t n, int64_t g);

// Dequantize after the group (W4A8 float scale; also W8A8 with one group of K):
//   acc = 0.0f; for g: acc = fl32(acc + fl32(s[n][g] * fl32(P[m][n][g])))
//   Y[m][n] = fl32(acc * s_a[m])
MatrixF32 golden_gemm_group_dequant(const QuantizedActivations& a, const QuantizedMatrix& w);

// Integer scale: acc = sum_g s_int[n][g] * P[m][n][g] (exact integer, fits INT32 by the alpha
// rule), Y[m][n] = fl32(fl32(acc) * fl32(s_a[m] * 2^-alpha)).
MatrixF32 golden_gemm_integer_scale(const QuantizedActivations& a, const QuantizedMatrix& w,
                                    const IntegerScales& scales);

// W4A16 and the other float activations (models/float_activation.hpp): x16 = activation values
// held in float (FP16, BF16 or unscaled E4M3 values).
//   for g: part = 0.0f; for k in g: part = fl32(part + x16[m][k] * (q[n][k] - z[n][g]))
//          (each product is exact in FP32: at most 11-bit x 5-bit significands, and the BF16
//          range bounds keep BF16 products normal)
//          acc = fl32(acc + fl32(s[n][g] * part))
//   Y[m][n] = acc, or fl32(acc * token_scales[m]) when token_scales is given (E4M3)
MatrixF32 golden_gemm_w4a16(const MatrixF32& x_fp16, const QuantizedMatrix& w,
                            const std::vector<float>* token_scales = nullptr);

// Block-scaled FP4 x FP4 (MXFP4, NVFP4), both operands blocked along K with equal blocks:
//   D[b] = sum_{k in b} (2*ex[m][k]) * (2*ew[n][k])  exact integer (E2M1 values * 2 are ints)
//   acc = 0.0f; for b: acc = fl32(acc + fl32(D[b] / 4 * sx[m][b] * sw[n][b]))
//         (the FP64 product inside fl32 is exact; fl32 only matters on FP32 over/underflow)
//   Y[m][n] = fl32(acc * fl32(tx * tw))   (tensor scales; both 1 for MXFP4)
MatrixF32 golden_gemm_block_scaled(const BlockScaledMatrix& x, const BlockScaledMatrix& w);

// FP64 reference: Y[m][n] = sum_k xhat[m][k] * what[n][k] in double, k ascending, on the
// dequantized operands (exact values of the quantized formats).
MatrixF64 reference_gemm_dequantized(const MatrixF64& x_hat, const MatrixF64& w_hat);

}  // namespace mixsim
