#pragma once
// KIVI-style KV-cache quantization (Liu et al., "KIVI: A Tuning-Free Asymmetric 2bit
// Quantization for KV Cache", arXiv 2402.02750): keys per CHANNEL (each channel's values over a
// group of consecutive tokens share a scale and minimum: key outliers live in fixed channels),
// values per TOKEN (each token's channels, in groups, share them). The most recent
// `residual_tokens` tokens stay in FP16, as KIVI keeps a full-precision residual window.
//
// Per group (asymmetric with a float minimum, KIVI's form rather than an integer zero point):
//   lo = fp16(min x), s = fp16((max x - min x) / (2^b - 1)) (s = 1 if the group is constant),
//   q = clamp(rne((x - lo) / s), 0, 2^b - 1),   x_hat = lo + s * q   (FP64).
// Quantized tokens: the first floor(max(0, T - residual) / key_group_tokens) * key_group_tokens
// tokens (the same split for keys and values, so a token is either quantized in both or neither).
#include <cstdint>
#include <vector>

#include "models/matrix.hpp"

namespace mixsim::workloads {

struct KvCacheQuantConfig {
  int bits = 2;
  int64_t key_group_tokens = 32;      // keys: tokens per group, per channel
  int64_t value_group_channels = 32;  // values: channels per group, per token
  int64_t residual_tokens = 128;      // most recent tokens kept in FP16
};

// A tokens x channels cache (rows = tokens), part quantized, the tail in FP16.
struct QuantizedKvCache {
  int64_t tokens = 0, channels = 0, quantized_tokens = 0;
  int bits = 2;
  bool per_channel = true;   // keys: groups run along tokens; values: along channels
  int64_t group_size = 32;
  std::vector<uint8_t> codes;  // quantized_tokens * channels, row-major
  std::vector<float> scales;   // one per group (FP16 values)
  std::vector<float> minimums; // one per group (FP16 values)
  std::vector<float> residual; // (tokens - quantized_tokens) * channels, FP16 values
};

// Throws std::invalid_argument for bad configs (bits not in 1..8, groups < 1, channels not a
// multiple of value_group_channels) and NaN/Inf.
QuantizedKvCache quantize_key_cache(const MatrixF32& keys, const KvCacheQuantConfig& config);
QuantizedKvCache quantize_value_cache(const MatrixF32& values, const KvCacheQuantConfig& config);
MatrixF64 dequantize_kv_cache(const QuantizedKvCache& cache);

int64_t kv_quantized_token_count(int64_t tokens, const KvCacheQuantConfig& config);

}  // namespace mixsim::workloads
