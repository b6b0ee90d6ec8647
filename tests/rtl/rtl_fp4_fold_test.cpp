// The FP4 PEs' per-column block-scale fold unit (rtl/harness/fp4_fold_checks.hpp): randomized
// block folds and quantized GEMMs against models/pe/fp4_block_pe.hpp bit for bit, and a broken
// E4M3 scale decoder that the random check must catch.
#include <cstdio>

#include <gtest/gtest.h>

#include "rtl/harness/fp4_fold_checks.hpp"
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

// 2^20 random outputs per format (about 4.7 million block folds each).
TEST(RtlFp4Fold, RandomOutputsEqualTheModelFoldBitForBit) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 1618;
  std::printf("seed=%u\n", seed);
  for (Fp4Format f : {Fp4Format::Mx, Fp4Format::Nv}) {
    const int outputs = 1 << 20;
    const CheckResult r = check_fp4_fold_random(f, Fp4FoldVariant::Correct, seed, outputs);
    EXPECT_EQ(r.cases, 1u + static_cast<uint64_t>(outputs)) << r.name;
    expect_pass(r);
  }
}

TEST(RtlFp4Fold, QuantizedGemmEqualsGoldenBitForBit) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 271;
  std::printf("seed=%u\n", seed);
  for (Fp4Format f : {Fp4Format::Mx, Fp4Format::Nv}) {
    const CheckResult r = check_fp4_fold_golden(f, seed, 4, 7, 8);
    EXPECT_EQ(r.cases, 1u + 4u * 7u) << r.name;
    expect_pass(r);
  }
}

// Subnormal E4M3 scale codes (1..7) read with the hidden bit: 8 + m instead of m. Any output
// with such a scale on a nonzero block dot differs.
TEST(RtlFp4Fold, BrokenSubnormalScaleDecoderIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_fp4_fold_random(Fp4Format::Nv, Fp4FoldVariant::FaultySubnormalScale, 5, 4096);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.mismatches, 100u) << r.first_mismatch;  // 7 of 127 codes per scale, 2 scales a block
  std::printf("faulty: %llu of %llu outputs differ; first: %s\n",
              static_cast<unsigned long long>(r.mismatches), static_cast<unsigned long long>(r.cases),
              r.first_mismatch.c_str());
  EXPECT_THROW(check_fp4_fold_random(Fp4Format::Mx, Fp4FoldVariant::FaultySubnormalScale, 5, 8),
               std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::rtl
