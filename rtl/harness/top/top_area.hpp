#pragma once
// Area of the accelerator top, broken into array / dequant / control / buffers, from the
// standard-cell flow (rtl/harness/cell_flow.hpp: Yosys on rtl/lib/mixsim45.lib, OpenSTA):
//  * array: one accel_cell synthesized with the design's parameters x R*C, plus the skew,
//    deskew and row-tag pipeline flip-flops (counted, at DFF_X1's area);
//  * dequant: accel_output_unit's logic (per-column add, integer-scale multiply, pipeline),
//    synthesized with 2-row memories whose flip-flops are included;
//  * control: accel_controller (2-entry command buffer), accel_weight_loader (its staging bytes
//    are real flip-flops) and accel_row_streamer;
//  * buffers: the SRAM bits (weight, activation, output accumulators, scales, commands) at a
//    6T bit cell of 0.346 um^2 (Intel 45 nm, Mistry et al., IEDM 2007), bit cells only: no
//    macro periphery, so a lower bound.
// f_max is the slowest synthesized part's (the behavioural SRAM read is not timed).
#include <string>
#include <vector>

#include "rtl/harness/cell_flow.hpp"
#include "rtl/harness/top/top_design.hpp"

namespace mixsim::rtl {

struct TopAreaPart {
  std::string part;     // array | dequant | control | buffers
  std::string detail;   // what was synthesized or counted
  double area_um2 = 0.0;
  double fmax_mhz = 0.0;  // 0 for counted parts
};

struct TopArea {
  std::string design;
  std::vector<TopAreaPart> parts;
  double total_um2 = 0.0;
  double fmax_mhz = 0.0;
};

inline constexpr double kSramBitCellUm2 = 0.346;  // Intel 45 nm 6T cell (IEDM 2007)

TopArea top_area(const TopDesign& design, const CellFlowTools& tools);
std::string top_area_json(const TopArea& area);

}  // namespace mixsim::rtl
