// The recipes of the PE design space (docs/PES.md) on the CPU kernels: 2/3-bit weights, W4A4,
// SliM mixed widths and LUT-GEMM binary codes run bit for bit with golden on the scalar loops
// and (4-bit register codes) on the SIMD path; FP8 is rejected with the supported list.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "kernels/cpu/cpu_gemm.hpp"
#include "kernels/cpu/scalar_gemm.hpp"
#include "kernels/gemm_dispatch.hpp"
#include "models/recipe.hpp"
#include "tests/kernels/kernel_test_support.hpp"

namespace mixsim {
namespace {

using testing::bitwise_mismatches;
using testing::GemmCase;
using testing::make_operands;

TEST(CpuKernelsDesignSpace, NewIntegerRecipesAreBitExactWithGolden) {
  for (const char* r : {"w2a8-g32", "w3a8-g64-asym", "w2a8-g128-intscale", "w3a16-g128", "w4a4-g64",
                        "w4a4-g128-asym", "slim-w3a8-g64", "lut-w3a8-g128"}) {
    const GemmCase c{r, 5, 21, 512, 91};
    SCOPED_TRACE(testing::describe(c));
    const QuantizedOperands ops = make_operands(c);
    const MatrixF32 golden = golden_gemm(ops);
    std::string first;
    EXPECT_EQ(bitwise_mismatches(kernels::cpu_scalar_gemm(ops), golden, &first), 0) << first;
    if (ops.recipe.kind != RecipeKind::W4A16) {  // w3a16 on the SIMD path is an FP32-tolerance path
      EXPECT_EQ(bitwise_mismatches(kernels::cpu_gemm(ops, 2), golden, &first), 0) << first;
    }
  }
}

TEST(CpuKernelsDesignSpace, Fp8IsRejectedWithTheSupportedList) {
  const QuantizedOperands ops = make_operands(GemmCase{"fp8-e4m3", 2, 3, 64, 1});
  try {
    run_kernel_gemm("cpu", ops);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("does not support recipe 'fp8-e4m3'"), std::string::npos) << e.what();
  }
}

// The CPU W4A16 kernels read FP16 activations: the MixPE's BF16 / E4M3 activation recipes are
// rejected (not silently run as FP16) on cpu and cpu-scalar (cuda runs them: CudaKernels tests).
TEST(CpuKernelsDesignSpace, Bf16AndFp8ActivationRecipesAreRejectedOnCpu) {
  for (const char* recipe : {"w4abf16-g128", "w4afp8-g64"})
    for (const char* impl : {"cpu", "cpu-scalar"}) {
      const QuantizedOperands ops = make_operands(GemmCase{recipe, 2, 3, 128, 1});
      try {
        run_kernel_gemm(impl, ops);
        FAIL() << impl << " " << recipe << ": no error";
      } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("does not support recipe '" + std::string(recipe) + "'"),
                  std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--impl sim --pe mixpe"), std::string::npos) << e.what();
      }
    }
}

}  // namespace
}  // namespace mixsim
