#pragma once
// W4A8 integer-scale GEMM on INT8 tensor cores (mma.sync m16n8k32 s8 x s8 -> s32), bit-exact
// with golden_gemm_integer_scale.
//
// Activations: INT8 codes, row-major M x k_pad (zero-padded). Weights ("fragment order"): rows
// padded to 128, K to a multiple of max(128, G). For 8-row tile T, 128-wide chunk c and lane
// L = 4*g + t, one uint4 holds that lane's B fragments for four k32 steps: word j covers row
// T*8+g at k = c*128 + 32*j + 8*t + {0..7}, codes k+0..3 in the low nibbles of bytes 0..3 and
// k+4..7 in the high nibbles. (w & 0x0F0F0F0F) then ((x | 0x80808080) - z*0x01010101) ^ 0x80808080
// turns four stored codes u into the INT8 values u - z with no carries between bytes.
// Each group's INT32 MMA sums are multiplied by the group's integer scale and added in INT32
// (the alpha rule of models/integer_scale.hpp proves no overflow), then one float multiply.
#include <cuda_runtime.h>

#include <cstdint>
#include <vector>

#include "models/quantized_matrix.hpp"

namespace mixsim::kernels {

struct W4A8Shape {
  int64_t n = 0, k = 0;
  int64_t n_pad = 0, k_pad = 0;  // 128 and max(128, G)
  int group_size = 128;
  bool asymmetric = false;
  int64_t groups_pad() const { return k_pad / group_size; }
  int64_t packed_words() const { return n_pad * k_pad / 8; }
};

W4A8Shape w4a8_shape(int64_t n, int64_t k, int group_size, bool asymmetric);

struct W4A8HostPacked {
  W4A8Shape shape;
  std::vector<uint32_t> words;         // packed_words()
  std::vector<int32_t> integer_scales; // [group][n_pad]
  std::vector<uint8_t> zeros;          // [group][n_pad] effective zero of the stored code
  int alpha = 0;
};
W4A8HostPacked pack_w4a8(const QuantizedMatrix& w, const IntegerScales& s);

struct W4A8DeviceWeights {
  W4A8Shape shape;
  const uint4* words = nullptr;
  const int32_t* integer_scales = nullptr;
  const uint8_t* zeros = nullptr;  // null for symmetric (effective zero 8)
};

// Y (M x N FP32) = fl32(fl32(acc) * out_scale[m]), acc = sum_g s_int * P exact.
// x: M x k_pad INT8; out_scale[m] = ldexp(s_a[m], -alpha) computed on the host.
// split_totals (M x N int32 scratch, or null): when given and the grid would be small (decode
// shapes), K is split over more CTAs whose INT32 totals meet by atomicAdd (exact, so the result
// is still bit-exact and deterministic), then one epilogue kernel applies the float scale.
void launch_w4a8_intscale(const W4A8DeviceWeights& w, const int8_t* x, const float* out_scale,
                          int64_t m, float* y, int32_t* split_totals, cudaStream_t stream);
// Y[m][n] = fl32(fl32(totals[m][n]) * out_scale[m]): the float step after a split-K sum.
void launch_intscale_epilogue(const int32_t* totals, const float* out_scale, float* y, int64_t m,
                              int64_t n, cudaStream_t stream);
// Number of K splits launch_w4a8_intscale uses for M rows (1 = no split).
int w4a8_split_k(const W4A8Shape& s, int64_t m);

}  // namespace mixsim::kernels
