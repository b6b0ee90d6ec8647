#pragma once
// Golden FP64 definitions of the non-GEMM ops of a decoder layer (docs/END_TO_END.md). Inputs are
// FP32 matrices (rows = tokens or query rows); results are FP64. The simulator's vector unit
// (sim/vector/vector_values.hpp) computes the same ops in FP32 lanes and is checked against these
// within the tolerances documented there. Per-token INT8 activation quantization is
// models/activation_quantizer.hpp's quantize_activations_per_token.
#include <cstdint>
#include <vector>

#include "models/matrix.hpp"

namespace mixsim::golden {

// y = x / sqrt(mean(x^2) + eps) * w (per row; w has cols entries).
MatrixF64 rmsnorm(const MatrixF32& x, const std::vector<float>& w, double eps);
// y = (x - mean) / sqrt(var + eps) * w + b (biased variance, per row).
MatrixF64 layernorm(const MatrixF32& x, const std::vector<float>& w, const std::vector<float>& b, double eps);
// y = softmax(scale * x) per row (exact: max subtracted, then exp and normalize).
MatrixF64 softmax(const MatrixF32& x, double scale);
MatrixF64 silu(const MatrixF32& x);        // x / (1 + exp(-x))
MatrixF64 gelu_tanh(const MatrixF32& x);   // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
MatrixF64 relu(const MatrixF32& x);
MatrixF64 gated_mul(const MatrixF32& a, const MatrixF32& b);    // a * b
MatrixF64 residual_add(const MatrixF32& a, const MatrixF32& b); // a + b
// Rotary position embedding (LLaMA's rotate-half form): row r is the token at position
// positions[r]; every head of head_dim features rotates feature i with i + head_dim/2 by the angle
// pos * theta^(-2i/head_dim).
MatrixF64 rope(const MatrixF32& x, const std::vector<int64_t>& positions, int64_t head_dim, double theta);
// Rows of `table` picked by `ids` (embedding lookup).
MatrixF64 embedding(const MatrixF32& table, const std::vector<int64_t>& ids);

}  // namespace mixsim::golden
