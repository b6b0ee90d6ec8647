#pragma once
// W4A16 group-quantized GEMM on the GPU.
//
// Weight layout ("fragment order", prepared once on the host): rows are padded to tiles of 16,
// K to a multiple of 256. For tile T, 64-wide chunk c and lane L = 4*g + t of a warp, the uint4
// at index (c * tiles + T) * 32 + L (chunk-major, so the same K chunk of neighbouring tiles is
// contiguous in memory) holds the 32 codes that lane feeds to four m16n8k16 MMAs (one 32-bit word per k16 step j).
// Within step j the lane owns rows T*16+g and T*16+g+8 at k = c*64 + 16*j + 4*t + {0,1,2,3}
// (the MMA sums over k, so any k permutation applied to both operands is allowed; this one makes
// the activation fragment a single 8-byte load). Nibble order in the word: 0:(g,+0) 4:(g,+1)
// 1:(g+8,+0) 5:(g+8,+1) 2:(g,+2) 6:(g,+3) 3:(g+8,+2) 7:(g+8,+3), so that
//   (w & 0x000F000F) | 0x64006400  = half2(1024 + u0, 1024 + u4)      -> hsub2(., 1024 + z)
//   (w & 0x00F000F0) | 0x64006400  = half2(1024 + 16 u1, 1024 + 16 u5) -> hfma2(., 1/16, -64 - z)
// give exact FP16 values u - z with one LOP3 and one half2 op per two weights: no per-element
// float multiply. A warp folds each group's FP32 MMA partial sums into its accumulators with the
// group's FP16 scale (dequantize after the group), and the 8 warps of a block split K and add
// their results in a fixed order (deterministic).
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <vector>

#include "models/quantized_matrix.hpp"

