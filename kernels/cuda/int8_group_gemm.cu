// The CUDA-core group GEMM of int8_group_gemm.cuh. Tile: 64 x 64 outputs per block of 256
// threads, each thread 4 x 4 outputs (rows ty + 16i, columns tx + 16j); K in steps of 16
// elements through shared memory; at each group's end every thread applies the float step to its
// 16 INT32 partial sums. Written for exactness and coverage, not speed (docs/PERFORMANCE.md).
#include "kernels/cuda/int8_group_gemm.cuh"

#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/output_scaling.hpp"

namespace mixsim::kernels {

namespace {

constexpr int kTile = 64;
constexpr int kStepK = 16;

struct Fp4Table {
  int8_t doubled[16];
};

// 16 consecutive elements of row `row` starting at element k as 16 INT8 values (zeros past
// the last row).
template <bool kFp4>
__device__ __forceinline__ uint4 load_step(const uint8_t* base, int64_t rows, int64_t row,
                                           int64_t k_pad, int64_t k, const uint16_t* lut) {
  if (row >= rows) return make_uint4(0, 0, 0, 0);
  if constexpr (kFp4) {
    const uint2 v = *reinterpret_cast<const uint2*>(base + row * (k_pad / 2) + k / 2);
    auto two = [&](uint32_t word, int byte_pair) {  // bytes 2p, 2p+1 of word -> 4 INT8 values
      const uint32_t b0 = (word >> (16 * byte_pair)) & 0xFF, b1 = (word >> (16 * byte_pair + 8)) & 0xFF;
      return static_cast<uint32_t>(lut[b0]) | (static_cast<uint32_t>(lut[b1]) << 16);
    };
    return make_uint4(two(v.x, 0), two(v.x, 1), two(v.y, 0), two(v.y, 1));
  } else {
    return *reinterpret_cast<const uint4*>(base + row * k_pad + k);
  }
}

__device__ __forceinline__ int dot16(const uint4& a, const uint4& b, int acc) {
  acc = __dp4a(static_cast<int>(a.x), static_cast<int>(b.x), acc);
  acc = __dp4a(static_cast<int>(a.y), static_cast<int>(b.y), acc);
  acc = __dp4a(static_cast<int>(a.z), static_cast<int>(b.z), acc);
  return __dp4a(static_cast<int>(a.w), static_cast<int>(b.w), acc);
}

template <bool kFp4, GroupEpilogue kEpilogue>
__global__ void __launch_bounds__(256)
    group_gemm_kernel(const uint8_t* __restrict__ x, const uint8_t* __restrict__ w, int64_t m_total,
                      int64_t n_total, int64_t k_pad, int group, const float* __restrict__ wscale,
                      const float* __restrict__ ascale, const double* __restrict__ bsx,
                      const double* __restrict__ bsw, float tensor_scale, Fp4Table table,
                      float* __restrict__ y) {
  __shared__ uint4 xs[kTile], ws[kTile];
  __shared__ uint16_t lut[256];
  const int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
  const int64_t m0 = static_cast<int64_t>(blockIdx.y) * kTile, n0 = static_cast<int64_t>(blockIdx.x) * kTile;
  if constexpr (kFp4) {
    lut[tid] = static_cast<uint16_t>(static_cast<uint8_t>(table.doubled[tid & 15]) |
                                     (static_cast<uint8_t>(table.doubled[tid >> 4]) << 8));
  }
  const int64_t groups = k_pad / group;
  const int steps_per_group = group / kStepK;
  int32_t d[4][4];
  float acc[4][4];
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) d[i][j] = 0, acc[i][j] = 0.0f;
  __syncthreads();
  for (int64_t step = 0; step < k_pad / kStepK; ++step) {
    const int64_t k = step * kStepK;
    if (tid < kTile) xs[tid] = load_step<kFp4>(x, m_total, m0 + tid, k_pad, k, lut);
    else if (tid < 2 * kTile) ws[tid - kTile] = load_step<kFp4>(w, n_total, n0 + tid - kTile, k_pad, k, lut);
    __syncthreads();
    uint4 xa[4], wb[4];
#pragma unroll
    for (int i = 0; i < 4; ++i) xa[i] = xs[ty + 16 * i], wb[i] = ws[tx + 16 * i];
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
      for (int j = 0; j < 4; ++j) d[i][j] = dot16(xa[i], wb[j], d[i][j]);
    __syncthreads();
    if ((step + 1) % steps_per_group == 0) {
      const int64_t g = step / steps_per_group;
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) {
          const int64_t m = m0 + ty + 16 * i, n = n0 + tx + 16 * j;
          if (m < m_total && n < n_total) {
            if constexpr (kEpilogue == GroupEpilogue::GroupDequant) {
              acc[i][j] = group_dequant_step(acc[i][j], wscale[n * groups + g], d[i][j]);
            } else {
              // fl32(D / 4 * sx * sw): every FP64 step is exact (powers of two and <= 20-bit
              // significands), so only the final rounding to FP32 matters.
              const double exact = __dmul_rn(__dmul_rn(__dmul_rn(static_cast<double>(d[i][j]), 0.25),
                                                       bsx[m * groups + g]),
                                             bsw[n * groups + g]);
              acc[i][j] = __fadd_rn(acc[i][j], __double2float_rn(exact));
            }
          }
          d[i][j] = 0;
        }
    }
  }
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const int64_t m = m0 + ty + 16 * i, n = n0 + tx + 16 * j;
      if (m >= m_total || n >= n_total) continue;
      y[m * n_total + n] = kEpilogue == GroupEpilogue::GroupDequant
                               ? group_dequant_output(acc[i][j], ascale[m])
                               : mul_rn(acc[i][j], tensor_scale);
    }
}

