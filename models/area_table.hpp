#pragma once
// Gate-level cost of each PE design, from Yosys synthesis of the Verilog in rtl/ (generic
// cells mapped to NAND/NOR/NOT + D flip-flops, transistors from Yosys' `stat -tech cmos` cost
// table: NOT 2, NAND/NOR 4, DFF 16). These are technology-independent relative figures (no
// wires, no sizing, no standard-cell library), for ratios between PE types, not mm^2.
// Regenerate with `mixsim area --out area.json` (each design: yosys -s rtl/synth/<module>.ys);
// tests/rtl checks that this table still matches what Yosys produces from the current RTL.
#include <cstdint>
#include <map>
#include <string>

namespace mixsim {

struct AreaEntry {
  std::string module;       // Verilog top module in rtl/
  std::string parameters;   // the parameter values synthesized
  int64_t cells = 0;        // Yosys cells after mapping (gates + flip-flops)
  int64_t flip_flops = 0;   // $_DFF_P_ cells among them
  int64_t transistors = 0;  // Yosys `stat -tech cmos` estimate
};

struct AreaTable {
  std::string tool;     // synthesis tool and version
  std::string command;  // the command that produced the numbers
  std::map<std::string, AreaEntry> designs;  // PE name (mixpe, dequant-mac, ...) -> entry

  // Throws std::out_of_range naming the unknown design and listing the known ones.
  const AreaEntry& at(const std::string& design) const;
  // transistors(numerator) / transistors(denominator).
  double transistor_ratio(const std::string& numerator, const std::string& denominator) const;
};

// The shipped table (Yosys 0.23 on the RTL of this revision).
AreaTable default_area_table();

}  // namespace mixsim
