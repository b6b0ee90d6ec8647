#include "models/area_table.hpp"

#include <stdexcept>

namespace mixsim {

const AreaEntry& AreaTable::at(const std::string& design) const {
  const auto it = designs.find(design);
  if (it == designs.end()) {
    std::string known;
    for (const auto& [name, entry] : designs) known += (known.empty() ? "" : ", ") + name;
    throw std::out_of_range("no area entry for design '" + design + "'; known: " + known);
  }
  return it->second;
}

double AreaTable::transistor_ratio(const std::string& numerator,
                                   const std::string& denominator) const {
  return static_cast<double>(at(numerator).transistors) /
         static_cast<double>(at(denominator).transistors);
}

AreaTable default_area_table() {
  AreaTable table;
  table.tool = "Yosys 0.23 (git sha1 7ce5011c24b)";
  table.command =
      "mixsim area --out area.json  (per design, from the source root: yosys -q -s "
      "rtl/synth/<module>.ys -p 'tee -q -o OUT.json stat -json -tech cmos')";
  // Numbers as printed by the command above on this revision's rtl/ (2026-11-23).
  table.designs["mixpe"] = {"mixpe_pe", "A_WIDTH=8 W_WIDTH=4 GROUP_SIZE=128 ACC_WIDTH=19",
                            880, 46, 3866};
  table.designs["mixpe-fp16"] = {"mixpe_fp16_pe", "W_WIDTH=4 GROUP_SIZE=128, FP32 accumulator",
                                 4247, 72, 16928};
  table.designs["dequant-mac"] = {"dequant_mac_pe", "A_WIDTH=8 W_WIDTH=4 S_WIDTH=8 ACC_WIDTH=32",
                                  2700, 32, 10624};
  table.designs["int8-mac"] = {"int8_mac_pe", "A_WIDTH=8 B_WIDTH=8 ACC_WIDTH=32", 1664, 32,
                               6674};
  table.designs["fp16-mac"] = {"fp16_mac_pe", "FP16 x FP16 exact product, FP32 accumulator",
                               5372, 32, 20544};
  table.designs["group-dequant"] = {"group_dequant_unit",
                                    "PSUM_WIDTH=19 S_WIDTH=32 OUT_WIDTH=64 SHIFT_WIDTH=6", 11871,
                                    192, 46806};
  table.designs["shift-add-mul"] = {"shift_add_mul", "A_WIDTH=8 W_WIDTH=4 (combinational)", 309,
                                    0, 1098};
  table.designs["shift-add-mul-fp16"] = {"shift_add_mul_fp16",
                                         "W_WIDTH=4, FP16 in, exact FP32 out (combinational)",
                                         1068, 0, 4068};
  return table;
}

}  // namespace mixsim
