// The verilated R x C weight-stationary array: values bit for bit, cycles per tile.
#include <cstdio>

#include <gtest/gtest.h>

#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"

namespace mixsim::rtl {
namespace {

TEST(RtlArrayTile, GroupPartialSumsAndCyclesMatch) {
  if (!verilator_available()) GTEST_SKIP() << "SKIPPED: mixsim built without Verilator";
  for (uint32_t seed : {1u, 4242u}) {
    std::printf("seed=%u\n", seed);
    const int tokens = 6, groups = 3;
    const CheckResult r = check_array_tile(ArrayVariant::Correct, seed, tokens, groups);
    SCOPED_TRACE(r.detail);
    // Per tile: output count, cycles vs closed form, cycles vs SystemC, and M x C values.
    EXPECT_EQ(r.cases, static_cast<uint64_t>(groups * (3 + tokens * kArrayCols)));
    EXPECT_EQ(r.mismatches, 0u) << r.first_mismatch;
  }
}

TEST(RtlArrayTile, ChainMatchesModelsGoldenIntegerScaleGemm) {
  if (!verilator_available()) GTEST_SKIP() << "SKIPPED: mixsim built without Verilator";
  for (uint32_t seed : {2u, 77u}) {
    std::printf("seed=%u\n", seed);
    const int tokens = 5, groups = 4;
    const CheckResult r = check_array_against_golden(seed, tokens, groups);
    SCOPED_TRACE(r.detail);
    // Array: per tile 3 + M*C; chain: per (m, n) one P per group, the sum, and Y.
    const uint64_t array_cases = groups * (3 + tokens * kArrayCols);
    EXPECT_EQ(r.cases, array_cases + tokens * kArrayCols * (groups + 2));
    EXPECT_EQ(r.mismatches, 0u) << r.first_mismatch;
  }
}

TEST(RtlHarnessSelfCheck, FlippedShiftInArrayIsCaught) {
  if (!verilator_available()) GTEST_SKIP() << "SKIPPED: mixsim built without Verilator";
  const uint32_t seed = 1;
  std::printf("seed=%u\n", seed);
  const CheckResult r = check_array_tile(ArrayVariant::FaultyShift, seed, 6, 3);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.mismatches, 0u);
  // Timing is unaffected by an arithmetic fault: only values differ.
  EXPECT_EQ(r.first_mismatch.find("cycles"), std::string::npos) << r.first_mismatch;
}

TEST(RtlArrayTile, ClosedFormAgreesWithSystemCTileTimeline) {
  // The RTL's closed form against the SystemC model's own recurrence (sim::TileTimeline) for
  // single tiles of many shapes, including the decode case M = 1.
  for (int rows : {1, 4, 32, 128}) {
    for (int cols : {1, 4, 32}) {
      for (int tokens : {1, 2, 7, 64}) {
        EXPECT_EQ(array_tile_cycles(rows, cols, tokens),
                  systemc_tile_out_done(rows, cols, tokens))
            << rows << "x" << cols << " M=" << tokens;
      }
    }
  }
}

}  // namespace
}  // namespace mixsim::rtl
