#pragma once
// THE entry point for "which GEMMs does one decoder layer run in this phase": the simulator
// (`mixsim run`), the numerics study and `mixsim workload show` all call expand_layer_gemms().
//
// Conventions (docs/WORKLOADS.md has the full derivation):
//  * Every GEMM is Y[m x n] = X[m x k] * W[n x k]^T (ARITHMETIC.md). For projections W is the
//    weight (N = output features, K = input features) and M = tokens in flight
//    (decode: batch; prefill: batch * seq_len).
//  * `count` independent GEMMs of the same shape run per layer (attention: one per batch element
//    and KV head; MoE experts: one per active expert). macs = count * m * n * k.
//  * Attention against a KV cache, per KV head group (GQA: queries_per_kv_head query heads share
//    one K/V head, so their rows stack into M):
//      attn_qk:  m = queries_per_kv_head * q_tokens, n = kv_tokens, k = head_dim  (W = K cache)
//      attn_pv:  m = queries_per_kv_head * q_tokens, n = head_dim, k = kv_tokens  (W = V cache^T)
//    decode: q_tokens = 1, kv_tokens = context (the KV cache length L, counting the new token's
//    K/V, which is appended before attention).
//    prefill: q_tokens = kv_tokens = seq_len, counted DENSE (the full S x S score matrix, as a
//    GEMM engine without causal block skipping computes it); `causal_macs` counts only the
//    lower triangle a causal mask keeps: S(S+1)/2 of the S*S (query, key) pairs.
//  * bytes = weight operand (at the storage format of `storage.weights`, FP16 by default; the K/V
//    cache for attention at `storage.kv_cache`) + activations in (`storage.activations`) +
//    outputs (`storage.outputs`), each read or written once: the compulsory DRAM traffic.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/model_spec.hpp"
#include "workloads/operand_storage.hpp"

namespace mixsim::workloads {

enum class Phase { Prefill, Decode };

struct PhaseSpec {
  Phase phase = Phase::Decode;
  int64_t batch = 1;        // sequences in flight
  int64_t seq_len = 0;      // prefill: prompt length S
  int64_t context = 0;      // decode: KV cache length L each new token attends to
  StoragePlan storage;      // bytes model; FP16 everywhere by default
};

// What the second operand of a GEMM is: a weight matrix, or the K/V cache.
enum class GemmOperand { Weight, KeyCache, ValueCache };

struct GemmShape {
  std::string name;         // e.g. "layer0.q_proj", "layer0.attn_qk", "layer0.expert.w1"
  int64_t m = 0, n = 0, k = 0;
  int64_t count = 1;        // identical independent GEMMs (see header comment)
  int64_t macs = 0;         // count * m * n * k
  int64_t causal_macs = 0;  // prefill attention: the MACs a causal mask leaves; else == macs
  int64_t bytes = 0;        // see header comment
  GemmOperand operand = GemmOperand::Weight;
  int layer = 0;
};

// The GEMMs of decoder layer `layer` (names are prefixed "layer<i>."), in execution order:
// q/k/v (or OPT's q/k/v with bias), attn_qk, attn_pv, o_proj, then MLP (gate/up/down, or fc1/fc2,
// or Mixtral's router + one expert's w1/w3/w2). MoE routing is assumed balanced: T tokens make
// T*top_k (token, expert) pairs spread over active = min(experts, T*top_k) experts, each expert
// GEMM has m = ceil(T*top_k / active) and count = active.
// Throws std::invalid_argument for impossible phases (batch < 1, seq_len/context < 1 ...).
std::vector<GemmShape> expand_layer_gemms(const ModelSpec& model, const PhaseSpec& phase,
                                          int layer = 0);

// All decoder layers (num_hidden_layers * the list above); the LM head is not included.
std::vector<GemmShape> expand_model_gemms(const ModelSpec& model, const PhaseSpec& phase);

Phase parse_phase(const std::string& name);  // "prefill" | "decode", else invalid_argument
std::string phase_name(Phase phase);

}  // namespace mixsim::workloads
