// Verilated PEs against exact integer arithmetic (and, for the products, models/shift_add.hpp),
// and the harness's own ability to catch a broken design.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/validation.hpp"

namespace mixsim::rtl {
namespace {

#define SKIP_WITHOUT_VERILATOR()                                                   \
  if (!verilator_available()) GTEST_SKIP() << "SKIPPED: mixsim built without Verilator"

void expect_pass(const CheckResult& r) {
  SCOPED_TRACE(r.name + " (" + r.detail + ")");
  EXPECT_GT(r.cases, 0u);
  EXPECT_EQ(r.mismatches, 0u) << r.first_mismatch;
  EXPECT_TRUE(r.passed());
}

// Signed bits needed to hold v.
int signed_bits(long long v) {
  int bits = 1;
  while (v < -(1LL << (bits - 1)) || v > (1LL << (bits - 1)) - 1) ++bits;
  return bits;
}

TEST(RtlShiftAddProducts, AllInt4TimesInt8ProductsExact) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_shift_add_products(MultiplierVariant::Correct);
  EXPECT_EQ(r.cases, 2u * 16u * 256u);  // vs a*q and vs models' shift_add
  expect_pass(r);
}

TEST(RtlShiftAddProducts, AllInt4TimesFp16ProductsExact) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_shift_add_fp16_products();
  EXPECT_EQ(r.cases, 2u * 16u * (65536u - 2048u));  // finite FP16 patterns, two references
  expect_pass(r);
}

TEST(RtlFp16Pe, Fp32AdderMatchesIeee) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 13;
  std::printf("seed=%u\n", seed);
  const CheckResult r = check_fp32_adder(AdderVariant::Correct, seed, 100000);
  EXPECT_EQ(r.cases, 100000u);
  expect_pass(r);
}

TEST(RtlFp16Pe, GroupPartsAndYMatchModelsGoldenW4a16) {
  SKIP_WITHOUT_VERILATOR();
  for (uint32_t seed : {4u, 31u}) {
    std::printf("seed=%u\n", seed);
    const int m = 3, n = 4, groups = 4;
    const CheckResult r = check_fp16_pe_against_golden(seed, m, n, groups);
    EXPECT_EQ(r.cases, static_cast<uint64_t>(m * n * (groups + 1)));
    expect_pass(r);
  }
}

TEST(RtlHarnessSelfCheck, TiesAwayRoundingInAdderIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 13;
  std::printf("seed=%u\n", seed);
  const CheckResult r = check_fp32_adder(AdderVariant::FaultyTiesAway, seed, 100000);
  EXPECT_EQ(r.cases, 100000u);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.mismatches, 0u);
}

TEST(RtlHarnessSelfCheck, FlippedShiftInMultiplierIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_shift_add_products(MultiplierVariant::FaultyShift);
  EXPECT_EQ(r.cases, 2u * 16u * 256u);
  EXPECT_FALSE(r.passed());
  // The fault adds a<<bit whenever weight bit `bit` is set: wrong for every such weight and
  // every nonzero activation, and only there.
  uint64_t wrong = 0;
  for (int q = -8; q <= 7; ++q) {
    for (int a = -128; a <= 127; ++a) {
      if (((q >> kFaultyMultiplierBit) & 1) && a != 0) wrong += 2;  // both references
    }
  }
  EXPECT_EQ(r.mismatches, wrong) << r.first_mismatch;
}

TEST(RtlGroupAccumulation, RandomOutlierGroupsExact) {
  SKIP_WITHOUT_VERILATOR();
  for (uint32_t seed : {1u, 20261123u}) {
    std::printf("seed=%u\n", seed);
    const CheckResult r = check_group_accumulation(GroupPeVariant::Correct, seed, 48);
    EXPECT_EQ(r.cases, 49u);  // the group count, then 48 sums
    expect_pass(r);
  }
}

