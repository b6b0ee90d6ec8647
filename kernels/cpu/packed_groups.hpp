#pragma once
// CPU storage of 4-bit weight codes, packed two per byte in a layout chosen so that SIMD lanes
// map to contiguous runs of K: within each group of G codes (G/2 bytes), byte j holds code j in
// its low nibble and code j + G/2 in its high nibble. A nibble stores an unsigned "storage code"
// u in [0, 15]; the integer the GEMM multiplies is u - offset[n][g] (offset = zero point for
// asymmetric weights, 8 for symmetric ones whose codes q in [-8, 7] are stored as q + 8), or a
// table decode of u (MXFP4 E2M1 codes).
#include <cstdint>
#include <vector>

#include "models/block_scaled_matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim::kernels {

struct GroupPackedInt4 {
  int64_t rows = 0;          // N
  int64_t cols = 0;          // K
  int group_size = 0;        // G (codes per group; G even)
  std::vector<uint8_t> bytes;     // rows * cols / 2
  std::vector<int32_t> offsets;   // rows * groups: value = storage code - offset

  int64_t groups() const { return cols / group_size; }
  const uint8_t* row_bytes(int64_t n) const { return bytes.data() + n * (cols / 2); }
};

// 4-bit QuantizedMatrix (symmetric or asymmetric) -> packed. Throws for bits != 4 or odd G.
GroupPackedInt4 pack_int4_groups(const QuantizedMatrix& w);

// MXFP4/NVFP4 element codes (E2M1 in the low nibble) -> packed, blocks as groups, offsets 0.
GroupPackedInt4 pack_fp4_blocks(const BlockScaledMatrix& w);

// Storage code of element (n, k) (for tests and the scalar paths).
int packed_nibble(const GroupPackedInt4& p, int64_t n, int64_t k);

}  // namespace mixsim::kernels
