#pragma once
// Per-token (per-row) symmetric activation quantizer for W4A8 / W8A8:
//   s_a = fp32(absmax / (2^(b-1)-1)),  a = clamp(rne(x / s_a), -(2^(b-1)-1), 2^(b-1)-1)
// Quotients in FP64 from the FP32 inputs, fp32() round-half-to-even. The code range is
// symmetric (-127..127 for INT8, never -128), which the integer-scale overflow bound relies on.
// An all-zero row gets s_a = 1; a nonzero row whose scale underflows FP32 gets the smallest
// positive FP32 subnormal.
#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

// Throws std::invalid_argument for NaN/Inf in x or bits outside 2..8.
QuantizedActivations quantize_activations_per_token(const MatrixF32& x, int bits = 8);

// s_a * a per element, in FP64 (exact).
MatrixF64 dequantize_activations(const QuantizedActivations& a);

}  // namespace mixsim
