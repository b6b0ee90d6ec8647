#pragma once
// The command stream of one mapped GEMM for rtl/top/accel_controller.v: one command per array
// tile, in the order the simulator runs them (sim/array/systolic_array.cpp), built from the
// simulator's TilePlan, plus what the harness's DMA model needs to know about each tile.
#include <cstdint>
#include <vector>

#include "rtl/harness/top/top_design.hpp"
#include "sim/mapping/tile_plan.hpp"

namespace mixsim::rtl {

struct TopCommand {
  uint32_t w_addr = 0, x_addr = 0, x_stride = 0;
  uint16_t w_bytes = 0, mt = 0, acc_row = 0, scale_row = 0;
  uint16_t kt = 0;    // <= R when weight-stationary, <= 256 when output-stationary
  uint8_t ct = 0;
  uint8_t flags = 0;  // bit 0 group start, 1 group end, 2 first group of the output, 3 block end
  // Output-stationary only (rtl/top/accel_controller_os.v): bytes of one K-row of weights;
  // x_stride is then the bytes between K-steps of the X column, w_bytes the tile's bytes.
  uint8_t w_step = 0;
};

struct TopTile {
  sim::TileRef ref;
  int64_t step = 0;            // index of its PlanStep
  int64_t w_offset = 0;        // byte offset of its weights in its weight load
  int64_t w_prefix_end = 0;    // bytes of its weight load up to and including it (arrival)
  int64_t partial_read = -1;   // its step's spilled-partials read, or -1
  int64_t group = 0;           // dequant group its last K row belongs to
  bool write_y = false, write_partials = false;  // its step ends here: Y / partials to DRAM
};

struct TopProgram {
  std::vector<TopCommand> commands;
  std::vector<TopTile> tiles;
};

// Throws std::invalid_argument when the plan needs what the design lacks (the other dataflow,
// more commands, output-buffer rows or scale rows than the RTL holds, an activation row
// longer than the array, a buffer larger than the RTL's).
TopProgram build_top_program(const sim::TilePlan& plan, const TopDesign& design);
// The output-stationary stream (rtl/harness/top/top_program_os.cpp), one command per
// (M-tile, K-tile) of each step; build_top_program calls it for an output-stationary plan.
TopProgram build_top_program_os(const sim::TilePlan& plan, const TopDesign& design);

}  // namespace mixsim::rtl
