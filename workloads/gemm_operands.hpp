#pragma once
// Synthetic operand VALUES for the GEMMs of expand_layer_gemms (layer_gemms.hpp), for anything
// that computes real outputs (the numerics study, the simulator's cycle mode with values):
//  * projections: X = synthetic_activations (outlier channels), W = synthetic_weights;
//  * attention, per (batch element, KV head): Q rows of the group (no outlier channels), K cache
//    (kv_tokens x head_dim, 4 key outlier channels of 5-15x, as KIVI observes for keys), V cache
//    (no outliers); attn_qk: X = Q, W = K; attn_pv: X = P = softmax(Q K^T / sqrt(head_dim)) of
//    the unquantized Q, K (causal in prefill), W = V^T.
// Labels are "<model>/layer<i>/<gemm>[/instance<j>]/{input,weight}" and
// "<model>/layer<i>/attention/instance<j>/{q,k,v}": the same (model, phase, layer, seed) give
// the same bytes everywhere (synthetic_source.hpp).
#include <cstdint>
#include <vector>

#include "models/matrix.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_spec.hpp"

namespace mixsim::workloads {

struct GemmOperandSet {  // one X (M x K) and one W (N x K) per instance (GemmShape::count)
  std::vector<MatrixF32> x, w;
};

struct AttentionOperandSets {
  GemmOperandSet qk, pv;
};

struct GemmOperandPair {  // X (M x K) and W (N x K) of one instance
  MatrixF32 x, w;
};

GemmOperandSet synthetic_projection_operands(const ModelSpec& model, const GemmShape& gemm,
                                             uint64_t seed);
AttentionOperandSets synthetic_attention_operands(const ModelSpec& model, const PhaseSpec& phase,
                                                  int layer, uint64_t seed);
// Either of the above for any GEMM of the layer list (an attention GEMM builds Q, K, V).
GemmOperandSet synthetic_gemm_operands(const ModelSpec& model, const PhaseSpec& phase,
                                       const GemmShape& gemm, uint64_t seed);

// Instance `instance` (0 .. gemm.count-1) alone: the same tensors as element `instance` of
// synthetic_gemm_operands, without generating the others (the simulator runs instance 0 of a
// repeated GEMM and multiplies by the count).
GemmOperandPair synthetic_gemm_instance(const ModelSpec& model, const PhaseSpec& phase,
                                        const GemmShape& gemm, int64_t instance, uint64_t seed);

// Y = X W^T in FP64 (W is N x K), output columns spread over threads (same values for any
// thread count). Throws std::invalid_argument when the K of X and W differ.
template <typename WT>
MatrixF64 reference_product_f64(const MatrixF32& x, const Matrix<WT>& w);

// Row-wise softmax; with `causal`, row r sees columns 0 .. r % q_tokens (prefill).
MatrixF32 softmax_probabilities(const MatrixF64& scores, int64_t q_tokens, bool causal);

}  // namespace mixsim::workloads
