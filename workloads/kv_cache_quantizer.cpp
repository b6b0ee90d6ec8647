#include "workloads/kv_cache_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/fp16.hpp"
#include "models/rounding.hpp"

namespace mixsim::workloads {

namespace {

void check(const MatrixF32& cache, const KvCacheQuantConfig& c, const char* what) {
  if (c.bits < 1 || c.bits > 8)
    throw std::invalid_argument(std::string(what) + ": bits must be in 1..8, got " + std::to_string(c.bits));
  if (c.key_group_tokens < 1 || c.value_group_channels < 1 || c.residual_tokens < 0)
    throw std::invalid_argument(std::string(what) + ": group sizes must be >= 1 and residual >= 0");
  for (float v : cache.storage())
    if (!std::isfinite(v)) throw std::invalid_argument(std::string(what) + ": NaN or Inf in the cache");
}

struct GroupParams {
  float lo, s;
};

// KIVI's asymmetric group parameters over the values get(i), i in [0, n).
template <typename Get>
GroupParams group_params(int64_t n, int bits, Get get) {
  double mn = get(0), mx = get(0);
  for (int64_t i = 1; i < n; ++i) mn = std::min(mn, get(i)), mx = std::max(mx, get(i));
  const float lo = static_cast<float>(fp16_round(mn));
  double s = fp16_round((mx - mn) / ((1 << bits) - 1));
  if (!(s > 0.0)) s = 1.0;  // constant group (or a range below the FP16 subnormals)
  return {lo, static_cast<float>(s)};
}

uint8_t encode(double x, GroupParams p, int bits) {
  return static_cast<uint8_t>(round_half_even_clamped((x - p.lo) / p.s, 0, (1 << bits) - 1));
}

void fill_residual(const MatrixF32& cache, QuantizedKvCache& q) {
  for (int64_t t = q.quantized_tokens; t < q.tokens; ++t)
    for (int64_t c = 0; c < q.channels; ++c)
      q.residual.push_back(static_cast<float>(fp16_round(cache(t, c))));
}

QuantizedKvCache empty_cache(const MatrixF32& cache, const KvCacheQuantConfig& c, bool per_channel) {
  QuantizedKvCache q;
  q.tokens = cache.rows(), q.channels = cache.cols(), q.bits = c.bits;
  q.per_channel = per_channel;
  q.group_size = per_channel ? c.key_group_tokens : c.value_group_channels;
  q.quantized_tokens = kv_quantized_token_count(q.tokens, c);
  q.codes.resize(static_cast<size_t>(q.quantized_tokens * q.channels));
  return q;
}

}  // namespace

int64_t kv_quantized_token_count(int64_t tokens, const KvCacheQuantConfig& c) {
  const int64_t eligible = std::max<int64_t>(0, tokens - c.residual_tokens);
  return eligible / c.key_group_tokens * c.key_group_tokens;
}

QuantizedKvCache quantize_key_cache(const MatrixF32& keys, const KvCacheQuantConfig& config) {
  check(keys, config, "key cache");
  QuantizedKvCache q = empty_cache(keys, config, true);
  const int64_t g = q.group_size;
  // Group order: token group major, channel minor: index (t / g) * channels + c.
  for (int64_t t0 = 0; t0 < q.quantized_tokens; t0 += g)
    for (int64_t c = 0; c < q.channels; ++c) {
      const auto get = [&](int64_t i) { return static_cast<double>(keys(t0 + i, c)); };
      const GroupParams p = group_params(g, q.bits, get);
      q.scales.push_back(p.s);
      q.minimums.push_back(p.lo);
      for (int64_t i = 0; i < g; ++i)
        q.codes[static_cast<size_t>((t0 + i) * q.channels + c)] = encode(get(i), p, q.bits);
    }
  fill_residual(keys, q);
  return q;
}

QuantizedKvCache quantize_value_cache(const MatrixF32& values, const KvCacheQuantConfig& config) {
  check(values, config, "value cache");
  if (values.cols() % config.value_group_channels != 0)
    throw std::invalid_argument("value cache: " + std::to_string(values.cols()) +
                                " channels are not a multiple of value_group_channels = " +
                                std::to_string(config.value_group_channels));
  QuantizedKvCache q = empty_cache(values, config, false);
  const int64_t g = q.group_size;
  for (int64_t t = 0; t < q.quantized_tokens; ++t)
    for (int64_t c0 = 0; c0 < q.channels; c0 += g) {
      const auto get = [&](int64_t i) { return static_cast<double>(values(t, c0 + i)); };
      const GroupParams p = group_params(g, q.bits, get);
      q.scales.push_back(p.s);
      q.minimums.push_back(p.lo);
      for (int64_t i = 0; i < g; ++i)
        q.codes[static_cast<size_t>(t * q.channels + c0 + i)] = encode(get(i), p, q.bits);
    }
  fill_residual(values, q);
  return q;
}

MatrixF64 dequantize_kv_cache(const QuantizedKvCache& q) {
  MatrixF64 out(q.tokens, q.channels);
  const int64_t g = q.group_size;
  for (int64_t t = 0; t < q.quantized_tokens; ++t)
    for (int64_t c = 0; c < q.channels; ++c) {
      const size_t group = static_cast<size_t>(
          q.per_channel ? (t / g) * q.channels + c : t * (q.channels / g) + c / g);
      out(t, c) = static_cast<double>(q.minimums[group]) +
                  static_cast<double>(q.scales[group]) * q.codes[static_cast<size_t>(t * q.channels + c)];
    }
  for (int64_t t = q.quantized_tokens; t < q.tokens; ++t)
    for (int64_t c = 0; c < q.channels; ++c)
      out(t, c) = q.residual[static_cast<size_t>((t - q.quantized_tokens) * q.channels + c)];
  return out;
}

}  // namespace mixsim::workloads
