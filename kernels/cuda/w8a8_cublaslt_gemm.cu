// W8A8 via cuBLASLt INT8 + the float epilogue (see w8a8_cublaslt_gemm.cuh).
#include "kernels/cuda/w8a8_cublaslt_gemm.cuh"

#include <algorithm>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/output_scaling.hpp"

namespace mixsim::kernels {

namespace {

constexpr size_t kWorkspaceBytes = size_t{32} << 20;

// grid (x: blocks of 256 threads over the columns, y: rows), both grid-strided: no division per
// element. kVec4: N % 4 == 0, so each thread moves 16 bytes in and out (P rows are n_ld, a
// multiple of 16, apart).
template <bool kVec4>
__global__ void w8a8_dequant_epilogue(const int32_t* __restrict__ p, int64_t n_ld,
                                      const float* __restrict__ ws, const float* __restrict__ as,
                                      int64_t m_total, int64_t n_total, float* __restrict__ y) {
  constexpr int kPer = kVec4 ? 4 : 1;
  for (int64_t m = blockIdx.y; m < m_total; m += gridDim.y) {
    const float sa = as[m];
    for (int64_t n = (blockIdx.x * int64_t{blockDim.x} + threadIdx.x) * kPer; n < n_total;
         n += int64_t{gridDim.x} * blockDim.x * kPer) {
      if constexpr (kVec4) {
        const int4 v = *reinterpret_cast<const int4*>(p + m * n_ld + n);
        const float4 s = *reinterpret_cast<const float4*>(ws + n);
        const float4 out = make_float4(group_dequant_output(group_dequant_step(0.0f, s.x, v.x), sa),
                                       group_dequant_output(group_dequant_step(0.0f, s.y, v.y), sa),
                                       group_dequant_output(group_dequant_step(0.0f, s.z, v.z), sa),
                                       group_dequant_output(group_dequant_step(0.0f, s.w, v.w), sa));
        *reinterpret_cast<float4*>(y + m * n_total + n) = out;
      } else {
        y[m * n_total + n] = group_dequant_output(group_dequant_step(0.0f, ws[n], p[m * n_ld + n]), sa);
      }
    }
  }
}

}  // namespace

bool CublasLtInt8Gemm::check(cublasStatus_t s) {
  if (status_ == CUBLAS_STATUS_SUCCESS) status_ = s;
  return status_ == CUBLAS_STATUS_SUCCESS;
}

CublasLtInt8Gemm::CublasLtInt8Gemm(int64_t m, int64_t n, int64_t k_ld, int64_t n_ld)
    : workspace_(kWorkspaceBytes) {
  const cublasOperation_t ta = CUBLAS_OP_T, tb = CUBLAS_OP_N;
  check(cublasLtCreate(&lt_)) && check(cublasLtMatmulDescCreate(&op_, CUBLAS_COMPUTE_32I, CUDA_R_32I)) &&
      check(cublasLtMatmulDescSetAttribute(op_, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta))) &&
      check(cublasLtMatmulDescSetAttribute(op_, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb))) &&
      check(cublasLtMatrixLayoutCreate(&a_, CUDA_R_8I, static_cast<uint64_t>(k_ld), static_cast<uint64_t>(n), k_ld)) &&
      check(cublasLtMatrixLayoutCreate(&b_, CUDA_R_8I, static_cast<uint64_t>(k_ld), static_cast<uint64_t>(m), k_ld)) &&
      check(cublasLtMatrixLayoutCreate(&c_, CUDA_R_32I, static_cast<uint64_t>(n), static_cast<uint64_t>(m), n_ld));
}

CublasLtInt8Gemm::~CublasLtInt8Gemm() {
  if (c_) cublasLtMatrixLayoutDestroy(c_);
  if (b_) cublasLtMatrixLayoutDestroy(b_);
  if (a_) cublasLtMatrixLayoutDestroy(a_);
  if (op_) cublasLtMatmulDescDestroy(op_);
  if (lt_) cublasLtDestroy(lt_);
}

bool CublasLtInt8Gemm::run(const int8_t* w, const int8_t* x, int32_t* p, cudaStream_t stream) {
  const int32_t alpha = 1, beta = 0;
  return ok() && check(cublasLtMatmul(lt_, op_, &alpha, w, a_, x, b_, &beta, p, c_, p, c_, nullptr,
                                      workspace_.get(), workspace_.bytes(), stream));
}

void launch_w8a8_dequant_epilogue(const int32_t* p, int64_t n_ld, const float* weight_scales,
                                  const float* activation_scales, int64_t m, int64_t n, float* y,
                                  cudaStream_t stream) {
  const bool vec4 = n % 4 == 0 && n_ld % 4 == 0;
  const int64_t per_block = vec4 ? 1024 : 256;
  const dim3 grid(static_cast<unsigned>(std::min<int64_t>((n + per_block - 1) / per_block, 64)),
                  static_cast<unsigned>(std::min<int64_t>(m, 16384)));
  if (vec4)
    w8a8_dequant_epilogue<true><<<grid, 256, 0, stream>>>(p, n_ld, weight_scales, activation_scales, m, n, y);
  else
    w8a8_dequant_epilogue<false><<<grid, 256, 0, stream>>>(p, n_ld, weight_scales, activation_scales, m, n, y);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

}  // namespace mixsim::kernels
