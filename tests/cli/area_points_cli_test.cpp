// End-to-end: `mixsim area --point` (parameter points of the MixPE through the standard-cell
// flow, cached by parameter hash) and its bad input (a parameter out of range names the key and
// the allowed values, exits non-zero and writes nothing); `mixsim area --pe` for the new fixed
// designs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/cli_process.hpp"

namespace mixsim {
namespace {

using cli_test::read_text;
using cli_test::run_shell;
using cli_test::TempDir;

std::string mixsim() { return std::string(MIXSIM_BIN); }

bool tools_run() {
  return run_shell("yosys -V").status == 0 && run_shell("echo exit | sta -no_splash").status == 0;
}

TEST(AreaPointsCli, BadPointsNameTheKeyAndTheAllowedValuesAndWriteNothing) {
  TempDir dir("area-points-bad");
  const auto out = dir.path / "p.json";
  const auto cache = dir.path / "cache";
  const struct {
    const char* point;
    const char* message;
  } cases[] = {
      {"mixpe:weight_bits=5", "mixpe weight_bits 5 is out of range; allowed: 2, 3, 4"},
      {"mixpe:group=48", "mixpe group 48 is out of range; allowed: 32, 64, 128, 256"},
      {"mixpe:activation=fp8-e5m2", "allowed: int8, fp16, bf16, fp8-e4m3"},
      {"mixpe:weight_bits=4,accumulator_bits=12", "allowed: 19..32"},
      {"mixpe:wieght_bits=3", "unknown key 'wieght_bits'; allowed keys: weight_bits, activation"},
      {"int8-mac:weight_bits=3", "PE type 'int8-mac' has no parameters; allowed: mixpe"},
      {"mixpe:symmetric=maybe", "allowed: true, false"},
  };
  for (const auto& c : cases) {
    // A valid point first: nothing may be synthesized or written when any point is bad.
    const auto r = run_shell(mixsim() + " area --point mixpe:weight_bits=2 --point " + c.point +
                             " --cache " + cache.string() + " --out " + out.string());
    EXPECT_NE(r.status, 0) << c.point;
    EXPECT_NE(r.text.find(c.message), std::string::npos) << c.point << ": " << r.text;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.point;
    EXPECT_FALSE(std::filesystem::exists(cache)) << c.point;
  }
}

TEST(AreaPointsCli, PointIsSynthesizedOnceThenReadFromTheCache) {
  if (!tools_run()) GTEST_SKIP() << "SKIPPED: yosys or sta (OpenSTA) not found";
  TempDir dir("area-points");
  const auto cache = dir.path / "cache";
  const std::string args = " area --point mixpe:weight_bits=2,group=32 --cache " + cache.string() + " --out ";
  const auto first = run_shell(mixsim() + args + (dir.path / "a.json").string());
  ASSERT_EQ(first.status, 0) << first.text;
  EXPECT_NE(first.text.find("mixpe-w2a8-g32-acc15"), std::string::npos) << first.text;
  EXPECT_NE(first.text.find(" miss "), std::string::npos) << first.text;
  const auto second = run_shell(mixsim() + args + (dir.path / "b.json").string());
  ASSERT_EQ(second.status, 0) << second.text;
  EXPECT_NE(second.text.find(" hit "), std::string::npos) << second.text;
  const std::string a = read_text(dir.path / "a.json"), b = read_text(dir.path / "b.json");
  EXPECT_NE(a.find("\"schema\": \"mixsim.area-points\""), std::string::npos);
  EXPECT_NE(a.find("\"W_WIDTH\": 2"), std::string::npos) << a;
  EXPECT_NE(a.find("\"ACC_WIDTH\": 15"), std::string::npos) << a;
  // Same numbers from the cache (only the cache_hit flag differs).
  EXPECT_EQ(a.substr(a.find("\"cells\"")), b.substr(b.find("\"cells\"")));
}

}  // namespace
}  // namespace mixsim
