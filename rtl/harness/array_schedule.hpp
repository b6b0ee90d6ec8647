#pragma once
// Closed-form timing of one weight-stationary tile on the RTL array (rtl/mixpe_array.v).
#include <cstdint>

namespace mixsim::rtl {

// Clock edges from a tile's first weight-load edge to the edge at which the stage after the
// array captures the last of its M tokens' deskewed outputs, for an R x C array:
//   R (one weight row per edge) + M (one token per edge) + R + C - 1 (skew, array, deskew)
//   = 2R + C + M - 1.
// This is the SystemC model's TileTimeline (sim/array/tile_timeline.hpp) for one tile that is ready
// at cycle 0 with load_cycles = R, stream_cycles = M (no bank conflicts), pipeline_latency =
// R + C - 1 (TilePlan::pipeline_latency) and no group-dequant latency: out_done.
// The harness checks the verilated array against both for every tile it runs.
int64_t array_tile_cycles(int rows, int cols, int m_tokens);

// The same tile placed by the SystemC model's own recurrence (sim::TileTimeline::place).
int64_t systemc_tile_out_done(int rows, int cols, int m_tokens);

}  // namespace mixsim::rtl
