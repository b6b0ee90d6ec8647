#include "kernels/cuda/cublas_fp16_gemm.cuh"

#include "kernels/cuda/cuda_check.cuh"

namespace mixsim::kernels {

void cublas_fp16_gemm(cublasHandle_t handle, const __half* x, int64_t ldx, const __half* w,
                      int64_t ldw, int64_t m, int64_t n, int64_t k, void* y, bool y_is_fp32,
                      cudaStream_t stream) {
  const float alpha = 1.0f, beta = 0.0f;
  MIXSIM_CUBLAS_CHECK(cublasSetStream(handle, stream));
  MIXSIM_CUBLAS_CHECK(cublasGemmEx(
      handle, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(n), static_cast<int>(m),
      static_cast<int>(k), &alpha, w, CUDA_R_16F, static_cast<int>(ldw), x, CUDA_R_16F,
      static_cast<int>(ldx), &beta, y, y_is_fp32 ? CUDA_R_32F : CUDA_R_16F, static_cast<int>(n),
      CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
}

}  // namespace mixsim::kernels