namespace mixsim::kernels {

inline constexpr int kW4A16TileRows = 16;
inline constexpr int kW4A16RowAlign = 64;  // N padding: blocks of up to 4 tiles
inline constexpr int kW4A16KAlign = 256;
inline constexpr int kW4A16MaxFusedRows = 64;  // M above this: dequantize + cuBLAS

struct W4A16Shape {
  int64_t n = 0, k = 0;          // logical N, K
  int64_t n_pad = 0, k_pad = 0;  // padded to 64 and 256
  int group_size = 128;
  bool asymmetric = false;
  int64_t groups_pad() const { return k_pad / group_size; }
  int64_t packed_words() const { return n_pad * k_pad / 8; }  // uint32 words
  int64_t scale_count() const { return n_pad * groups_pad(); }
};

// Throws std::invalid_argument unless bits == 4 and G is 32, 64, 128 or 256.
W4A16Shape w4a16_shape(int64_t n, int64_t k, int group_size, bool asymmetric);

struct W4A16HostPacked {
  W4A16Shape shape;
  std::vector<uint32_t> words;   // packed_words()
  std::vector<__half> scales;    // [tile][group][16]
  std::vector<uint8_t> zeros;    // [tile][group][16] effective zero (stored code of value 0)
};
W4A16HostPacked pack_w4a16(const QuantizedMatrix& w);

// Scratch of the stream-K decode kernel (W4A16Variant::kStreamK): per-tile partial sums and
// arrival counters. The counters must be zero before the first launch (the kernel leaves them
// zero); one workspace serves one stream at a time.
struct W4A16StreamKWorkspace {
  float* partials = nullptr;
  uint32_t* tile_counters = nullptr;
};
struct W4A16StreamKPlan {
  int blocks = 0;            // grid (8 warps each)
  int active_warps = 0;      // min(8 * blocks, units): warps that own units
  int max_contributors = 0;  // warps that can share one 16-row tile
  int64_t partial_floats = 0, counters = 0;  // workspace sizes
};
// The grid and workspace for this shape on the current device.
W4A16StreamKPlan w4a16_streamk_plan(const W4A16Shape& s);

struct W4A16DeviceWeights {
  W4A16Shape shape;
  const uint4* words = nullptr;
  const __half* scales = nullptr;
  const uint8_t* zeros = nullptr;  // null for symmetric weights (effective zero 8)
  W4A16StreamKWorkspace streamk;   // needed by W4A16Variant::kStreamK only
};

// How the fused kernel keeps weight loads in flight (same arithmetic, same results):
//   kCpAsync4: per-warp cp.async shared-memory ring, 3 iterations (6 KB/warp) ahead, 8 warps;
//   kRegsDWnTt: 16-byte loads prefetched D iterations ahead into registers, n warps per block,
//              t 16-row tiles per block (activation fragments reused t times).
// Variants other than kCpAsync4 apply to M <= 16 (decode); larger M always uses kCpAsync4.
//   kRegsDXWn:  as kRegsDWn, the activation fragments prefetched with the weights (M <= 8).
//   kStreamK:   M <= 8: a grid of two 8-warp blocks per SM; the (16-row tile, 256-wide K
//               iteration) units are split evenly over all warps, each warp streams its range
//               without gaps (a per-warp cp.async ring, 4 units ahead across tile boundaries), and
//               the last warp to finish a tile adds the tile's partial sums in a fixed order.
//               No wave tail, no short-lived blocks, but slower than kRegs2W8 on the H200
//               (docs/PERFORMANCE.md). Needs W4A16DeviceWeights::streamk.
enum class W4A16Variant {
  kCpAsync4, kRegs2W8, kRegs3W4, kRegs1W8T2, kRegs1W8T4, kRegs1XW8, kRegs2XW8, kStreamK };
inline constexpr W4A16Variant kW4A16AllVariants[] = {
    W4A16Variant::kCpAsync4,  W4A16Variant::kRegs2W8,  W4A16Variant::kRegs3W4,
    W4A16Variant::kRegs1W8T2, W4A16Variant::kRegs1W8T4, W4A16Variant::kRegs1XW8,
    W4A16Variant::kRegs2XW8,  W4A16Variant::kStreamK};
inline const char* w4a16_variant_name(W4A16Variant v) {
  switch (v) {
    case W4A16Variant::kCpAsync4: return "cpasync4_w8";
    case W4A16Variant::kRegs2W8: return "regs2_w8";
    case W4A16Variant::kRegs3W4: return "regs3_w4";
    case W4A16Variant::kRegs1W8T2: return "regs1_w8_t2";
    case W4A16Variant::kRegs1W8T4: return "regs1_w8_t4";
    case W4A16Variant::kRegs1XW8: return "regs1x_w8";
    case W4A16Variant::kRegs2XW8: return "regs2x_w8";
    case W4A16Variant::kStreamK: return "streamk_w8";
  }
  return "?";
}
// Default, from the H200 variant sweeps in docs/PERFORMANCE.md (run h200-run5, isolated and
// back-to-back timings agree): M <= 8 regs2_w8 (within 10% of the best variant on every LLaMA
// shape); 9 <= M <= 16 regs1_w8_t2 when N > K (the activation fragments, re-read per tile,
// then cost more than the weights: two tiles share them) else regs2_w8; M > 16 cpasync4_w8.
inline W4A16Variant w4a16_default_variant(const W4A16Shape& s, int64_t m) {
  if (m <= 8) return W4A16Variant::kRegs2W8;
  if (m <= 16) return s.n_pad > s.k_pad ? W4A16Variant::kRegs1W8T2 : W4A16Variant::kRegs2W8;
  return W4A16Variant::kCpAsync4;
}

// Y (M x N FP32, row stride N) = X (M x k_pad FP16, zero-padded) * W^T, fused kernel, M <= 64.
// programmatic: launch with programmatic dependent launch (kernels/cuda/programmatic_launch.cuh):
// the kernel streams its first weights before it waits for the previous kernel of the stream,
// and lets the next kernel start early (decode steps run GEMVs back to back).
void launch_w4a16_fused(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                        cudaStream_t stream, W4A16Variant variant, bool programmatic = false);
inline void launch_w4a16_fused(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                               cudaStream_t stream) {
  launch_w4a16_fused(w, x, m, y, stream, w4a16_default_variant(w.shape, m));
}
// W_hat = s * (q - z) rounded to FP16, n_pad x k_pad row-major (for the cuBLAS path).
void launch_w4a16_dequantize(const W4A16DeviceWeights& w, __half* w_fp16, cudaStream_t stream);

}  // namespace mixsim::kernels
