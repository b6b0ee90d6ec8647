#pragma once
// W4A8 integer-scale GEMM for large M (prefill) on Hopper `wgmma` INT8 tensor cores
// (sm_90a: s8 x s8 -> s32), bit-exact with golden_gemm_integer_scale. The small-M kernel of
// kernels/cuda/w4a8_intscale_gemm.cuh stays the decode path; callers dispatch by M
// (w4a8_use_wgmma).
//
// The product is computed transposed, Y^T = W X^T, so that the INT4 weights are wgmma's A
// operand taken from REGISTERS: each thread loads its packed codes with 16-byte loads straight
// into the A-fragment layout and widens them to INT8 in registers (no shared-memory round trip
// for W). The INT8 activations are the B operand, K-major, copied by cp.async into a 4-stage
// shared-memory ring with the 128-byte swizzle that the wgmma descriptor names.
// Block tile: kWgmmaWarpgroups x 64 weight rows x 128 tokens; K step 128 (4 wgmma k32).
// Per group, the INT32 wgmma sums P (exact) are multiplied by the integer scale and added to an
// INT32 total (the alpha rule of models/integer_scale.hpp bounds it), then one float multiply.
//
// Weights ("wgmma fragment order", different from the small-M kernel's layout): rows padded to
// 128, K to a multiple of max(128, G). For 16-row tile R, 128-wide chunk c, half h (row
// 16R + g + 8h) and lane L = 4g + t, uint4 index ((R * chunks + c) * 2 + h) * 32 + L; its word j
// (k32 step j) holds in the low nibbles of bytes 0..3 the codes at k = c*128 + 32j + 4t + {0..3}
// and in the high nibbles those at k = c*128 + 32j + 16 + 4t + {0..3} (wgmma/mma A fragment).
#include <cuda_runtime.h>

#include <cstdint>
#include <vector>

#include "kernels/cuda/w4a8_intscale_gemm.cuh"
#include "models/quantized_matrix.hpp"

