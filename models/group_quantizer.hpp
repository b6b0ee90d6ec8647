#pragma once
// Round-to-nearest (RTN) group-wise weight quantizer: W (N x K) -> QuantizedMatrix, one FP16
// scale (and, asymmetric, one zero point) per row and group of G consecutive elements along K.
// Per-channel quantization is G == K (group_size 0 in the config means "per channel").
// Exact definitions (docs/ARITHMETIC.md, "Weight quantization"):
//   symmetric:  s = fp16(absmax / (2^(b-1)-1)), q = clamp(rne(w/s), -2^(b-1), 2^(b-1)-1)
//   asymmetric: lo = min(min w, 0), hi = max(max w, 0), s = fp16((hi-lo) / (2^b-1)),
//               z = clamp(rne(-lo/s), 0, 2^b-1), q = clamp(rne(w/s) + z, 0, 2^b-1)
// The quotients are computed in FP64 from the FP32 inputs; fp16() is round-half-to-even.
// An all-zero group gets s = 1 (z = 0); a nonzero group whose scale underflows FP16 gets the
// smallest FP16 subnormal 2^-24; a scale above 65504 is an error.
#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

struct GroupQuantizerConfig {
  int bits = 4;          // 2..8 symmetric, 2..7 asymmetric (codes are stored as int8)
  int group_size = 128;  // G along K; 0 = per channel (G = K)
  bool symmetric = true;
};

// Throws std::invalid_argument for NaN/Inf in w, K % G != 0, unsupported bits, scale overflow.
QuantizedMatrix quantize_weights(const MatrixF32& w, const GroupQuantizerConfig& config);

// s * (q - z) per element, in FP64 (exact).
MatrixF64 dequantize_weights(const QuantizedMatrix& q);

}  // namespace mixsim
