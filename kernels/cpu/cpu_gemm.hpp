#pragma once
// Optimized CPU GEMM ("cpu"): weights packed once (two 4-bit codes per byte), SIMD inner products
// with run-time dispatch (kernels/cpu/simd_dots.hpp), rows of W split over std::threads.
// Integer recipes (w4a8*, w8a8, mxfp4, nvfp4) are bit-exact with golden_gemm: the integer group
// sums are exact and the float steps follow kernels/output_scaling.hpp. W4A16 sums a group's
// products in SIMD-lane order, so it is not bit-exact; it meets the FP32 tolerance of
// ARITHMETIC.md (see docs/PERFORMANCE.md). Results never depend on the thread count.
#include <cstdint>
#include <vector>

#include "kernels/cpu/packed_groups.hpp"
#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::kernels {

// Everything about W the kernel needs, prepared once (packing is not part of a timed GEMM).
struct CpuPreparedWeights {
  Recipe recipe;
  int64_t rows = 0;                 // N
  int64_t cols = 0;                 // K
  int group_size = 0;               // G, or the block size of block-scaled recipes
  GroupPackedInt4 packed;           // 4-bit recipes and FP4 block formats
  std::vector<int8_t> int8_codes;   // W8A8: N x K codes
  std::vector<int32_t> int8_zeros;  // W8A8 asymmetric: N x groups (0 when symmetric)
  std::vector<float> scales;        // N x groups float scales (group-dequant, W4A16)
  std::vector<int32_t> integer_scales;  // N x groups (integer-scale recipe)
  std::vector<uint8_t> offsets8;    // integer-scale recipe: packed.offsets as bytes (0..15)
  std::vector<int16_t> integer_scales16;  // the same, when every one fits INT16 (else empty)
  // W4A8 on the INT8 path (cpu_gemm.cpp, uses_int8_path): packed.bytes re-laid in tiles of 4 rows
  // (N rounded up, padding zero): within a tile, group g of rows 0..3 back to back, then g + 1,
  // so a 4-row pass reads one sequential stream. packed.bytes is then emptied (offsets stay).
  // W4A16 with G = 64/128/256 on AVX2/AVX-512 (uses_w4a16_tiled): the same 4-row tiles, but
  // each row's group in the nibble order of w4a16_tiled_dots (simd_dots.hpp), and the tile's
  // scales and offsets next to each other: [tile][g][row] (tiled_scales: float, tiled_zeros:
  // bytes 0..15). packed.bytes is emptied.
  std::vector<uint8_t> tiled4;
  std::vector<float> tiled_scales;
  std::vector<uint8_t> tiled_zeros;
  bool tiled_offset8 = false;       // every offset is 8 (symmetric codes): the offset-8 kernel

  int64_t groups() const { return group_size > 0 ? cols / group_size : 0; }
  const uint8_t* tiled_row(int64_t n) const {
    return tiled4.data() + (n / 4) * 2 * cols + (n % 4) * (group_size / 2);
  }
  int64_t tiled_group_stride() const { return 2 * group_size; }
  int alpha = 0;
  std::vector<double> block_scales; // N x blocks decoded block scales (FP4 formats)
  float tensor_scale = 1.0f;
};

CpuPreparedWeights prepare_cpu_weights(const QuantizedOperands& ops);

// Y for the activations in `ops` and the prepared weights; threads = 0 picks
// default_thread_count() (MIXSIM_THREADS or all cores).
MatrixF32 cpu_gemm_prepared(const CpuPreparedWeights& w, const QuantizedOperands& ops,
                            int threads = 0);

// prepare_cpu_weights + cpu_gemm_prepared.
MatrixF32 cpu_gemm(const QuantizedOperands& ops, int threads = 0);

// True when the optimized path handles this recipe's shapes with SIMD (otherwise cpu_gemm
// falls back to the scalar path, which is equally exact).
bool cpu_simd_supports(const QuantizedOperands& ops);

// Dense baseline: Y = X W^T in FP32 (FP32 products and accumulation; X and W hold FP16 or FP32
// values), SIMD + threads. Throws std::invalid_argument when K differs.
MatrixF32 cpu_dense_gemm_f32(const MatrixF32& x, const MatrixF32& w, int threads = 0);

}  // namespace mixsim::kernels
