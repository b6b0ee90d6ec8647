#pragma once
// The ops of one forward step of a whole model (docs/END_TO_END.md, "Ops of a step"), in program
// order with their dependencies: the embedding lookup, every decoder layer (norms, activation
// quantization, projections, RoPE, KV-cache append, attention per KV head (Q.K^T, softmax, P.V),
// residual adds, the MLP or Mixtral's routed experts), the final norm and lm_head. GEMMs run on
// the array, everything else on the vector unit. The decoder-layer GEMMs are those of
// workloads::expand_layer_gemms (the catalogue); attention is split into one op per KV head
// group so the two units can overlap across heads.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/run/kv_cache_plan.hpp"
#include "sim/run/op_timeline.hpp"
#include "sim/vector/vector_op.hpp"
#include "workloads/model_spec.hpp"

namespace mixsim::sim {

enum class GemmRole { Weight, KeyCache, ValueCache };

struct StepOp {
  std::string name;  // e.g. "layer3.attn_qk.h5" (h: KV head group), "lm_head"
  std::string type;  // breakdown key: the GEMM's short name or the vector op's kind
  OpUnit unit = OpUnit::Array;
  int layer = -1;    // decoder layer, -1 outside the layers
  // Array ops: `count` identical GEMMs of m x n x k run back to back.
  int64_t m = 0, n = 0, k = 0, count = 0;
  GemmRole role = GemmRole::Weight;
  VectorOpShape vector;  // vector ops
  int64_t macs = 0;      // multiply-accumulates of the model this op performs
  std::vector<int64_t> deps;
};

struct StepSpec {
  bool prefill = false;
  int64_t batch = 1;
  int64_t q_tokens = 1;   // per sequence: S in the prefill, 1 per decode step
  int64_t kv_tokens = 1;  // per sequence: the context attended (the new tokens included)
  int64_t step = 0;       // 0 = prefill, j = j-th decode step (the MoE router's stream)
  uint64_t seed = 1;
  bool int8_activations = false;  // the design quantizes activations per token before each GEMM
  const KvCachePlan* kv = nullptr;
};

// Throws std::invalid_argument for impossible specs (tokens < 1, kv_tokens < q_tokens).
std::vector<StepOp> build_step_ops(const workloads::ModelSpec& model, const StepSpec& spec);

}  // namespace mixsim::sim
