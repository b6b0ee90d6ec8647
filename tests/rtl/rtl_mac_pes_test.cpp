// int4-mac (int8_mac_pe with 4-bit operands) and fp8-mac (fp8_mac_pe) under Verilator:
// exhaustive operand pairs, >= 10^6 random MACs, quantized GEMMs bit for bit against golden,
// and deliberately broken copies that the checks catch.
#include <cstdio>

#include <gtest/gtest.h>

#include "rtl/harness/mac_pe_checks.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/lut_gemm_checks.hpp"
#include "rtl/harness/slim_checks.hpp"

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

TEST(RtlInt4Mac, EveryPairExactAndMillionRandomMacs) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult sym = check_int4_mac_products(Int4MacVariant::Correct);
  EXPECT_EQ(sym.cases, 1u + 16u * 16u);
  expect_pass(sym);
  const CheckResult asym = check_int4_mac_products(Int4MacVariant::Asym);
  EXPECT_EQ(asym.cases, 1u + 16u * 31u);
  expect_pass(asym);
  const uint32_t seed = 44;
  std::printf("seed=%u\n", seed);
  const int groups = (1 << 20) / kInt4MacGroup;  // 2^20 MACs per variant
  for (Int4MacVariant v : {Int4MacVariant::Correct, Int4MacVariant::Asym}) {
    const CheckResult r = check_int4_mac_groups(v, seed, groups);
    EXPECT_EQ(r.cases, 1u + static_cast<uint64_t>(groups) + 4u);
    expect_pass(r);
  }
}

TEST(RtlInt4Mac, QuantizedW4A4GemmEqualsGolden) {
  SKIP_WITHOUT_VERILATOR();
  for (bool sym : {true, false}) {
    const CheckResult r = check_int4_mac_golden(sym, 12, 3, 5, 4);
    EXPECT_EQ(r.cases, 1u + 3u * 5u * 4u + 3u * 5u);
    expect_pass(r);
  }
}

TEST(RtlInt4Mac, OneBitNarrowerAccumulatorIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  // Products pass (|a w| <= 64 fits 14 bits); the full-scale group (-8 x -8) x 128 = 8192 wraps.
  expect_pass(check_int4_mac_products(Int4MacVariant::Narrow));
  const CheckResult r = check_int4_mac_groups(Int4MacVariant::Narrow, 44, 16);
  EXPECT_GE(r.mismatches, 1u);
  std::printf("narrow: %s\n", r.first_mismatch.c_str());
}

TEST(RtlFp8Mac, EveryCodePairExactInFp32) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult e4 = check_fp8_mac_products(Fp8Format::E4M3, Fp8MacVariant::Correct);
  EXPECT_EQ(e4.cases, 1u + 254u * 254u);
  expect_pass(e4);
  const CheckResult e5 = check_fp8_mac_products(Fp8Format::E5M2, Fp8MacVariant::Correct);
  EXPECT_EQ(e5.cases, 1u + 248u * 248u);
  expect_pass(e5);
}

TEST(RtlFp8Mac, MillionRandomStepsAndQuantizedGemmEqualTheModel) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 88;
  std::printf("seed=%u\n", seed);
  for (Fp8Format f : {Fp8Format::E4M3, Fp8Format::E5M2}) {
    const CheckResult r = check_fp8_mac_dots(f, seed, 4096);  // 4096 x 256 = 2^20 steps
    EXPECT_EQ(r.cases, 1u + 4096u * 256u);
    expect_pass(r);
    const CheckResult g = check_fp8_mac_golden(f, seed, 3, 5, 256);
    EXPECT_EQ(g.cases, 1u + 15u);
    expect_pass(g);
  }
}

TEST(RtlFp8Mac, BrokenSubnormalWideningIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_fp8_mac_products(Fp8Format::E4M3, Fp8MacVariant::FaultySubnormal);
  EXPECT_GT(r.mismatches, 0u);
  EXPECT_FALSE(r.passed());
  std::printf("faulty: %llu mismatches, first %s\n", static_cast<unsigned long long>(r.mismatches),
              r.first_mismatch.c_str());
  EXPECT_THROW(check_fp8_mac_products(Fp8Format::E5M2, Fp8MacVariant::FaultySubnormal), std::invalid_argument);
}

// slim-mixed runs on mixpe_pe (W_WIDTH 4); its broken-variant checks are the MixPE ones
// (RtlHarnessSelfCheck.*, RtlMixPePoints.BrokenShift...).
TEST(RtlSlimMixed, MixedWidthGroupsThroughMixPeEqualGolden) {
  SKIP_WITHOUT_VERILATOR();
  for (uint32_t seed : {21u, 22u}) {
    std::printf("seed=%u\n", seed);
    const CheckResult r = check_slim_golden(seed, 4, 6, 8);
    EXPECT_EQ(r.cases, 2u + 4u * 6u * 8u + 4u * 6u);
    expect_pass(r);
  }
}

TEST(RtlLutGemm, EverySingleWeightExactAndMillionRandomWeights) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult single = check_lut_single_weights(LutVariant::Correct);
  EXPECT_EQ(single.cases, 1u + 2u * 4u * 256u * 8u);
  expect_pass(single);
  const uint32_t seed = 66;
  std::printf("seed=%u\n", seed);
  const int groups = (1 << 20) / 128;  // 2^20 weights
  const CheckResult r = check_lut_groups(LutVariant::Correct, seed, groups);
  EXPECT_EQ(r.cases, 1u + static_cast<uint64_t>(groups) + 4u);
  expect_pass(r);
}

TEST(RtlLutGemm, QuantizedGemmEqualsGoldenAndBrokenPlaneWeightIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult g = check_lut_golden(9, 3, 5, 4);
  EXPECT_EQ(g.cases, 1u + 3u * 5u * 4u + 3u * 5u);
  expect_pass(g);
  const CheckResult bad = check_lut_single_weights(LutVariant::FaultyPlaneWeight);
  EXPECT_GT(bad.mismatches, 0u);
  EXPECT_FALSE(bad.passed());
  std::printf("faulty: %llu mismatches, first %s\n", static_cast<unsigned long long>(bad.mismatches),
              bad.first_mismatch.c_str());
}

}  // namespace
}  // namespace mixsim::rtl
