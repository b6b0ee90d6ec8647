// KIVI-style 2-bit KV cache quantizer: exact small cases, residual window, error bound, and
// KIVI's observation that per-channel key quantization beats per-token on outlier channels.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "workloads/kv_cache_quantizer.hpp"
#include "workloads/synthetic_source.hpp"

namespace mixsim::workloads {
namespace {

KvCacheQuantConfig small_config() {
  KvCacheQuantConfig c;
  c.bits = 2, c.key_group_tokens = 4, c.value_group_channels = 2, c.residual_tokens = 0;
  return c;
}

TEST(KvCacheQuantizer, KeysOnAFourLevelGridAreExact) {
  MatrixF32 keys(4, 2);
  for (int t = 0; t < 4; ++t) keys(t, 0) = static_cast<float>(t), keys(t, 1) = -0.5f * t;
  const QuantizedKvCache q = quantize_key_cache(keys, small_config());
  EXPECT_EQ(q.quantized_tokens, 4);
  ASSERT_EQ(q.scales.size(), 2u);  // one group per channel
  EXPECT_EQ(q.scales[0], 1.0f);
  EXPECT_EQ(q.minimums[1], -1.5f);
  EXPECT_EQ(q.codes[2 * 3 + 0], 3);  // token 3, channel 0
  EXPECT_EQ(q.codes[2 * 3 + 1], 0);  // token 3, channel 1 is the minimum
  const MatrixF64 back = dequantize_kv_cache(q);
  for (int t = 0; t < 4; ++t)
    for (int c = 0; c < 2; ++c) EXPECT_EQ(back(t, c), keys(t, c));
}

TEST(KvCacheQuantizer, ValuesArePerTokenGroupsOfChannels) {
  MatrixF32 v(4, 4);
  for (int t = 0; t < 4; ++t)
    for (int c = 0; c < 4; ++c) v(t, c) = static_cast<float>((t + 1) * (c % 2 ? 3 : 0));
  const QuantizedKvCache q = quantize_value_cache(v, small_config());
  ASSERT_EQ(q.scales.size(), 8u);  // 4 tokens x 2 channel groups
  EXPECT_EQ(q.scales[2 * 2], 1.0f * 3 * 3 / 3);  // token 2: range 9 over 3 steps
  const MatrixF64 back = dequantize_kv_cache(q);
  for (int t = 0; t < 4; ++t)
    for (int c = 0; c < 4; ++c) EXPECT_EQ(back(t, c), v(t, c));
}

TEST(KvCacheQuantizer, ResidualWindowStaysFp16AndConstantGroupsAreExact) {
  KvCacheQuantConfig c = small_config();
  c.residual_tokens = 3;
  MatrixF32 keys(10, 2, 0.1f);
  keys(9, 1) = 1.0f / 3.0f;
  const QuantizedKvCache q = quantize_key_cache(keys, c);
  EXPECT_EQ(q.quantized_tokens, 4);  // floor((10 - 3) / 4) * 4
  const MatrixF64 back = dequantize_kv_cache(q);
  EXPECT_EQ(back(9, 1), 0.333251953125);  // FP16 of 1/3
  EXPECT_EQ(back(0, 0), 0.0999755859375);  // constant group: its FP16 minimum, no NaN
  EXPECT_EQ(kv_quantized_token_count(2, c), 0);
}

TEST(KvCacheQuantizer, ErrorWithinHalfAStepPerGroup) {
  const uint64_t seed = 17;
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  const MatrixF32 keys = synthetic_activations(256, 64, seed, "keys");
  KvCacheQuantConfig c;
  c.value_group_channels = 32;
  for (const bool per_channel : {true, false}) {
    const QuantizedKvCache q = per_channel ? quantize_key_cache(keys, c) : quantize_value_cache(keys, c);
    const MatrixF64 back = dequantize_kv_cache(q);
    for (int64_t t = 0; t < q.quantized_tokens; ++t)
      for (int64_t ch = 0; ch < 64; ++ch) {
        const size_t g = per_channel ? (t / 32) * 64 + ch : t * 2 + ch / 32;
        EXPECT_LE(std::abs(back(t, ch) - keys(t, ch)), 0.51 * q.scales[g] + 1e-3 * std::abs(keys(t, ch)))
            << t << "," << ch;
      }
  }
}

TEST(KvCacheQuantizer, PerChannelKeysBeatPerTokenOnOutlierChannels) {
  const uint64_t seed = 5;
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  ActivationStats stats;
  stats.outlier_channels = 4, stats.outlier_factor_min = 5, stats.outlier_factor_max = 15;
  const MatrixF32 keys = synthetic_activations(512, 128, seed, "keys", stats);
  KvCacheQuantConfig c;
  c.residual_tokens = 0;
  const auto rel_error = [&](const QuantizedKvCache& q) {
    const MatrixF64 back = dequantize_kv_cache(q);
    double e2 = 0, r2 = 0;
    for (size_t i = 0; i < back.size(); ++i) {
      const double d = back.data()[i] - keys.data()[i];
      e2 += d * d, r2 += double(keys.data()[i]) * keys.data()[i];
    }
    return std::sqrt(e2 / r2);
  };
  const double per_channel = rel_error(quantize_key_cache(keys, c));
  const double per_token = rel_error(quantize_value_cache(keys, c));
  std::printf("2-bit keys: per-channel rel error %.4f, per-token %.4f\n", per_channel, per_token);
  EXPECT_LT(per_channel, 0.8 * per_token);
}

TEST(KvCacheQuantizer, BadConfigsAreErrors) {
  KvCacheQuantConfig c = small_config();
  c.bits = 9;
  EXPECT_THROW(quantize_key_cache(MatrixF32(4, 2), c), std::invalid_argument);
  c = small_config();
  c.value_group_channels = 3;
  EXPECT_THROW(quantize_value_cache(MatrixF32(4, 4), c), std::invalid_argument);
  MatrixF32 nan(4, 2);
  nan(1, 1) = std::nanf("");
  EXPECT_THROW(quantize_key_cache(nan, small_config()), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::workloads
