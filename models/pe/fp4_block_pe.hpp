#pragma once
// Fp4BlockPe: the datapath of the block-scaled FP4 PEs (mx-fp4: E8M0 scale per 32; nv-fp4:
// E4M3 scale per 16 and an FP32 tensor scale; docs/PES.md). Each E2M1 code decodes to TWICE its
// value, an integer in [-12, 12] ({0, 1, 2, 3, 4, 6, 8, 12} with a sign), so the element
// product (|p| <= 144) and the block dot D = sum_{k in b} (2 ex)(2 ew) (|D| <= 144 * 32 = 4608,
// 14 signed bits) are exact integers: that is what the PE computes. The per-column unit then
// folds one block: acc = fl32(acc + fl32(D / 4 * sx[b] * sw[b])) (the product is exact in FP64),
// and Y = fl32(acc * fl32(tx * tw)) - the order of golden_gemm_block_scaled
// (docs/ARITHMETIC.md §9), which this model reproduces bit for bit.
#include <cstdint>

#include "models/block_scaled_matrix.hpp"
#include "models/matrix.hpp"

namespace mixsim::pe {

// 2 * the E2M1 value of a code (low nibble): an integer in [-12, 12]. -0 decodes to 0.
int fp4_twice_value(uint8_t code);

// Worst-case |D| of one block and the signed accumulator width that holds it.
int64_t fp4_block_max_abs_dot(int block_size);
int fp4_block_accumulator_bits(int block_size);

// D of one block: sum of fp4_twice_value(x[k]) * fp4_twice_value(w[k]), k ascending.
int32_t fp4_block_dot(const uint8_t* x_codes, const uint8_t* w_codes, int block_size);

// The column unit's fold of one finished block, and the output step.
float fp4_fold_block(float acc, int32_t d, double x_scale, double w_scale);
float fp4_finish(float acc, float x_tensor_scale, float w_tensor_scale);

// Y through this datapath (equals golden_gemm_block_scaled bit for bit).
MatrixF32 golden_gemm_fp4_pe(const BlockScaledMatrix& x, const BlockScaledMatrix& w);

}  // namespace mixsim::pe
