#pragma once
// Host-side API of the CUDA kernels (no CUDA headers needed to include it). Implemented in
// kernels/cuda/*.cu when nvcc is found, else by kernels/cuda/cuda_unavailable.cpp, which throws.
#include <string>

#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::kernels {

bool cuda_runtime_has_device();
std::string cuda_device_name();  // "" without a device

// Upload, run, download. W4A16: M <= 64 fused INT4-dequant + mma.sync kernel; larger M
// dequantizes W to FP16 once and calls cuBLAS (FP32 accumulation). FP16 or E4M3 activations
// (E4M3: Y = fl32(acc * s_x[m]) after); BF16 throws (see cuda_gemm_float_activation_exact).
// Every integer kernel here takes 2-, 3- and 4-bit weights (stored as 4-bit codes).
// fused_variant: -1 = default, else an index into kW4A16AllVariants (tests run them all).
MatrixF32 cuda_gemm_w4a16(const QuantizedOperands& ops, int fused_variant = -1);
inline constexpr int kW4A16VariantCount = 8;
inline constexpr int kW4A16StreamKVariant = 7;  // index of the stream-K decode variant
// The fused W4A16 kernel (M <= 64) launched with programmatic dependent launch right behind a
// kernel that writes X late (X starts as NaN): checks that the GEMV waits for its input.
MatrixF32 cuda_gemm_w4a16_programmatic(const QuantizedOperands& ops, int fused_variant = -1);
// W4A8 integer scale on INT8 tensor cores (mma.sync m16n8k32), bit-exact with golden.
// allow_split_k = false forces one CTA per output tile (tests cover both paths).
// From M >= 128 rows (with N >= 4096; any N from M >= 256), group size a multiple of 128 and
// compute capability 9.0, it runs the wgmma kernel of kernels/cuda/w4a8_intscale_wgmma.cuh.
MatrixF32 cuda_gemm_w4a8_intscale(const QuantizedOperands& ops, bool allow_split_k = true);
// The wgmma (sm_90a) W4A8 integer-scale kernel at any M; variant in [0, 16) (tests run all;
// variants 6, 8, 10, 12, 13, 14 and 15 with split-K scratch: split where the tiles leave SMs idle,
// finished in the kernel (6) or by memset + epilogue (8: ping-pong consumers, 10: and the TMA
// producer, 12: the TMA producer alone, 13: 12 with the chunks of a group pipelined, 14: 12 with
// two P accumulator sets, 15: 12 with the token scales staged for the epilogue)).
// Throws where cuda_w4a8_wgmma_supported is false.
bool cuda_w4a8_wgmma_supported(const QuantizedOperands& ops);
MatrixF32 cuda_gemm_w4a8_intscale_wgmma(const QuantizedOperands& ops, int variant);
inline constexpr int kW4A8WgmmaVariants = 16;
// The recipes whose groups are dequantized in FP32 (W4A8 float scale, W8A8) and the
// block-scaled FP4 ones (MXFP4, NVFP4), all bit-exact with golden (exact INT32 group sums, then
// golden's float steps in golden's order). Wgmma: the warp-specialized INT8 tensor-core kernel
// (compute capability 9.0; W4A8 with G = 128 or 256, W8A8 at any K). Generic: the CUDA-core
// kernel of kernels/cuda/int8_group_gemm.cuh (any group size, any GPU). Auto: Wgmma where it
// runs, else Generic. MXFP4/NVFP4 always run the generic kernel (FP4 widened to INT8 on load).
// W8A8 only: CublasLt = cuBLASLt INT8 -> INT32 + the float epilogue (w8a8_cublaslt_gemm.cuh);
// Auto tries it first: with its epilogue it was faster than the wgmma kernel at 31 of the 36
// shape x M points of H100 run 13 (docs/PERFORMANCE.md), at most 16% slower at the other 5.
// W8A8 only: Fused = kernels/cuda/w8a8_wgmma_gemm.cuh (INT8 wgmma m64n256k32, TMA, float
// epilogue in registers; compute capability 9.0); Auto runs it at M >= 1024 (faster than
// cuBLASLt + epilogue there in H200 run 21), else cuBLASLt first as above.
enum class CudaGemmPath { Auto, Generic, Wgmma, CublasLt, Fused };
bool cuda_wgmma_float_scale_supported(const QuantizedOperands& ops);
MatrixF32 cuda_gemm_w4a8_float_scale(const QuantizedOperands& ops, CudaGemmPath path = CudaGemmPath::Auto);
// W4A8 float scale on the wgmma kernel without (0) or with ping-pong consumers (1), and with the
// TMA producer too (2), or with the TMA producer alone (3), or 3 with the token scales staged
// for the epilogue (4), whatever the default; throws where cuda_wgmma_float_scale_supported is
// false.
MatrixF32 cuda_gemm_w4a8_float_scale_wgmma(const QuantizedOperands& ops, int ping_pong);
MatrixF32 cuda_gemm_w8a8(const QuantizedOperands& ops, CudaGemmPath path = CudaGemmPath::Auto);
// The fused W8A8 kernel with its scales staged before the epilogue (true, the default) or loaded
// by the epilogue (false, run 19's kernel), and Y stored by bulk tensor copies (tma_store, with
// staged scales and N % 4 == 0; W8A8FusedArgs): the same bits; tested for each.
MatrixF32 cuda_gemm_w8a8_fused(const QuantizedOperands& ops, bool staged_scales, bool tma_store = false);
MatrixF32 cuda_gemm_block_scaled(const QuantizedOperands& ops);
// The float-activation recipes (kind W4A16: FP16, BF16 or E4M3 activations, 2-4 weight bits) on
// the golden-order CUDA-core kernel (kernels/cuda/golden_order_gemm.cuh): bit-exact with golden.
// BF16 recipes always run here (FP16 cannot hold BF16 values); FP16 and E4M3 recipes run on
// cuda_gemm_w4a16 (E4M3 values are FP16 values; the token scale is applied per output after).
MatrixF32 cuda_gemm_float_activation_exact(const QuantizedOperands& ops);
// fp8-e4m3 / fp8-e5m2 on the golden-order kernel: bit-exact with golden_gemm_fp8.
MatrixF32 cuda_gemm_fp8(const QuantizedOperands& ops);
// cuBLAS FP16 GEMM baseline (FP16 inputs rounded from X and W, FP32 accumulation, FP32 out).
MatrixF32 cuda_gemm_fp16_cublas(const MatrixF32& x, const MatrixF32& w);

}  // namespace mixsim::kernels
