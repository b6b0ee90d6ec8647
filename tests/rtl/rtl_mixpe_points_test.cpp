// Parameter points of the parameterized MixPE (rtl/harness/mixpe_point_checks.hpp): mixpe_pe
// verilated with each point's -G overrides against the C++ PE model of the same point, and a
// deliberately broken copy that the checks must catch.
#include <cstdio>

#include <gtest/gtest.h>

#include "models/pe/mixpe_params.hpp"
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

TEST(RtlMixPePoints, EveryProductOfEveryPointIsExact) {
  SKIP_WITHOUT_VERILATOR();
  uint64_t total = 0;
  for (const pe::MixPeParams& p : verilated_mixpe_points()) {
    const CheckResult r = check_mixpe_point_products(p, PointVariant::Correct);
    const uint64_t pairs = 256u << pe::mixpe_weight_register_bits(p);
    EXPECT_EQ(r.cases, 1u + 2u * pairs) << r.name;  // one count check + two references per pair
    expect_pass(r);
    total += r.cases;
  }
  EXPECT_EQ(verilated_mixpe_points().size(), 4u);
  std::printf("total product cases %llu\n", static_cast<unsigned long long>(total));
}

// >= 10^6 randomized MAC inputs over the points: 4 points x groups x G.
TEST(RtlMixPePoints, RandomAndFullScaleGroupsEqualTheModel) {
  SKIP_WITHOUT_VERILATOR();
  const uint32_t seed = 2024;
  std::printf("seed=%u\n", seed);
  uint64_t macs = 0;
  for (const pe::MixPeParams& p : verilated_mixpe_points()) {
    const int groups = (1 << 18) / p.group + 1;  // >= 2^18 random MACs per point
    const CheckResult r = check_mixpe_point_groups(p, PointVariant::Correct, seed, groups);
    EXPECT_EQ(r.cases, 1u + static_cast<uint64_t>(groups + 6) + 1u) << r.name;
    expect_pass(r);
    macs += static_cast<uint64_t>(groups) * static_cast<uint64_t>(p.group);
  }
  EXPECT_GE(macs, 1000000u);
  std::printf("random MACs %llu\n", static_cast<unsigned long long>(macs));
}

TEST(RtlMixPePoints, QuantizedGemmPartialsAndYEqualGolden) {
  SKIP_WITHOUT_VERILATOR();
  for (const pe::MixPeParams& p : verilated_mixpe_points()) {
    const uint32_t seed = 77;
    std::printf("seed=%u\n", seed);
    const CheckResult r = check_mixpe_point_golden(p, seed, 3, 5, 4);
    expect_pass(r);
    EXPECT_EQ(r.cases, 1u + 3u * 5u * 4u + 3u * 5u) << r.name;
  }
}

TEST(RtlMixPePoints, BrokenShiftIsCaughtByProductsGroupsAndNotByZeros) {
  SKIP_WITHOUT_VERILATOR();
  const pe::MixPeParams p = verilated_mixpe_points()[1];  // w3 g32, FAULT_SHIFT_BIT = 1
  const CheckResult products = check_mixpe_point_products(p, PointVariant::FaultyShift);
  // Weight bit 1 set (w in {-2, -1, 2, 3}: 4 of 8 codes) times every a != 0 (255), against
  // both references: exactly 2 * 4 * 255 mismatches.
  EXPECT_EQ(products.mismatches, 2u * 4u * 255u) << products.first_mismatch;
  EXPECT_FALSE(products.passed());
  std::printf("faulty: %s\n", products.first_mismatch.c_str());
  const CheckResult groups = check_mixpe_point_groups(p, PointVariant::FaultyShift, 5, 64);
  EXPECT_GT(groups.mismatches, 0u);
  EXPECT_THROW(check_mixpe_point_products(verilated_mixpe_points()[0], PointVariant::FaultyShift),
               std::invalid_argument);
  EXPECT_THROW(check_mixpe_point_products(pe::MixPeParams{4, "int8", 256, 0, true}, PointVariant::Correct),
               std::invalid_argument);
}

TEST(RtlMixPePoints, Fp16ActivationPointEveryPairAndGolden) {
  SKIP_WITHOUT_VERILATOR();
  const CheckResult pairs = check_mixpe_fp16_point_pairs();
  EXPECT_EQ(pairs.cases, 1u + (63488u * 8u) / 32u);
  expect_pass(pairs);
  const CheckResult golden = check_mixpe_fp16_point_golden(31, 3, 5, 4);
  EXPECT_EQ(golden.cases, 1u + 3u * 5u * 4u + 3u * 5u);
  expect_pass(golden);
}

}  // namespace
}  // namespace mixsim::rtl
