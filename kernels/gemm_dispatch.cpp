#include "kernels/gemm_dispatch.hpp"

#include <stdexcept>
#include <string>

#include "kernels/cpu/cpu_gemm.hpp"
#include "kernels/cpu/scalar_gemm.hpp"
#include "kernels/cuda/cuda_gemm.hpp"

namespace mixsim {

namespace {

std::string kind_name(RecipeKind k) {
  switch (k) {
    case RecipeKind::W4A16: return "w4a16";
    case RecipeKind::W4A8: return "w4a8";
    case RecipeKind::W4A8IntScale: return "w4a8-intscale";
    case RecipeKind::W8A8: return "w8a8";
    case RecipeKind::MXFP4: return "mxfp4";
    case RecipeKind::NVFP4: return "nvfp4";
    case RecipeKind::FP8: return "fp8";
  }
  return "?";
}

std::string support_table() {
  std::string s;
  for (const KernelSupport& k : supported_kernels()) {
    s += "\n  " + k.impl + ":";
    for (RecipeKind r : k.recipes) s += " " + kind_name(r);
  }
  return s;
}

bool supports(const std::string& impl, RecipeKind kind) {
  for (const KernelSupport& k : supported_kernels())
    if (k.impl == impl)
      for (RecipeKind r : k.recipes)
        if (r == kind) return true;
  return false;
}

}  // namespace

std::vector<KernelSupport> supported_kernels() {
  const std::vector<RecipeKind> all = {RecipeKind::W4A16, RecipeKind::W4A8,
                                       RecipeKind::W4A8IntScale, RecipeKind::W8A8,
                                       RecipeKind::MXFP4, RecipeKind::NVFP4};
  std::vector<RecipeKind> cuda = all;
  cuda.push_back(RecipeKind::FP8);
  return {
      {"cpu-scalar", all, "plain loops; bit-exact with golden for every recipe except FP8 and "
                          "BF16/E4M3 activations"},
      {"cpu", all,
       "packed INT4 + SIMD + threads; bit-exact except w4a16 (FP32 tolerance); no FP8 and no "
       "BF16/E4M3 activations"},
      {"cuda", cuda,
       "every recipe: w{b}a16 and w{b}afp8 (FP32 tolerance for M<=64, FP16-weight tolerance "
       "above); w{b}abf16, fp8-e4m3/e5m2 and every integer recipe bit-exact; needs a GPU"},
  };
}

std::vector<std::string> kernel_impl_names() { return {"cpu", "cpu-scalar", "cuda"}; }

bool cuda_device_available() { return kernels::cuda_runtime_has_device(); }

MatrixF32 run_kernel_gemm(std::string_view impl_view, const QuantizedOperands& ops) {
  const std::string impl(impl_view);
  bool known = false;
  for (const std::string& name : kernel_impl_names()) known = known || name == impl;
  if (!known)
    throw std::invalid_argument("unknown kernel implementation '" + impl +
                                "'; allowed: cpu, cpu-scalar, cuda");
  const RecipeKind kind = ops.recipe.kind;
  // The CPU W4A16 kernels read FP16 activations: BF16 and E4M3 activations run on --impl cuda,
  // --impl golden and --impl sim --pe mixpe.
  const bool fp16_only = impl != "cuda" && kind == RecipeKind::W4A16 &&
                         ops.recipe.float_activation != FloatActivation::FP16;
  if (fp16_only || !supports(impl, kind))
    throw std::invalid_argument("kernel implementation '" + impl + "' does not support recipe '" +
                                ops.recipe.name + "'; supported pairs:" + support_table() +
                                "\n  (on cpu and cpu-scalar, w4a16 means FP16 activations; w*abf16-g* "
                                "and w*afp8-g* run on --impl cuda, --impl golden and --impl sim --pe mixpe)");
  if (impl == "cpu-scalar") return kernels::cpu_scalar_gemm(ops);
  if (impl == "cpu") return kernels::cpu_gemm(ops);
  if (!cuda_device_available())
    throw std::invalid_argument(
        "kernel implementation 'cuda' needs a CUDA GPU, and this " +
        std::string(kernels::cuda_device_name() == "" ? "machine/build has none" : "one failed") +
        " (use --impl cpu)");
  switch (kind) {
    case RecipeKind::W4A16:
      // BF16 values are no FP16 values: the golden-order kernel (bit-exact) runs them.
      if (ops.recipe.float_activation == FloatActivation::BF16)
        return kernels::cuda_gemm_float_activation_exact(ops);
      return kernels::cuda_gemm_w4a16(ops);
    case RecipeKind::W4A8IntScale: return kernels::cuda_gemm_w4a8_intscale(ops);
    case RecipeKind::W4A8: return kernels::cuda_gemm_w4a8_float_scale(ops);
    case RecipeKind::W8A8: return kernels::cuda_gemm_w8a8(ops);
    case RecipeKind::MXFP4:
    case RecipeKind::NVFP4: return kernels::cuda_gemm_block_scaled(ops);
    case RecipeKind::FP8: return kernels::cuda_gemm_fp8(ops);
  }
  throw std::invalid_argument("kernel implementation 'cuda': unhandled recipe '" + ops.recipe.name + "'");
}

}  // namespace mixsim
