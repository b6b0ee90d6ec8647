#pragma once
// A general-purpose GEMM for the recipes whose groups are dequantized in FP32 one after another:
// W4A8 float scale at any group size, W8A8 (one group of K) where the wgmma kernel cannot run,
// and the block-scaled FP4 recipes (MXFP4, NVFP4). Exact INT32 partial sums of each group
// (CUDA-core __dp4a, INT8 x INT8), then the golden model's float step per group, groups ascending:
//   GroupDequant: acc = fl32(acc + fl32(s[n][g] * fl32(P))),  Y = fl32(acc * s_a[m])
//   BlockScaled:  acc = fl32(acc + fl32(P / 4 * sx[m][b] * sw[n][b]))  (the FP64 product is
//                 exact), Y = fl32(acc * tensor_scale)
// so the result is bit-exact with golden_gemm_group_dequant / golden_gemm_block_scaled.
//
// Operands, both row-major with K padded to k_pad (a multiple of 16) with zeros:
//   INT8 codes (W4A8: q - z; W8A8: q; activations: a), one byte per element; or
//   FP4 E2M1 codes packed two per byte (element 2i in the low nibble of byte i), widened by the
//   loading threads through a 256-entry shared-memory table of byte -> two INT8 values 2 * E2M1 (integers in
//   [-12, 12]: Hopper has no FP4 tensor cores, and doubled E2M1 values multiply exactly as INT8).
#include <cuda_runtime.h>

#include <cstdint>

namespace mixsim::kernels {

enum class GroupEpilogue { GroupDequant, BlockScaled };

struct GroupGemmArgs {
  int64_t m = 0, n = 0, k_pad = 0;  // k_pad in elements, a multiple of 16
  int group = 16;                   // elements per group (or block), a multiple of 16 dividing k_pad
  bool fp4 = false;                 // operands packed FP4 (k_pad / 2 bytes per row) or INT8
  const uint8_t* x = nullptr;       // M rows
  const uint8_t* w = nullptr;       // N rows
  GroupEpilogue epilogue = GroupEpilogue::GroupDequant;
  const float* weight_scales = nullptr;      // GroupDequant: [n][k_pad / group]
  const float* activation_scales = nullptr;  // GroupDequant: [m]
  const double* block_scales_x = nullptr;    // BlockScaled: [m][k_pad / group]
  const double* block_scales_w = nullptr;    // BlockScaled: [n][k_pad / group]
  float tensor_scale = 1.0f;                 // BlockScaled: fl32(t_x * t_w)
  int8_t fp4_doubled[16] = {};               // FP4: 2 * E2M1 value of each code
};

// Y (M x N FP32, row-major).
void launch_group_gemm(const GroupGemmArgs& a, float* y, cudaStream_t stream);

}  // namespace mixsim::kernels
