// The same plain loops as cpu_scalar_gemm, compiled with the project's flags (-O3: GCC
// auto-vectorizes the integer loops). Reported next to the truly scalar baseline.
#include "kernels/cpu/scalar_gemm.hpp"

#include "kernels/cpu/scalar_gemm_loops.hpp"

namespace mixsim::kernels {

MatrixF32 cpu_scalar_gemm_autovec(const QuantizedOperands& ops) { return scalar_gemm_loops(ops); }

}  // namespace mixsim::kernels
