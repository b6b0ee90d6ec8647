#pragma once
// The verilated parameter sets of rtl/top/accel_top.v (one C++ model each, built by
// rtl/CMakeLists.txt with the same -G values as here) and the simulator hardware each one is:
// the harness runs the SystemC cycle model on exactly this HardwareConfig, so RTL and model
// share array size, buffers, dequant latency and DRAM.
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"

namespace mixsim::rtl {

// Deliberately broken controllers (harness self-checks), see rtl/top/accel_controller.v.
enum class TopFault { None, KLoopOffByOne, MissedGroupEnd, NoBankConflictStall,
                      NoMinimumRows /* output-stationary: rtl/top/accel_controller_os.v */ };

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
