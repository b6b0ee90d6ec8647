// Built instead of kernels/cuda/*.cu when nvcc is not found: every CUDA entry point explains
// that this build has no CUDA kernels.
#include <stdexcept>

#include "kernels/cuda/cuda_gemm.hpp"

namespace mixsim::kernels {

namespace {
[[noreturn]] void no_cuda() {
  throw std::runtime_error("this mixsim build has no CUDA kernels (nvcc was not found at "
                           "configure time; reconfigure on a machine with the CUDA toolkit)");
}
}  // namespace

bool cuda_runtime_has_device() { return false; }
std::string cuda_device_name() { return ""; }
MatrixF32 cuda_gemm_w4a16(const QuantizedOperands&, int) { no_cuda(); }
MatrixF32 cuda_gemm_w4a16_programmatic(const QuantizedOperands&, int) { no_cuda(); }
MatrixF32 cuda_gemm_w4a8_intscale(const QuantizedOperands&, bool) { no_cuda(); }
bool cuda_wgmma_float_scale_supported(const QuantizedOperands&) { return false; }
MatrixF32 cuda_gemm_w4a8_float_scale(const QuantizedOperands&, CudaGemmPath) { no_cuda(); }
MatrixF32 cuda_gemm_w4a8_float_scale_wgmma(const QuantizedOperands&, int) { no_cuda(); }
MatrixF32 cuda_gemm_w8a8(const QuantizedOperands&, CudaGemmPath) { no_cuda(); }
MatrixF32 cuda_gemm_w8a8_fused(const QuantizedOperands&, bool, bool) { no_cuda(); }
MatrixF32 cuda_gemm_block_scaled(const QuantizedOperands&) { no_cuda(); }
MatrixF32 cuda_gemm_float_activation_exact(const QuantizedOperands&) { no_cuda(); }
MatrixF32 cuda_gemm_fp8(const QuantizedOperands&) { no_cuda(); }
MatrixF32 cuda_gemm_fp16_cublas(const MatrixF32&, const MatrixF32&) { no_cuda(); }
bool cuda_w4a8_wgmma_supported(const QuantizedOperands&) { return false; }
MatrixF32 cuda_gemm_w4a8_intscale_wgmma(const QuantizedOperands&, int) { no_cuda(); }

}  // namespace mixsim::kernels
