// End-to-end: `mixsim validate-rtl --top` runs random whole GEMMs on the accelerator top (one
// PASS line per GEMM with values and both cycle counts, exit 0), writes a waveform on request
// (via a temporary file), exits non-zero for a broken controller, and rejects bad input naming
// the allowed values.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/cli_process.hpp"

namespace mixsim {
namespace {

using cli_test::run_shell;
using cli_test::TempDir;

std::string mixsim() { return std::string(MIXSIM_BIN); }

bool have_verilator_models() {
  return run_shell(mixsim() + " validate-rtl --pe mixpe").text.find("without Verilator") == std::string::npos;
}

TEST(ValidateTopCli, RandomGemmsPassWithWaveform) {
  if (!have_verilator_models()) GTEST_SKIP() << "SKIPPED: built without Verilator";
  TempDir dir("top");
  const auto vcd = dir.path / "top.vcd";
  const auto r = run_shell(mixsim() + " validate-rtl --top --pe mixpe-32x8 --seed 5 --cases 3 --vcd " + vcd.string());
  ASSERT_EQ(r.status, 0) << r.text;
  EXPECT_NE(r.text.find("3 GEMMs, 0 failed"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("cycles RTL"), std::string::npos) << r.text;
  EXPECT_TRUE(std::filesystem::exists(vcd));
  EXPECT_FALSE(std::filesystem::exists(vcd.string() + ".tmp"));
}

TEST(ValidateTopCli, BrokenControllerFails) {
  if (!have_verilator_models()) GTEST_SKIP() << "SKIPPED: built without Verilator";
  const auto r = run_shell(mixsim() + " validate-rtl --top --pe mixpe-32x8-fault-kloop --seed 5 --cases 2");
  EXPECT_NE(r.status, 0) << r.text;
  EXPECT_NE(r.text.find("FAIL"), std::string::npos) << r.text;
}

TEST(ValidateTopCli, BadInputNamesAllowedValues) {
  const auto unknown = run_shell(mixsim() + " validate-rtl --top --pe mixpe-7x7");
  EXPECT_NE(unknown.status, 0);
  if (have_verilator_models()) EXPECT_NE(unknown.text.find("allowed: mixpe-32x8"), std::string::npos) << unknown.text;
  const auto zero = run_shell(mixsim() + " validate-rtl --top --cases 0");
  EXPECT_NE(zero.status, 0);
  EXPECT_NE(zero.text.find("--cases must be >= 1"), std::string::npos) << zero.text;
}

}  // namespace
}  // namespace mixsim
