// BF16 against the standard bit-level reference: bf16 is the top 16 bits of an FP32, and RNE
// conversion adds 0x7FFF plus the kept LSB before truncating (the algorithm used by TensorFlow
// and PyTorch; exact for finite values, and an overflow carries into the Inf pattern).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

#include "models/bf16.hpp"

namespace mixsim {
namespace {

float reference_bf16_to_float(uint16_t b) { return std::bit_cast<float>(uint32_t{b} << 16); }

uint16_t reference_float_to_bf16(float f) {
  const uint32_t bits = std::bit_cast<uint32_t>(f);
  const uint32_t lsb = (bits >> 16) & 1u;
  return static_cast<uint16_t>((bits + 0x7FFFu + lsb) >> 16);
}

TEST(Bf16, EveryCodeDecodesToTopHalfOfFloat) {
  for (uint32_t c = 0; c < 65536; ++c) {
    const double got = bf16_decode(static_cast<uint16_t>(c));
    const float want = reference_bf16_to_float(static_cast<uint16_t>(c));
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << c;
    } else {
      ASSERT_EQ(got, static_cast<double>(want)) << "code " << c;
      ASSERT_EQ(bf16_encode(got), c) << "round trip of code " << c;
    }
  }
}

TEST(Bf16, FloatSweepMatchesBitReference) {
  const uint32_t seed = 7;
  std::printf("seed=%u\n", seed);
  std::mt19937 gen(seed);
  auto check = [](uint32_t bits) {
    const float x = std::bit_cast<float>(bits);
    if (std::isnan(x)) return;  // the bit trick is not defined for NaN payloads
    ASSERT_EQ(bf16_encode(x), reference_float_to_bf16(x))
        << std::hexfloat << x << " bits 0x" << std::hex << bits;
  };
  for (uint64_t bits = 0; bits <= 0xFFFFFFFFull; bits += 1021) check(static_cast<uint32_t>(bits));
  for (int i = 0; i < 500000; ++i) {
    // Exact ties (low 16 bits 0x8000) and their neighbours are the interesting cases.
    const uint32_t hi = static_cast<uint32_t>(gen()) & 0xFFFF0000u;
    for (uint32_t low : {0x8000u, 0x7FFFu, 0x8001u, static_cast<uint32_t>(gen() & 0xFFFFu)}) check(hi | low);
  }
}

TEST(Bf16, OverflowAndSpecials) {
  EXPECT_EQ(bf16_encode(std::numeric_limits<float>::infinity()), 0x7F80);
  EXPECT_EQ(bf16_encode(std::numeric_limits<float>::max()), 0x7F80);  // rounds up to Inf
  EXPECT_TRUE(std::isnan(bf16_decode(bf16_encode(std::nan("")))));
}

}  // namespace
}  // namespace mixsim