namespace mixsim::kernels {

// Same shape, scales and zeros as pack_w4a8; only the word order differs.
W4A8HostPacked pack_w4a8_wgmma(const QuantizedMatrix& w, const IntegerScales& s);

// True when this build holds the sm_90a kernel, the device is compute capability 9.0 and the
// group size is a multiple of 128.
bool w4a8_wgmma_supported(const W4A8Shape& s);
// When the wgmma kernel is used (measured crossover, docs/PERFORMANCE.md, run 10 on the H100):
// from M = 256 it was faster than the split-K mma.sync kernel on every shape; at M = 128 on
// every shape with N >= 4096 (1024 x 4096: 26.8 vs 24.1 us, mma.sync ahead). M in 17..127 was
// not measured and stays on mma.sync.
inline constexpr int64_t kW4A8WgmmaMinRows = 128;
inline bool w4a8_use_wgmma(const W4A8Shape& s, int64_t m) {
  if (m < kW4A8WgmmaMinRows || (m < 256 && s.n_pad < 4096)) return false;
  return w4a8_wgmma_supported(s);
}

// Variants for the benchmark: 0: 1 warpgroup per block (64 x 128 tile, 3 blocks per SM);
// 1: 2 warpgroups (128 x 128 tile, 1 block per SM), one block barrier per K step;
// 2: as 1 with per-stage mbarriers instead, so the warpgroups drift apart; 3: as 2 with 3
// warpgroups (192 x 128 tile: less L2 traffic per MAC, <= 168 registers); 4: persistent and
// warp-specialized, a producer warpgroup and 2 consumer warpgroups (128 x 128 tiles) that widen
// the next chunk's weights while the current chunk's wgmma run (the default until run 17); 5: variant 4 with
// the tile and chunk range of each work unit computed at run time (H100 run 14's loop, which cost
// 5-8% at M >= 1024; kept to measure that in the same run), never split; 6: variant 4 whose
// split-K (with split_totals) is finished in the kernel by the last unit of each tile instead of
// a memset and an epilogue kernel (not yet measured in its current form; see
// docs/PERFORMANCE.md, run 16); 7: variant 4 with ping-pong consumers (the two consumer
// warpgroups issue their chunks' wgmma in strict alternation, order barriers), never split;
// 8: variant 7 with split-K as variant 4 (memset + split kernel + epilogue) where the tiles leave
// SMs idle; 9, 10: variants 7, 8 with a TMA producer (one thread issues bulk copies: the
// activation tile through a tensor map with the 128-byte swizzle, weights and scales as 1-D bulk
// copies); 11, 12: variant 4 (never split; split-K as variant 4) with the TMA producer and no
// ping-pong (H100 run 18: 2.5-5.4% faster than variant 4; 12 is the default since); 13: variant
// 12 with the chunks of a group pipelined (no wgmma drain inside a group: G >= 256); 14: variant
// 12 with two P accumulator sets, so that a group's scale step (64 IMAD per thread) runs while the
// next group's wgmma do (run 20; hung with its first register split, passes since H200 run 21);
// 15: variant 12 with the tile's 128 token scales loaded before its K loop and staged in shared
// memory for the epilogue (run 21). -1 = default.
inline constexpr int kW4A8WgmmaVariantCount = 16;
int w4a8_wgmma_default_variant(const W4A8Shape& s, int64_t m);  // 12 since H100 run 18

// The same warp-specialized kernel (variant 4) with FP32 group scales, for W4A8 float scale
// (G = 128 or 256) and W8A8 (INT8 weights, one group of K): per group the exact INT32 wgmma sums
// are dequantized in golden_gemm_group_dequant's order (acc = fl32(acc + fl32(s * fl32(P))),
// groups ascending), then Y = fl32(acc * s_a): bit-exact with golden.
// W4A8: pack_w4a8_wgmma_float_scale, whose integer_scales hold the FP32 scales' bit patterns.
// W8A8: pack_w8a8_wgmma; rows padded to 128, K to a multiple of 128 (zeros), group_size = k_pad;
// for 16-row tile R, chunk c, half h (row 16R + g + 8h), q in {0, 1} and lane L = 4g + t, uint4
// ((R * chunks + c) * 4 + 2h + q) * 32 + L holds the words of k32 steps 2q and 2q + 1, each as
// {k = 32j + 4t + 0..3, k = 32j + 16 + 4t + 0..3} (the A fragment), relative to c * 128.
W4A8HostPacked pack_w4a8_wgmma_float_scale(const QuantizedMatrix& w);
W4A8HostPacked pack_w8a8_wgmma(const QuantizedMatrix& w);
// act_scale[m] = s_a (no amplifier); weight_bits 4 or 8. ping_pong (4-bit weights only; the
// one-group W8A8 loop ignores it): 1 = the consumers issue their wgmma in strict alternation (as
// integer-scale variant 7), 2 = that with the TMA producer (as variant 9), 3 = the TMA producer
// alone (as variant 11), 4 = 3 with the token scales staged in shared memory before the
// epilogue (as variant 15), 0 = neither, -1 = kWgmmaFloatScalePingPongDefault.
inline constexpr int kWgmmaFloatScalePingPongDefault = 3;  // TMA producer (H100 run 18)
void launch_wgmma_float_scale(const W4A8DeviceWeights& w, int weight_bits, const int8_t* x,
                              const float* act_scale, int64_t m, float* y, cudaStream_t stream,
                              int ping_pong = -1);

// Y (M x N FP32) as launch_w4a8_intscale; w.words must be in wgmma fragment order.
// split_totals (scratch of w4a8_wgmma_split_scratch_words(shape, M) INT32 words, or null):
// variant 4 then splits K (whole groups) where the 128 x 128 tiles alone would leave SMs idle;
// the INT32 totals meet by atomicAdd (exact), after a memset, and launch_intscale_epilogue
// applies the float scale. Variant 6 instead has the last unit of each tile apply it (a counter
// per tile after the M x N totals; no memset, no epilogue kernel): there the scratch must be
// ZERO before its first use, and every launch leaves it zero again. Allocate it zeroed for
// either. One scratch serves one stream at a time.
int64_t w4a8_wgmma_split_scratch_words(const W4A8Shape& s, int64_t m);
void launch_w4a8_intscale_wgmma(const W4A8DeviceWeights& w, const int8_t* x,
                                const float* out_scale, int64_t m, float* y, cudaStream_t stream,
                                int variant = -1, int32_t* split_totals = nullptr);

}  // namespace mixsim::kernels
