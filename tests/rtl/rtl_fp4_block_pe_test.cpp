// fp4_block_pe (the mx-fp4 / nv-fp4 datapath) under Verilator: exhaustive code pairs, >= 10^6
// random MACs, quantized GEMMs bit for bit against golden, and a broken decoder that is caught.
#include <cstdio>

#include <gtest/gtest.h>

#include "rtl/harness/fp4_block_checks.hpp"
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

TEST(RtlFp4BlockPe, AllCodePairsExact) {
  SKIP_WITHOUT_VERILATOR();
  for (Fp4Format f : {Fp4Format::Mx, Fp4Format::Nv}) {
    const CheckResult r = check_fp4_products(f, Fp4Variant::Correct);
    EXPECT_EQ(r.cases, 1u + 2u * 256u);
    expect_pass(r);
  }
}

TEST(RtlFp4BlockPe, MillionRandomMacsPerFormatEqualTheModel) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 4096;
  std::printf("seed=%u\n", seed);
  for (Fp4Format f : {Fp4Format::Mx, Fp4Format::Nv}) {
    const int block = f == Fp4Format::Mx ? 32 : 16;
    const int blocks = (1 << 20) / block;  // 2^20 MACs
    const CheckResult r = check_fp4_blocks(f, Fp4Variant::Correct, seed, blocks);
    EXPECT_EQ(r.cases, 1u + static_cast<uint64_t>(blocks + 2) + 1u);
    expect_pass(r);
  }
}

TEST(RtlFp4BlockPe, QuantizedGemmDotsAndYEqualGolden) {
  SKIP_WITHOUT_VERILATOR();
  for (Fp4Format f : {Fp4Format::Mx, Fp4Format::Nv})
    for (uint32_t seed : {5u, 6u}) {
      std::printf("seed=%u\n", seed);
      const CheckResult r = check_fp4_golden(f, seed, 3, 5, 4);
      EXPECT_EQ(r.cases, 1u + 3u * 5u * 4u + 3u * 5u);
      expect_pass(r);
    }
}

TEST(RtlFp4BlockPe, BrokenDecoderIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult r = check_fp4_products(Fp4Format::Mx, Fp4Variant::FaultyDecode);
  // Magnitude code 5 (3.0) read as 2.0: the pairs where exactly one operand has it, or both,
  // and the other is nonzero. Codes 5 and 13 (+-3) x the 14 nonzero codes, both ways, minus
  // the double-counted (5|13) x (5|13) pairs: 2*2*14 - 4 = 52 pairs, against two references.
  EXPECT_EQ(r.mismatches, 2u * 52u) << r.first_mismatch;
  EXPECT_FALSE(r.passed());
  std::printf("faulty: %s\n", r.first_mismatch.c_str());
  EXPECT_GT(check_fp4_blocks(Fp4Format::Mx, Fp4Variant::FaultyDecode, 3, 64).mismatches, 0u);
  EXPECT_THROW(check_fp4_products(Fp4Format::Nv, Fp4Variant::FaultyDecode), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::rtl
