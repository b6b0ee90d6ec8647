// models/area_table.cpp must hold what Yosys produces from the current RTL: each design is
// synthesized with its rtl/synth script and compared cell for cell, transistor for transistor.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "models/area_table.hpp"
#include "rtl/harness/area_report.hpp"
#include "rtl/harness/rtl_sources.hpp"

namespace mixsim::rtl {
namespace {

bool yosys_runs() {
  const std::string command = yosys_executable() + " -V >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

TEST(AreaTable, MatchesYosysOnCurrentRtl) {
  if (!yosys_runs()) GTEST_SKIP() << "SKIPPED: yosys not found";
  const AreaTable table = default_area_table();
  for (const auto& [pe, module] : synth_designs()) {
    SCOPED_TRACE(pe);
    const SynthArea area = synthesize_area(pe, source_root(), yosys_executable());
    const AreaEntry& entry = table.at(pe);
    EXPECT_EQ(area.module, entry.module);
    EXPECT_EQ(area.cells, entry.cells) << "re-run `mixsim area` and update models/area_table.cpp";
    EXPECT_EQ(area.transistors, entry.transistors);
    const auto dff = area.cells_by_type.find("$_DFF_P_");
    EXPECT_EQ(dff == area.cells_by_type.end() ? 0 : dff->second, entry.flip_flops);
    EXPECT_EQ(area.tool, table.tool);
  }
}

TEST(AreaTable, MixpeIsSmallerThanDequantMac) {
  // The design claim the table supports: no multiplier, narrow group accumulator.
  const AreaTable table = default_area_table();
  EXPECT_LT(table.transistor_ratio("mixpe", "dequant-mac"), 1.0);
  EXPECT_LT(table.at("mixpe").transistors, table.at("int8-mac").transistors);
  EXPECT_LT(table.at("mixpe").transistors, table.at("fp16-mac").transistors);
  EXPECT_THROW(table.at("fp8-mac"), std::out_of_range);
}

TEST(AreaReport, RejectsUnknownDesign) {
  EXPECT_THROW(synthesize_area("mixpe2", source_root(), yosys_executable()),
               std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::rtl
