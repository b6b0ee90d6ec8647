#pragma once
// FP16 GEMM through cuBLAS (the baseline): Y (M x N, row-major) = X (M x K) * W^T (W N x K),
// FP16 inputs, FP32 accumulation (CUBLAS_COMPUTE_32F), output FP16 or FP32. Row-major operands
// are passed to column-major cuBLAS as Y^T = W * X^T.
#include <cublas_v2.h>
#include <cuda_fp16.h>

#include <cstdint>

namespace mixsim::kernels {

void cublas_fp16_gemm(cublasHandle_t handle, const __half* x, int64_t ldx, const __half* w,
                      int64_t ldw, int64_t m, int64_t n, int64_t k, void* y, bool y_is_fp32,
                      cudaStream_t stream);

}  // namespace mixsim::kernels
