#pragma once
// LutGemmPe: the datapath of the lut-gemm PE (LUT-GEMM, Park et al., arXiv 2206.09557) on
// binary-coded 3-bit weights (models/bcq_quantizer.hpp) and INT8 activations. For each chunk of
// kLutWidth = 4 consecutive activations the PE holds a table of all 16 signed sums
//   T[p] = sum_{j<4} (bit j of p ? +a_j : -a_j)
// and each weight bit-plane i (the 4 bits b_ij, +1 -> 1) selects one entry; the chunk adds
//   T[p_0] + 2 T[p_1] + 4 T[p_2]  =  sum_j a_j (4 b_2j + 2 b_1j + b_0j) = sum_j a_j c_j
// exactly (every value is an integer), so a group sum equals the plain sum of a * c and Y is
// the w4a8 group-dequant order: no multiplier, 3 look-ups and adds per 4 weights.
#include <array>
#include <cstdint>

#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::pe {

inline constexpr int kLutWidth = 4;

// The 16-entry table of one chunk of 4 activations.
std::array<int32_t, 16> lut_table(const int8_t* a);
// Bit-plane pattern i of 4 odd codes c_j in [-7, 7]: bit j = bit i of (c_j + 7) / 2.
int lut_pattern(const int8_t* c, int plane);
// sum_k a_k c_k over `length` (a multiple of 4) elements, by table look-ups.
int32_t lut_group_sum(const int8_t* a, const int8_t* c, int64_t length);
// Y through this datapath (recipe lut-w3a8-gG); equals golden_gemm bit for bit.
MatrixF32 golden_gemm_lut(const QuantizedOperands& ops);

}  // namespace mixsim::pe
