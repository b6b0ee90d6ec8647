// "cpu-scalar": compiled WITHOUT auto-vectorization (kernels/CMakeLists.txt sets
// -fno-tree-vectorize for this file), so it is the truly scalar baseline of issue #4.
#include "kernels/cpu/scalar_gemm.hpp"

#include "kernels/cpu/scalar_gemm_loops.hpp"

namespace mixsim::kernels {

MatrixF32 cpu_scalar_gemm(const QuantizedOperands& ops) { return scalar_gemm_loops(ops); }

}  // namespace mixsim::kernels
