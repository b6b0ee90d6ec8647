#include "kernels/cuda/golden_order_gemm.cuh"

#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.cuh"

namespace mixsim::kernels {
namespace {

constexpr int kTile = 64;     // outputs per block along M and along N
constexpr int kThreads = 16;  // threads per block along each side (4 x 4 outputs each)
constexpr int kPad = kGoldenChunkK + 1;

template <GoldenOrderMode kMode>
__global__ void __launch_bounds__(kThreads* kThreads)
    golden_order_kernel(GoldenOrderArgs a, float* __restrict__ y) {
  __shared__ float xs[kTile][kPad];
  __shared__ float ws[kTile][kPad];
  const int tx = threadIdx.x, ty = threadIdx.y, tid = ty * kThreads + tx;
  const int64_t m0 = int64_t{blockIdx.y} * kTile, n0 = int64_t{blockIdx.x} * kTile;
  float part[4][4], acc[4][4];
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) part[i][j] = acc[i][j] = 0.0f;
  const int64_t groups = kMode == GoldenOrderMode::FloatActivation ? a.k_pad / a.group : 1;
  for (int64_t k0 = 0; k0 < a.k_pad; k0 += kGoldenChunkK) {
    // 64 x 32 values of each operand, 8 per thread, rows outside M / N read as zero.
#pragma unroll
    for (int e = 0; e < kTile * kGoldenChunkK / (kThreads * kThreads); ++e) {
      const int idx = e * kThreads * kThreads + tid;
      const int r = idx / kGoldenChunkK, c = idx % kGoldenChunkK;
      xs[r][c] = m0 + r < a.m ? a.x[(m0 + r) * a.k_pad + k0 + c] : 0.0f;
      ws[r][c] = n0 + r < a.n ? a.w[(n0 + r) * a.k_pad + k0 + c] : 0.0f;
    }
    __syncthreads();
#pragma unroll 4
    for (int kk = 0; kk < kGoldenChunkK; ++kk) {
      float xv[4], wv[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) xv[i] = xs[ty + kThreads * i][kk];
#pragma unroll
      for (int j = 0; j < 4; ++j) wv[j] = ws[tx + kThreads * j][kk];
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) part[i][j] = __fadd_rn(part[i][j], __fmul_rn(xv[i], wv[j]));
    }
    __syncthreads();
    if (kMode == GoldenOrderMode::FloatActivation && (k0 + kGoldenChunkK) % a.group == 0) {
      const int64_t g = (k0 + kGoldenChunkK) / a.group - 1;
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int64_t n = n0 + tx + kThreads * j;
        const float s = n < a.n ? a.group_scales[n * groups + g] : 0.0f;
#pragma unroll
        for (int i = 0; i < 4; ++i) {
          acc[i][j] = __fadd_rn(acc[i][j], __fmul_rn(s, part[i][j]));
          part[i][j] = 0.0f;
        }
      }
    }
  }
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    const int64_t m = m0 + ty + kThreads * i;
    if (m >= a.m) continue;
    const float rs = a.row_scales ? a.row_scales[m] : 1.0f;
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const int64_t n = n0 + tx + kThreads * j;
      if (n >= a.n) continue;
      float v;
      if constexpr (kMode == GoldenOrderMode::Fp8) {
        v = __fmul_rn(__fmul_rn(part[i][j], rs), a.col_scales[n]);
      } else {
        v = a.row_scales ? __fmul_rn(acc[i][j], rs) : acc[i][j];
      }
      y[m * a.n + n] = v;
    }
  }
}

}  // namespace

void launch_golden_order_gemm(const GoldenOrderArgs& a, float* y, cudaStream_t stream) {
  if (a.m <= 0 || a.n <= 0 || a.k_pad <= 0 || a.k_pad % kGoldenChunkK != 0)
    throw std::invalid_argument("cuda golden-order GEMM: need M, N > 0 and K padded to a multiple of " +
                                std::to_string(kGoldenChunkK) + " (M=" + std::to_string(a.m) + ", N=" +
                                std::to_string(a.n) + ", k_pad=" + std::to_string(a.k_pad) + ")");
  if (a.mode == GoldenOrderMode::FloatActivation &&
      (a.group <= 0 || a.group % kGoldenChunkK != 0 || a.k_pad % a.group != 0 || !a.group_scales))
    throw std::invalid_argument("cuda golden-order GEMM: group size " + std::to_string(a.group) +
                                " must be a multiple of " + std::to_string(kGoldenChunkK) +
                                " dividing K, with group scales");
  if (a.mode == GoldenOrderMode::Fp8 && (!a.row_scales || !a.col_scales))
    throw std::invalid_argument("cuda golden-order GEMM (FP8): row and column scales required");
  const dim3 block(kThreads, kThreads);
  const dim3 grid(static_cast<unsigned>((a.n + kTile - 1) / kTile),
                  static_cast<unsigned>((a.m + kTile - 1) / kTile));
  if (grid.y > 65535)
    throw std::invalid_argument("cuda golden-order GEMM: M=" + std::to_string(a.m) + " too large");
  if (a.mode == GoldenOrderMode::Fp8)
    golden_order_kernel<GoldenOrderMode::Fp8><<<grid, block, 0, stream>>>(a, y);
  else
    golden_order_kernel<GoldenOrderMode::FloatActivation><<<grid, block, 0, stream>>>(a, y);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

}  // namespace mixsim::kernels
