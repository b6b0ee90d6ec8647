// rtl/harness/vcd_activity.hpp on hand-made VCDs (expected toggles counted by hand) and on a
// waveform the harness records.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/vcd_activity.hpp"

namespace mixsim::rtl {
namespace {

// clk rises at #10, #30, #50, #70 (4 cycles). `a` (2 bits): 00 -> 11 -> 10 = 2 + 1 toggles;
// `b` (1 bit): 0 -> 1 = 1 toggle; `c` is an alias of `b` (same id '%'), counted once. The
// initial $dumpvars values are not toggles. Activity = 4 toggles / (3 bits x 4 cycles).
const char* kVcd = R"($timescale 1ps $end
$scope module top $end
$var wire 1 ! clk $end
$var wire 2 " a [1:0] $end
$var wire 1 % b $end
$scope module inner $end
$var wire 1 % c $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0!
b00 "
0%
$end
#10
1!
b11 "
#20
0!
#30
1!
1%
#40
0!
b10 "
#50
1!
#60
0!
#70
1!
)";

TEST(VcdActivity, HandCountedToggles) {
  const VcdActivity a = measure_vcd_activity(kVcd, "test.vcd");
  EXPECT_EQ(a.bits, 3);
  EXPECT_EQ(a.cycles, 4);
  EXPECT_EQ(a.toggles, 4);
  EXPECT_DOUBLE_EQ(a.activity(), 4.0 / 12.0);
}

TEST(VcdActivity, ShortVectorValuesAreZeroExtended) {
  // "b1" for a 2-bit net is 01: from 11 that is one toggle (bit 1).
  std::string text = kVcd;
  text.replace(text.find("b10 \""), 5, "b1 \"");
  EXPECT_EQ(measure_vcd_activity(text, "test.vcd").toggles, 4);
}

TEST(VcdActivity, MissingClockOrDefinitionsAreErrors) {
  EXPECT_THROW(measure_vcd_activity(kVcd, "test.vcd", "clock"), std::invalid_argument);
  EXPECT_THROW(measure_vcd_activity("#0\n1!\n", "test.vcd"), std::invalid_argument);
}

TEST(VcdActivity, HarnessWaveformOfTheMixpePe) {
  if (!verilator_available()) GTEST_SKIP() << "SKIPPED: built without Verilator";
  const auto path = std::filesystem::temp_directory_path() / "mixsim_vcd_activity_mixpe.vcd";
  const uint32_t seed = 3;
  std::printf("seed=%u\n", seed);
  ASSERT_TRUE(check_group_accumulation(GroupPeVariant::Correct, seed, 4, path.string()).passed());
  const VcdActivity a = measure_vcd_activity_file(path.string());
  std::filesystem::remove(path);
  std::printf("mixpe_pe: %lld toggles / %lld bits / %lld cycles = %.4f\n",
              static_cast<long long>(a.toggles), static_cast<long long>(a.bits),
              static_cast<long long>(a.cycles), a.activity());
  EXPECT_GE(a.cycles, 4 * 128);  // four groups of 128 valid inputs, plus idle cycles
  EXPECT_GT(a.activity(), 0.0);
  EXPECT_LT(a.activity(), 1.0);
}

}  // namespace
}  // namespace mixsim::rtl
