#pragma once
// Plain scalar CPU GEMM per recipe ("cpu-scalar"): straightforward loops over the unpacked
// codes, in exactly the order models/golden_gemms.hpp defines, so every recipe is bit-exact with
// golden_gemm. It is the baseline the optimized kernels are timed against.
#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::kernels {

MatrixF32 cpu_scalar_gemm(const QuantizedOperands& ops);

}  // namespace mixsim::kernels