template <bool kFp4, GroupEpilogue kEpilogue>
void launch(const GroupGemmArgs& a, float* y, cudaStream_t stream) {
  Fp4Table table{};
  for (int i = 0; i < 16; ++i) table.doubled[i] = a.fp4_doubled[i];
  const dim3 grid(static_cast<unsigned>((a.n + kTile - 1) / kTile),
                  static_cast<unsigned>((a.m + kTile - 1) / kTile));
  group_gemm_kernel<kFp4, kEpilogue><<<grid, 256, 0, stream>>>(
      a.x, a.w, a.m, a.n, a.k_pad, a.group, a.weight_scales, a.activation_scales,
      a.block_scales_x, a.block_scales_w, a.tensor_scale, table, y);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

}  // namespace

void launch_group_gemm(const GroupGemmArgs& a, float* y, cudaStream_t stream) {
  if (a.m <= 0 || a.n <= 0 || a.k_pad <= 0 || a.k_pad % kStepK != 0 || a.group <= 0 ||
      a.group % kStepK != 0 || a.k_pad % a.group != 0)
    throw std::invalid_argument("cuda group GEMM: need M, N > 0, k_pad and the group multiples of 16, "
                                "the group dividing k_pad (M=" + std::to_string(a.m) + " N=" +
                                std::to_string(a.n) + " k_pad=" + std::to_string(a.k_pad) +
                                " group=" + std::to_string(a.group) + ")");
  if (a.m > int64_t{65535} * kTile)
    throw std::invalid_argument("cuda group GEMM: M=" + std::to_string(a.m) + " above the grid limit");
  const bool dequant = a.epilogue == GroupEpilogue::GroupDequant;
  if (a.fp4) {
    if (dequant) return launch<true, GroupEpilogue::GroupDequant>(a, y, stream);
    return launch<true, GroupEpilogue::BlockScaled>(a, y, stream);
  }
  if (dequant) return launch<false, GroupEpilogue::GroupDequant>(a, y, stream);
  return launch<false, GroupEpilogue::BlockScaled>(a, y, stream);
}

}  // namespace mixsim::kernels
