#pragma once
// The verilated parameter sets of rtl/top/accel_top.v (one C++ model each, built by
// rtl/CMakeLists.txt with the same -G values as here) and the simulator hardware each one is:
// the harness runs the SystemC cycle model on exactly this HardwareConfig, so RTL and model
// share array size, buffers, dequant latency and DRAM.
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"

namespace mixsim::rtl {

// accel_cell_float's operand format codes (A_FORMAT / W_FORMAT).
enum TopFormat : int { kFp16 = 0, kBf16 = 1, kE4m3 = 2, kE5m2 = 3, kInt8 = 4, kInt = 5 };

enum TopDecode : int { kNoDecode = 0, kBcq3 = 1, kFp4 = 2, kDequantFp16 = 3, kSlimWidths = 4 };

// Deliberately broken controllers (harness self-checks), see rtl/top/accel_controller.v.
// FloatTiesAway: the float cells' FP32 adders round ties away from zero (accel_cell_float).
enum class TopFault { None, KLoopOffByOne, MissedGroupEnd, NoBankConflictStall, FloatTiesAway,
                      NoMinimumRows /* output-stationary: rtl/top/accel_controller_os.v */,
                      NoDequantGroupStep /* output-stationary dequant-mac: rtl/top/accel_weight_dequant_os.v */ };

struct TopBuffer {
  int banks = 8, ports = 1, width_bytes = 16;
  int64_t bytes = 16384;  // the RTL buffer's depth = the simulator's capacity_bytes
};

struct TopDesign {
  std::string name;      // "mixpe-32x8": the validate-rtl --top name
  std::string pe;        // simulator PE type it implements
  std::vector<std::string> recipes;  // recipes its lanes carry (symmetric weights)
  int rows = 32, cols = 8;
  int weight_bits = 4;   // stored and multiplied weight width
  bool shift_add = true; // MixPE cells (shift_add_mul) or multiplier cells
  // Float lanes (FP32 cells, rtl/top/accel_cell_float.v) and their operand formats, the RTL's
  // A_FORMAT / W_FORMAT codes; activation_bits: 8 or 16 per element in the buffers.
  bool float_lane = false;
  int activation_bits = 8;
  int a_format = 0;      // kFp16, kBf16, kE4m3, kE5m2, kInt8
  int w_format = 0;      // kFp16, kE4m3, kE5m2, kInt (signed integer, shift-and-add)
  // Weight decode between loader and cells (accel_array W_DECODE): kNoDecode, kBcq3 (lut-gemm's
  // 3-bit binary codes -> odd INT4), kFp4 (E2M1 codes -> twice the value, activations too),
  // kDequantFp16 (dequant-mac: INT4 codes x FP16 group scale -> FP16), kSlimWidths (slim-mixed:
  // 2/3/4-bit codes per (row, group) in the buffers, unpacked by the loader to weight_bits-bit
  // cell codes; the plan charges each tile its real bytes, TileGeometry::use_group_bits).
  int w_decode = 0;
  // Integer lanes with the output unit's FP32 float-scale dequant (accel_top FLOAT_DEQUANT = 1):
  // y = fl32(y + fl32(s * fl32(P))), the FloatScaleEpilogue's fold (recipes with float scales only).
  bool float_dequant = false;
  TopBuffer weight_buffer, activation_buffer;
  int dequant_latency = 3;
  int out_rows = 1024, scale_rows = 1024, max_commands = 4096;
  TopFault fault = TopFault::None;
  // Output-stationary dataflow: rtl/top/accel_top_os.v (else accel_top.v, weight-stationary).
  bool output_stationary = false;
};

// Every verilated design, the correct ones first. Throws std::invalid_argument naming the
// allowed names for an unknown one.
const std::vector<TopDesign>& top_designs();
const TopDesign& find_top_design(const std::string& name);

// The simulator configuration of a design: configs/default.yaml (clock, DRAM: LPDDR5 bank model
// unless `simple_dram`, energy table, mapper objective) with the design's array, dataflow,
// buffers and dequant latency.
sim::RunConfig top_run_config(const TopDesign& design, bool simple_dram);

}  // namespace mixsim::rtl
