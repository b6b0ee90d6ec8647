#pragma once
// One non-GEMM op of a decoder layer as work for the vector unit: how many elementary ops of each
// class it performs and how many bytes it reads and writes (DRAM, through the SRAM buffers, like
// the array's GEMMs: a GEMM reads its X from DRAM and writes Y back, so the ops between them do
// too). The decomposition of each kind is documented in docs/END_TO_END.md and checked in
// tests/sim/vector_unit_test.cpp.
#include <array>
#include <cstdint>
#include <string>

#include "sim/config/vector_config.hpp"

namespace mixsim::sim {

enum class VectorOpKind {
  RmsNorm,       // rows x cols: x * rsqrt(mean(x^2) + eps) * w
  LayerNorm,     // rows x cols: (x - mean) * rsqrt(var + eps) * w + b
  ActQuant,      // rows x cols: per-token absmax -> scale -> INT8 (FP16 in, INT8 + FP32 scale out)
  Rope,          // rows x cols (cols = rotated features): pairwise rotation by the position's angle
  Softmax,       // rows x cols: online softmax (running max, rescaled sum), scaled by 1/sqrt(d)
  Silu,          // rows x cols: x * sigmoid(x)
  Gelu,          // rows x cols: tanh approximation
  Relu,          // rows x cols
  GatedMul,      // rows x cols: a * b
  ResidualAdd,   // rows x cols: a + b
  BiasAdd,       // rows x cols: x + bias
  KvAppend,      // rows (tokens) x cols (kv features): write K or V into the cache at its precision
  Embedding,     // rows (tokens) x cols (hidden): gather rows of the embedding table
  MoeRoute,      // rows (tokens) x cols (experts): softmax over the router logits + top-k
  MoeCombine,    // rows (tokens) x cols (hidden): weighted sum of the top-k experts' outputs
  AttnResidual,  // rows (query rows) x cols (window tokens): KIVI's FP16 window, q.k and p.v
  KvDequantScale // rows x cols: KIVI's per-group scaling of Q / P before the integer GEMM
};

const char* vector_op_kind_name(VectorOpKind kind);

// What a KvAppend writes per element and per group.
struct KvStoreFormat {
  double bits_per_element = 16.0;  // codes (+ metadata amortised per element)
  int bits = 16;                   // code bits: 16 (FP16), 8, 2
};

struct VectorOpShape {
  VectorOpKind kind = VectorOpKind::ResidualAdd;
  int64_t rows = 0, cols = 0;
  int64_t extra = 0;        // kind-specific: AttnResidual head_dim, MoeRoute/MoeCombine top-k,
                            // KvAppend elements per quantization group
  int64_t param_bytes = 0;  // parameters / tables read from DRAM besides the activations (norm
                            // weights, RoPE cos/sin, biases, KIVI window K/V, group scales)
  KvStoreFormat kv;         // KvAppend only
};

struct VectorWork {
  std::array<int64_t, kVectorClasses> ops{};  // elementary ops by VectorClass
  int64_t read_bytes = 0;                     // DRAM bytes read (inputs and parameters)
  int64_t write_bytes = 0;                    // DRAM bytes written
  int64_t elements = 0;                       // rows x cols
  int64_t get(VectorClass c) const { return ops[static_cast<size_t>(c)]; }
};

// Throws std::invalid_argument for non-positive rows/cols.
VectorWork vector_work(const VectorOpShape& op);

}  // namespace mixsim::sim
