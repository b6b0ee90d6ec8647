#pragma once
// How the KV cache is stored in DRAM during a generation (workload.generate.kv_cache) and how a
// PE runs attention against it (docs/END_TO_END.md, "KV cache"):
//  * fp16: FP16 K and V. Attention GEMMs need FP16 weights in the array: fp16-mac only.
//  * int8: INT8 codes, one FP16 scale per token and head (8 + 16/head_dim bits per element);
//    the per-token scale folds into the GEMM's other operand, so INT8 x INT8 on int8-mac.
//  * kivi2: KIVI 2-bit (workloads/kv_cache_quantizer.hpp): keys per channel over groups of 32
//    tokens, values per token over groups of 32 channels, FP16 scale and minimum per group
//    (2 + 32/32 = 3 bits per element), the most recent 128 tokens (+ the unfilled group) in FP16.
//    The array runs the 2-bit codes as unsigned integer weights (mixpe's INT4 x FP16 lane,
//    dequant-mac, int8-mac): a group of 32 tokens (keys) or 32 channels (values) is one 32-column
//    pass whose other operand the vector unit pre-scales by the group's scale
//    (kv_dequant_scale op); the FP16 window is attended by the vector unit (attn_residual op).
//    fp16-mac holds FP16 weights only and cannot run the codes.
// `auto` picks each PE's native format: mixpe, dequant-mac -> kivi2, int8-mac -> int8,
// fp16-mac -> fp16.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/pe/pe_type.hpp"
#include "workloads/kv_cache_quantizer.hpp"

namespace mixsim::sim {

struct KvCachePlan {
  std::string name;              // fp16 | int8 | kivi2
  int code_bits = 16;            // bits of one stored code
  double bits_per_element = 16;  // codes + metadata, amortised (quantized tokens)
  int timing_weight_bits = 16;   // what the attention GEMMs stream per cached element
  std::optional<workloads::KvCacheQuantConfig> kivi;  // kivi2 only
  std::string attention_recipe;  // the recipe whose PE traits run attention (lane, events)

  // Tokens of a cache of `tokens` tokens held as codes (the rest is the FP16 window).
  int64_t quantized_tokens(int64_t tokens) const;
  // DRAM bytes of ONE of the K or V caches: `tokens` tokens of `channels` features.
  int64_t cache_bytes(int64_t tokens, int64_t channels) const;
  // Bytes of `tokens` tokens held as codes (what an attention GEMM streams; FP16 for fp16).
  int64_t code_bytes(int64_t tokens, int64_t channels) const;
  // The attention GEMM's PE traits: the design's lane for `attention_recipe`, weights at
  // timing_weight_bits, one scale per output (the per-group scales are folded by the vector unit).
  PeTraits attention_traits(const std::string& pe, int64_t k) const;
};

std::vector<std::string> kv_cache_names();                     // fp16, int8, kivi2
std::vector<std::string> kv_caches_for_pe(const std::string& pe);  // what the PE can run

// The plan for `pe` under the requested name (auto or a name). Throws std::invalid_argument
// naming workload.generate.kv_cache, the PE and the allowed values when the PE cannot run it.
KvCachePlan resolve_kv_cache(const std::string& pe, const std::string& requested, int64_t head_dim);

}  // namespace mixsim::sim
