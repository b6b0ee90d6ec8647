#pragma once
// Mapping: how one M x N x K GEMM is blocked for the buffers and in which order the blocks run
// (docs/SIMULATOR.md, "Mapping"). The mapper (sim/mapping/mapper.hpp) searches these; a config
// can pin one per GEMM (`mapper.pin`), written in the text form of to_string()/parse_mapping().
//
// Three block loops, outermost first in `order`, walk M-blocks (m_block rows of X), N-blocks
// (n_block_tiles array-wide N-tiles of C columns) and K-blocks (k_block_tiles K-tiles of the
// PE's tile_k, group-aligned). Each operand lives in its buffer as one block:
//   X: m_block rows x (one K-block, or all of K when x_full_k)
//   W: n_block_tiles*C columns x (one K-block, or all of K when w_full_k)
//   Y: the accumulators of the (M-block, N-block) being reduced.
// An operand block is read from DRAM when its index changes between consecutive steps, so the
// innermost loops it does not depend on reuse it (X across N, W across M, Y across K).
// When K is not the innermost loop a Y block is left unfinished while other Y blocks run: its
// partial sums either stay in the output buffer (every live Y block must fit) or, when
// `spill_partials`, go to DRAM as INT32/FP32 partials and come back (counted as DRAM traffic).
// Inside a block the array runs: for each N-tile, for each M-tile (output-stationary: R rows;
// weight-stationary: the whole M-block streams through each weight tile), for each K-tile.
#include <array>
#include <cstdint>
#include <string>

namespace mixsim::sim {

enum class LoopDim { M, N, K };

struct Mapping {
  std::array<LoopDim, 3> order = {LoopDim::M, LoopDim::N, LoopDim::K};  // outermost first
  int64_t m_block = 1;        // rows of X per M-block
  int64_t n_block_tiles = 1;  // N-tiles (C columns each) per N-block
  int64_t k_block_tiles = 1;  // K-tiles (tile_k each) per K-block
  bool x_full_k = false;      // X block holds all of K (read once per M-block)
  bool w_full_k = false;      // W block holds all of K (read once per N-block)
  bool spill_partials = false;
  int weight_slots = 2, activation_slots = 2;  // 2 = double buffered

  bool operator==(const Mapping&) const = default;
};

// "order=MNK m=64 n=4 k=8 x=fullk w=block partials=chip slots=2/2"; parse_mapping accepts the
// same keys in any order (missing keys keep the defaults above) and throws
// std::invalid_argument naming the bad field and the allowed values.
std::string to_string(const Mapping& m);
Mapping parse_mapping(const std::string& text);
char dim_letter(LoopDim d);

}  // namespace mixsim::sim
