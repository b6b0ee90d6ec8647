#pragma once
// W8A8 through cuBLASLt: INT8 x INT8 -> INT32 on the vendor's INT8 tensor-core kernels
// (P = X W^T, exact), then one elementwise kernel applies golden_gemm_group_dequant's float steps
// for a single group of K: Y = fl32(fl32(0 + fl32(s_w[n] * fl32(P))) * s_a[m]). Bit-exact.
// Layout: X is M x k_ld INT8 row-major, W is N x k_ld INT8 row-major (k_ld a multiple of 16,
// zero padded), P is M x n_ld INT32 row-major (n_ld a multiple of 16), i.e. cuBLASLt's
// column-major "TN" problem P^T = W X^T.
#include <cublasLt.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/cuda/device_buffer.cuh"

namespace mixsim::kernels {

class CublasLtInt8Gemm {
 public:
  // ok() is false (and the cuBLASLt status is kept in status()) where cuBLASLt has no kernel.
  CublasLtInt8Gemm(int64_t m, int64_t n, int64_t k_ld, int64_t n_ld);
  ~CublasLtInt8Gemm();
  CublasLtInt8Gemm(const CublasLtInt8Gemm&) = delete;
  CublasLtInt8Gemm& operator=(const CublasLtInt8Gemm&) = delete;
  bool ok() const { return status_ == CUBLAS_STATUS_SUCCESS; }
  int status() const { return static_cast<int>(status_); }
  // P (M x n_ld INT32); returns false (ok() then false too) when cuBLASLt refuses the problem.
  bool run(const int8_t* w, const int8_t* x, int32_t* p, cudaStream_t stream);

 private:
  bool check(cublasStatus_t s);
  DeviceBuffer<uint8_t> workspace_;
  cublasLtHandle_t lt_ = nullptr;
  cublasLtMatmulDesc_t op_ = nullptr;
  cublasLtMatrixLayout_t a_ = nullptr, b_ = nullptr, c_ = nullptr;
  cublasStatus_t status_ = CUBLAS_STATUS_SUCCESS;
};

// Y (M x N FP32) from P (M x n_ld INT32), weight scales s_w[N] and activation scales s_a[M].
void launch_w8a8_dequant_epilogue(const int32_t* p, int64_t n_ld, const float* weight_scales,
                                  const float* activation_scales, int64_t m, int64_t n, float* y,
                                  cudaStream_t stream);

}  // namespace mixsim::kernels
