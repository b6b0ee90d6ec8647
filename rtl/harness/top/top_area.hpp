#pragma once
// Area of the accelerator top, broken into array / dequant / control / buffers, from the
// standard-cell flow (rtl/harness/cell_flow.hpp: Yosys on rtl/lib/mixsim45.lib, OpenSTA).
// Weight-stationary top (rtl/top/accel_top.v):
//  * array: one accel_cell synthesized with the design's parameters x R*C, plus the skew,
//    deskew and row-tag pipeline flip-flops (counted, at DFF_X1's area);
//  * dequant: accel_output_unit's logic (per-column add, integer-scale multiply, pipeline),
//    synthesized with 2-row memories whose flip-flops are included;
//  * control: accel_controller (2-entry command buffer), accel_weight_loader (its staging bytes
//    are real flip-flops) and accel_row_streamer;
//  * buffers: the SRAM bits (weight, activation, output accumulators, scales, commands) at a
//    6T bit cell of 0.346 um^2 (Intel 45 nm, Mistry et al., IEDM 2007), bit cells only: no
//    macro periphery, so a lower bound.
// Output-stationary top (rtl/top/accel_top_os.v), the same four parts:
//  * array: one accel_cell_os (accumulator, shadow and drain registers; no weight file) x R*C,
//    plus the X-row / flag skew, W-column skew, sum deskew and the drain sequencer's tag delay
//    line (R + C stages) and registers (counted, at DFF_X1's area);
//  * dequant: as above with the OS array's 32-bit column sums into accel_output_unit;
//  * control: accel_controller_os (2-entry command buffer) + two accel_row_streamers (the
//    K-step's X column of R bytes and W row of ceil(C*W/8) bytes); no weight loader;
//  * buffers: the same SRAM bits.
// f_max is the slowest synthesized part's (the behavioural SRAM read is not timed).
// Integer lanes without a weight decode or the FP32 float-scale dequant only (top_area_supported);
// other designs throw std::invalid_argument naming the designs covered.
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

bool top_area_supported(const TopDesign& design);
// parts: the parts to compute (array, dequant, control, buffers; empty: all four, the total is
// the sum of those computed). Unknown names throw std::invalid_argument naming the allowed ones.
TopArea top_area(const TopDesign& design, const CellFlowTools& tools, const std::vector<std::string>& parts = {});
std::string top_area_json(const TopArea& area);

}  // namespace mixsim::rtl
