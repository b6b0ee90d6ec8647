#pragma once
// A CUDA-core GEMM that follows the golden model's float steps in the golden order, for the
// recipes whose golden sums are FP32 sums of exact products (no integer sum to hand to tensor
// cores): the float-activation recipes (w{b}a16 / w{b}abf16 / w{b}afp8, models/golden_gemms.hpp)
// and FP8 (fp8-e4m3, fp8-e5m2, models/fp8_quantizer.hpp). Each thread owns whole outputs and
// walks k ascending with round-to-nearest adds and multiplies (__fadd_rn / __fmul_rn: no FMA
// contraction) and no flush of subnormals, so Y is bit-exact with golden:
//   FloatActivation: per group part = fl32(part + x[m][k] * w[n][k]) (exact products),
//                    acc = fl32(acc + fl32(s[n][g] * part)); Y = acc, or fl32(acc * row_scale[m])
//   Fp8:             acc = fl32(acc + x[m][k] * w[n][k]) over all k (exact products),
//                    Y = fl32(fl32(acc * row_scale[m]) * col_scale[n])
// Operands as FP32 values, row-major, K padded with zeros to k_pad (a multiple of kGoldenChunkK;
// a zero product leaves a sum that started at +0 unchanged). Shared-memory tiles of 64 x 64
// outputs, 4 x 4 per thread. It is the correct-first path: no tensor cores.
#include <cuda_runtime.h>

#include <cstdint>

namespace mixsim::kernels {

inline constexpr int kGoldenChunkK = 32;

enum class GoldenOrderMode { FloatActivation, Fp8 };

struct GoldenOrderArgs {
  GoldenOrderMode mode = GoldenOrderMode::FloatActivation;
  int64_t m = 0, n = 0, k_pad = 0;
  int group = 0;                       // FloatActivation: G, a multiple of kGoldenChunkK
  const float* x = nullptr;            // M x k_pad activation values
  const float* w = nullptr;            // N x k_pad weight values (q - z, or FP8 values)
  const float* group_scales = nullptr; // FloatActivation: [n][k_pad / group]
  const float* row_scales = nullptr;   // per token (E4M3 activations, FP8), or nullptr
  const float* col_scales = nullptr;   // Fp8: per weight row
};

void launch_golden_order_gemm(const GoldenOrderArgs& a, float* y, cudaStream_t stream);

}  // namespace mixsim::kernels
