#pragma once
// The operands of one GEMM as the accelerator top's buffers hold them (rtl/top/accel_top.v), and
// the float lanes' group partial sums as the simulator computes them.
//  * Codes: INT4/INT8 codes (integer lanes, MixPE weights), FP16 / BF16 bit patterns, FP8 codes,
//    one per element; every code is decoded back and compared with the PE's ArrayOperands value
//    (std::logic_error on a difference), so the RTL multiplies exactly what the simulator does.
//  * Float group sums: sim::Wavefront (the SystemC array's own register model) replayed over the
//    top's tiles in command order with the accumulators of sim/array/systolic_array.cpp
//    compute_values (acc = +0 at a group's first K-tile, acc = acc + column result), so each
//    P[m][n][g] is the simulator's FP32 value, bit for bit.
#include <cstdint>
#include <vector>

#include "models/recipe.hpp"
#include "rtl/harness/top/top_design.hpp"
#include "rtl/harness/top/top_program.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::rtl {

struct TopOperandCodes {
  int64_t k = 0;
  int act_bytes = 1;            // bytes per activation element (little-endian)
  int weight_bits = 4;          // bits per weight element in a packed tile
  std::vector<uint16_t> act;    // M x K
  std::vector<uint16_t> w;      // N x K
  // slim-mixed (kSlimWidths): the width of each (row, group), N x (K / group); empty: weight_bits.
  std::vector<int8_t> group_bits;
  int64_t group = 0;
  int width_of(int64_t n, int64_t k) const {
    return group_bits.empty() ? weight_bits : group_bits[static_cast<size_t>(n * (this->k / group) + k / group)];
  }
};

// ops: the job's quantized operands (nullptr for fp16-mac's unquantized "fp16" recipe).
TopOperandCodes encode_top_operands(const TopDesign& d, const sim::ArrayOperands& lanes,
                                    const QuantizedOperands* ops);

// A tile's packed weight bytes: element (r, c) = W[n0 + c][k0 + r] at bit (r*ct + c) * bits;
// with per-group widths, at bit r*S + P_c (S the bits of a K-row of the tile, P_c the widths of
// the columns before c), as rtl/top/accel_weight_loader.v (VAR_WIDTH) unpacks it.
std::vector<uint8_t> pack_weight_tile(const TopOperandCodes& codes, const sim::TileRef& t, int64_t bytes);

// P[(m * N + n) * groups + g] of a float-lane GEMM, by the simulator's arithmetic.
std::vector<float> simulator_float_group_sums(const sim::TilePlan& plan, const std::vector<TopTile>& tiles,
                                              const sim::ArrayOperands& lanes, int64_t groups);

// dequant-mac (TopDecode kDequantFp16): the weight dequantizer's tables.
// Weight-stationary (accel_weight_dequant): rows[(g * n_tiles + n_tile)][c] = FP16 code of the
// scale of weight row n_tile * cols + c, group g; tile_row[i] = the row of the i-th tile (its K
// offset's group). Throws when the array's rows do not divide G.
// Output-stationary (accel_weight_dequant_os; a K-tile can span several weight groups):
// rows[(n_tile * groups + g)][c], the groups of one N-tile consecutive; tile_entry[i] =
// {log2 G [35:32], k0 mod G [31:16], row of the tile's first K-step [15:0]}. Throws when G is
// not a power of two.
struct DequantTables {
  std::vector<uint16_t> tile_row;     // weight-stationary
  std::vector<uint64_t> tile_entry;   // output-stationary
  std::vector<std::vector<uint16_t>> rows;
};
DequantTables dequant_scale_tables(const TopDesign& d, const sim::TilePlan& plan, const std::vector<TopTile>& tiles,
                                   const QuantizedMatrix& w);

}  // namespace mixsim::rtl
