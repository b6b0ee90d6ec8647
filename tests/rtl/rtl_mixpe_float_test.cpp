// The BF16 and FP8-E4M3 activation points of the MixPE (rtl/harness/mixpe_point_checks.hpp):
// the float product unit exhaustively, random groups and quantized GEMMs through the PE against
// models/, and the broken subnormal normalizer that the exhaustive check must catch.
#include <cstdio>

#include <gtest/gtest.h>

#include "models/float_activation.hpp"
#include "rtl/harness/mixpe_point_checks.hpp"
#include "rtl/harness/rtl_checks.hpp"

namespace mixsim::rtl {
namespace {

#define SKIP_WITHOUT_VERILATOR()                                                   \
  if (!verilator_available()) GTEST_SKIP() << "SKIPPED: mixsim built without Verilator"

void expect_pass(const CheckResult& r) {
  std::printf("%s: %llu cases, %llu mismatches (%s)\n", r.name.c_str(),
              static_cast<unsigned long long>(r.cases), static_cast<unsigned long long>(r.mismatches),
              r.detail.c_str());
  EXPECT_GT(r.cases, 0u);
  EXPECT_EQ(r.mismatches, 0u) << r.name << ": " << r.first_mismatch;
}

// Two comparisons (model bits, exact value) per (finite code, INT4 code) pair.
TEST(RtlMixPeFloat, EveryBf16AndE4M3ProductIsExact) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult bf16 = check_float_activation_products(FloatActivation::BF16, FloatVariant::Correct);
  EXPECT_EQ(bf16.cases, 2u * 65280u * 16u);  // 65280 x 16 = 1044480 pairs
  expect_pass(bf16);
  const CheckResult fp8 = check_float_activation_products(FloatActivation::FP8E4M3, FloatVariant::Correct);
  EXPECT_EQ(fp8.cases, 2u * 254u * 16u);
  expect_pass(fp8);
}

// 2^13 random groups of 128 per format: 2^20 random MACs each.
TEST(RtlMixPeFloat, RandomGroupsEqualTheGoldenOrder) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 4242;
  std::printf("seed=%u\n", seed);
  for (FloatActivation f : {FloatActivation::BF16, FloatActivation::FP8E4M3}) {
    const int groups = (1 << 20) / 128;
    const CheckResult r = check_mixpe_float_point_groups(f, seed, groups);
    EXPECT_EQ(r.cases, 1u + static_cast<uint64_t>(groups)) << r.name;
    expect_pass(r);
  }
}

TEST(RtlMixPeFloat, QuantizedGemmPartsAndYEqualGoldenBitForBit) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 99;
  std::printf("seed=%u\n", seed);
  for (FloatActivation f : {FloatActivation::BF16, FloatActivation::FP8E4M3}) {
    const CheckResult r = check_mixpe_float_point_golden(f, seed, 3, 5, 4);
    EXPECT_EQ(r.cases, 1u + 3u * 5u * 4u + 3u * 5u) << r.name;
    expect_pass(r);
  }
  EXPECT_THROW(check_mixpe_float_point_golden(FloatActivation::FP16, seed, 1, 1, 1), std::invalid_argument);
}

// FAULT_SUBNORMAL_EXP = 1 halves every product of a subnormal BF16 activation (exponent field 0:
// 2 x 127 codes) with a nonzero weight (15 of 16 codes), against both references: exactly
// 2 x 254 x 15 mismatches, and no normal activation is affected.
TEST(RtlMixPeFloat, BrokenSubnormalNormalizerIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_float_activation_products(FloatActivation::BF16, FloatVariant::FaultySubnormal);
  EXPECT_FALSE(r.passed());
  EXPECT_EQ(r.mismatches, 2u * 254u * 15u) << r.first_mismatch;
  std::printf("faulty: %s\n", r.first_mismatch.c_str());
  EXPECT_THROW(check_float_activation_products(FloatActivation::FP8E4M3, FloatVariant::FaultySubnormal),
               std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::rtl
