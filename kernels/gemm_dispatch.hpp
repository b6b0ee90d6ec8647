#pragma once
// One entry point for every kernel implementation, for `mixsim gemm --impl cpu|cpu-scalar|cuda`.
//   impl "cpu-scalar": plain loops, every recipe, bit-exact with golden_gemm.
//   impl "cpu":        packed INT4 + SIMD (Highway dynamic dispatch) + threads, every recipe;
//                      bit-exact except W4A16 (FP32 tolerance, see docs/PERFORMANCE.md).
//   impl "cuda":       every recipe: w{b}a16 / w{b}afp8 (2-4 bit weights, any group size multiple
//                      of 16, symmetric/asymmetric; FP32 tolerance; E4M3 values run as FP16
//                      values, the token scale after); bit-exact: w{b}abf16 and fp8-e4m3/e5m2
//                      (golden-order CUDA-core kernel), w{b}a8-*-intscale and w{b}a8 float scale
//                      (INT8 tensor cores, wgmma on compute capability 9.0 for G = 128/256, else
//                      CUDA cores; w4a4, slim and lut included), w8a8 (fused INT8 wgmma kernel
//                      at M >= 1024 on compute capability 9.0, else cuBLASLt INT8
//                      + float epilogue), mxfp4 and nvfp4 (FP4 widened to 2*E2M1 INT8 codes).
// Unsupported (impl, recipe) pairs throw std::invalid_argument listing what is supported.
#include <string>
#include <string_view>
#include <vector>

#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim {

MatrixF32 run_kernel_gemm(std::string_view impl, const QuantizedOperands& ops);

// True when this build has CUDA kernels and a CUDA device can be used.
bool cuda_device_available();

struct KernelSupport {
  std::string impl;
  std::vector<RecipeKind> recipes;
  std::string note;  // exactness and limits, for --help texts
};
// Every implementation and the recipe kinds it accepts ("cuda" listed even when this build or
// machine has no GPU; run_kernel_gemm then explains why it cannot run).
std::vector<KernelSupport> supported_kernels();
std::vector<std::string> kernel_impl_names();  // {"cpu", "cpu-scalar", "cuda"}

}  // namespace mixsim
