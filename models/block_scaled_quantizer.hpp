#pragma once
// Microscaling quantizers producing BlockScaledMatrix (blocks run along K, i.e. along a row):
//
// MXFP4 (OCP MX v1.0, block 32, E8M0 scale). For a block with amax = max |v| > 0:
//   e = floor(log2(amax)) - 2   (2 = exponent of E2M1's largest power of two, emax_elem),
//   clamped to [-127, 127]; X = 2^e; element = e2m1_saturating_rne(v / X).
//   amax/X lies in [4, 8), so values above 6*X saturate to +-6 as the spec's rule implies.
//   An all-zero block gets X = 1 (code 127).
//
// NVFP4 (block 16, E4M3 scale, FP32 tensor scale):
//   s_t = fp32(amax_tensor / (6 * 448))          (1 for an all-zero tensor; smallest FP32
//                                                 subnormal if it underflows)
//   s_b = e4m3_rne(amax_block / (6 * s_t))       (FP64 quotient, then E4M3, saturating at 448;
//                                                 an all-zero block gets 1.0; a nonzero block
//                                                 whose scale rounds to 0 gets 2^-9, E4M3's
//                                                 smallest subnormal)
//   element = e2m1_saturating_rne(v / (s_t * s_b))  (FP64: s_t * s_b is exact)
//   value = s_t * s_b * e2m1(element)
#include "models/block_scaled_matrix.hpp"
#include "models/matrix.hpp"

namespace mixsim {

inline constexpr int kMxfp4BlockSize = 32;
inline constexpr int kNvfp4BlockSize = 16;

// Throw std::invalid_argument for NaN/Inf (naming `what`) and K % block != 0.
BlockScaledMatrix quantize_mxfp4(const MatrixF32& m, const char* what = "matrix");
BlockScaledMatrix quantize_nvfp4(const MatrixF32& m, const char* what = "matrix");

// Decoded scale of block b of row r (without the tensor scale).
double block_scale_value(const BlockScaledMatrix& m, int64_t row, int64_t block);

// tensor_scale * block scale * element, per element, in FP64 (exact).
MatrixF64 dequantize_block_scaled(const BlockScaledMatrix& m);

}  // namespace mixsim
