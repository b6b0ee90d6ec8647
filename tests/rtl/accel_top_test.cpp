// Whole GEMMs on the verilated accelerator top (rtl/top/accel_top.v) against the golden model
// and the SystemC cycle model (rtl/harness/top/top_check.hpp): 20 seeded random cases per PE
// design (values bit for bit, job cycles equal), and each deliberately broken controller caught.
#include <gtest/gtest.h>

#include <cstdio>

#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/top/top_cases.hpp"
#include "rtl/harness/top/top_check.hpp"

namespace mixsim::rtl {
namespace {

#define SKIP_WITHOUT_VERILATOR()                                          \
  do {                                                                    \
    if (!verilator_available()) GTEST_SKIP() << "built without Verilator"; \
  } while (0)

void print(const TopGemmResult& r) {
  std::printf("  %s %s: %llu value checks, %llu mismatches; cycles RTL %lld SystemC %lld; %lld tiles\n",
              r.passed() ? "ok  " : "FAIL", r.values.detail.c_str(),
              static_cast<unsigned long long>(r.values.cases),
              static_cast<unsigned long long>(r.values.mismatches), static_cast<long long>(r.rtl_cycles),
              static_cast<long long>(r.systemc_cycles), static_cast<long long>(r.tiles));
  if (!r.values.first_mismatch.empty()) std::printf("    first value mismatch: %s\n", r.values.first_mismatch.c_str());
}

class AccelTopDesign : public ::testing::TestWithParam<const char*> {};

TEST_P(AccelTopDesign, TwentyRandomGemmsMatchGoldenValuesAndSystemCCycles) {
  SKIP_WITHOUT_VERILATOR();
  const TopDesign& d = find_top_design(GetParam());
  const uint32_t seed = 11;
  std::printf("design %s, case seed %u\n", d.name.c_str(), seed);
  int pinned = 0, spilled = 0, simple = 0;
  for (const TopGemmCase& c : random_top_cases(d, seed, 20)) {
    const TopGemmResult r = run_top_gemm(d, c);
    print(r);
    EXPECT_TRUE(r.values.passed()) << r.values.detail << ": " << r.values.first_mismatch;
    EXPECT_EQ(r.rtl_cycles, r.systemc_cycles) << r.cycles.detail;
    EXPECT_GT(r.values.cases, static_cast<uint64_t>(c.m * c.n));
    pinned += c.mapping.has_value();
    spilled += c.mapping && c.mapping->spill_partials;
    simple += c.simple_dram;
  }
  // The case mix this test promises: pinned mappings (some spilling) and both DRAM models.
  EXPECT_GE(pinned, 5);
  EXPECT_GE(simple, 4);
  std::printf("pinned mappings %d (spilling %d), simple-DRAM cases %d\n", pinned, spilled, simple);
}

INSTANTIATE_TEST_SUITE_P(Designs, AccelTopDesign,
                         ::testing::Values("mixpe-32x8", "mixpe-64x4", "int8-mac-16x16", "int4-mac-32x8",
                                           "fp16-mac-8x8", "mixpe-fp16-64x2", "mixpe-bf16-32x4", "mixpe-fp8-16x8",
                                           "fp8-mac-e4m3-8x8", "fp8-mac-e5m2-8x8", "dequant-mac-fp16-8x8",
                                           "dequant-mac-int8-8x8", "lut-gemm-64x2", "mx-fp4-16x8", "nv-fp4-16x8",
                                           "nv-fp4-32x4"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

// The default config's 32 x 32 array: a decode row and a prefill-like block.
TEST(AccelTop, DefaultArraySizeMatches) {
  SKIP_WITHOUT_VERILATOR();
  const TopDesign& d = find_top_design("mixpe-32x32");
  for (const TopGemmCase& c : {TopGemmCase{"w4a8-g128", 1, 96, 256, 3, {}, false},
                               TopGemmCase{"w4a8-g32-intscale", 48, 70, 128, 4, {}, false}}) {
    const TopGemmResult r = run_top_gemm(d, c);
    print(r);
    EXPECT_TRUE(r.passed()) << r.values.first_mismatch << " / " << r.cycles.first_mismatch;
  }
}

// Each broken controller must fail: values for the K-loop and group faults, cycles for the
// removed bank-conflict stall (the 32x8 design's activation window is 16 bytes, so a 32-byte
// X row takes two cycles).
TEST(AccelTop, KLoopOffByOneIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-32x8-fault-kloop"), {"w4a8-g64", 5, 12, 128, 21, {}, false});
  print(r);
  EXPECT_GT(r.values.mismatches, 0u);
}

TEST(AccelTop, MissedGroupBoundaryIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-32x8-fault-group"), {"w4a8-g32", 5, 12, 128, 22, {}, false});
  print(r);
  EXPECT_GT(r.values.mismatches, 0u);
}

TEST(AccelTop, RemovedBankConflictStallIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-32x8-fault-nostall"), {"w4a8-g32", 24, 16, 128, 23, {}, true});
  print(r);
  EXPECT_NE(r.rtl_cycles, r.systemc_cycles);
  EXPECT_FALSE(r.passed());
}

// The float cells' FP32 adders rounding ties away from zero instead of to even: the group sums
// must differ from the simulator's in some bits.
TEST(AccelTop, FloatAdderTiesAwayIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("fp16-mac-8x8-fault-ties"), {"fp16", 16, 16, 256, 24, {}, false});
  print(r);
  EXPECT_GT(r.values.mismatches, 0u);
  EXPECT_EQ(r.rtl_cycles, r.systemc_cycles);  // a value fault only
}

TEST(AccelTop, BadInputNamesTheAllowedValues) {
  SKIP_WITHOUT_VERILATOR();
  try {
    run_top_gemm(find_top_design("mixpe-32x8"), {"w8a8", 2, 8, 64, 1, {}, false});
    FAIL() << "a recipe the design does not carry must be rejected";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: w4a8-g32"), std::string::npos) << e.what();
  }
  try {
    find_top_design("mixpe-7x7");
    FAIL() << "an unknown design must be rejected";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("mixpe-32x8"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::rtl