TEST(RtlGroupAccumulation, FullScaleGroupsFitChosenWidth) {
  SKIP_WITHOUT_VERILATOR();
  // The largest |group sum|: G * 128 * 8 (a = -128, q = -8), which needs A + W + log2(G) bits.
  EXPECT_EQ(signed_bits(static_cast<long long>(kMixpeGroupSize) * 128 * 8), kMixpeAccBits);
  expect_pass(check_full_scale_groups(GroupPeVariant::Correct));
}

TEST(RtlHarnessSelfCheck, OneBitNarrowerAccumulatorOverflows) {
  SKIP_WITHOUT_VERILATOR();
  EXPECT_EQ(kMixpeNarrowAccBits, kMixpeAccBits - 1);
  const CheckResult r = check_full_scale_groups(GroupPeVariant::NarrowAccumulator);
  EXPECT_FALSE(r.passed());
  // Exactly the two all (-128, -8) groups (sum +2^17 > 2^17 - 1) wrap; the others fit.
  EXPECT_EQ(r.mismatches, 2u) << r.first_mismatch;
  EXPECT_NE(r.first_mismatch.find("expected 131072"), std::string::npos) << r.first_mismatch;
  // Outlier-heavy random data never reaches full scale: a random test alone would miss this.
  const uint32_t seed = 7;
  std::printf("seed=%u\n", seed);
  expect_pass(check_group_accumulation(GroupPeVariant::NarrowAccumulator, seed, 16));
}

TEST(RtlDequantMacPe, DotProductsExact) {
  SKIP_WITHOUT_VERILATOR();
  for (uint32_t seed : {3u, 99u}) {
    std::printf("seed=%u\n", seed);
    const CheckResult r = check_dequant_mac(seed, 24);
    EXPECT_EQ(r.cases, 24u);
    expect_pass(r);
  }
}

TEST(RtlInt8MacPe, DotProductsExact) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 5;
  std::printf("seed=%u\n", seed);
  const CheckResult r = check_int8_mac(seed, 32);
  EXPECT_EQ(r.cases, 32u);
  expect_pass(r);
}

TEST(RtlFp16MacPe, MatchesModelBitForBitAfterEveryStep) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 13;
  std::printf("seed=%u\n", seed);
  const CheckResult r = check_fp16_mac(seed, 24);
  EXPECT_GT(r.cases, 24u);  // one case per accumulation step
  expect_pass(r);
}

TEST(RtlGroupDequantUnit, ExactAndShiftedOutputs) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 11;
  std::printf("seed=%u\n", seed);
  expect_pass(check_group_dequant_unit(seed, 200));
}

TEST(RtlValidation, RejectsUnknownPeAndAmbiguousVcd) {
  SKIP_WITHOUT_VERILATOR();
  ValidationOptions options;
  options.pe = "mixpe2";
  try {
    run_validation(options);
    FAIL() << "unknown PE accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: all, mixpe"), std::string::npos) << e.what();
  }
  options.pe = "all";
  options.vcd_path = "x.vcd";
  EXPECT_THROW(run_validation(options), std::invalid_argument);
}

TEST(RtlValidation, WritesWaveformAtomically) {
  SKIP_WITHOUT_VERILATOR();
  const auto dir = std::filesystem::temp_directory_path() / "mixsim_rtl_vcd_test";
  std::filesystem::create_directories(dir);
  const auto vcd = dir / "int8.vcd";
  std::filesystem::remove(vcd);
  ValidationOptions options;
  options.pe = "int8-mac";
  options.seed = 2;
  options.vcd_path = vcd.string();
  const auto results = run_validation(options);
  ASSERT_EQ(results.size(), 1u);
  expect_pass(results[0]);
  ASSERT_TRUE(std::filesystem::exists(vcd));
  EXPECT_FALSE(std::filesystem::exists(vcd.string() + ".tmp"));
  std::ifstream in(vcd);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("$enddefinitions"), std::string::npos);
  EXPECT_NE(text.find(" acc "), std::string::npos);  // the accumulator is in the waveform
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mixsim::rtl
