#pragma once
// Plain scalar CPU GEMM per recipe ("cpu-scalar"): straightforward loops over the unpacked
// codes, in exactly the order models/golden_gemms.hpp defines, so every recipe is bit-exact with
// golden_gemm. It is the baseline the optimized kernels are timed against.
#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::kernels {

// Compiled without auto-vectorization: a truly scalar baseline.
MatrixF32 cpu_scalar_gemm(const QuantizedOperands& ops);
// The same loops compiled with -O3 auto-vectorization (the compiler's SIMD, no intrinsics);
// bit-exact with golden_gemm too (no -ffast-math, no FMA contraction).
MatrixF32 cpu_scalar_gemm_autovec(const QuantizedOperands& ops);

}  // namespace mixsim::kernels
