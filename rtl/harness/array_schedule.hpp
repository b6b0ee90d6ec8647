#pragma once
// Closed-form timing of one weight-stationary tile on the RTL array (rtl/mixpe_array.v).
#include <cstdint>

namespace mixsim::rtl {

// Clock edges from a tile's first weight-load edge to the edge after which the last of its M
// tokens' deskewed outputs is at the array port, for an R x C array:
//   R (one weight row per edge) + M (one token per edge) + (R + C - 1) - 1 (skew, array and
//   deskew latency; the last token's input edge is already counted) = 2R + C + M - 2.
// The harness checks the verilated array against this for every tile it runs.
int64_t array_tile_cycles(int rows, int cols, int m_tokens);

}  // namespace mixsim::rtl
