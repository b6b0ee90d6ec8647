#pragma once
// The unquantized FP32 operands of one catalogue GEMM for `mixsim run`, from the workloads/
// seeded synthetic sources (same labels and statistics as the numerics study, so the same seed
// gives the same tensors there and here):
//  * projections: X = synthetic_activations (outlier channels), W = synthetic_weights;
//  * attention (decode or prefill), per (batch element, KV head) instance: Q, K, V synthetic
//    activations (a few large key channels, as KIVI reports), attn_qk multiplies Q by K^T and
//    attn_pv multiplies P = softmax(Q K^T / sqrt(d)) (causal in prefill) by V.
// Only instance 0 of a GEMM with count > 1 is generated: the count instances have the same shape
// and schedule, so one simulated instance stands for all (results multiply by count).
#include <cstdint>
#include <string>

#include "models/matrix.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_spec.hpp"

namespace mixsim::sim {

struct GemmOperandsFp {
  MatrixF32 x;  // M x K
  MatrixF32 w;  // N x K
};

GemmOperandsFp synthetic_gemm_operands(const workloads::ModelSpec& model,
                                       const workloads::PhaseSpec& phase,
                                       const workloads::GemmShape& gemm, uint64_t seed);

// Y = X W^T in FP64 from FP32 operands: the unquantized reference errors are reported against.
MatrixF64 exact_product_f64(const MatrixF32& x, const MatrixF32& w);

}  // namespace mixsim::sim
