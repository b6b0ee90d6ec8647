// CUDA kernels vs the golden models on the GPU: W4A8 integer scale, W4A8 float scale, W8A8,
// MXFP4, NVFP4, FP8 and the BF16-activation recipes bit-exact; W4A16 and E4M3-activation recipes
// within the FP32 tolerance (fused kernel, M <= 64) or the FP16 tolerance (FP16-dequantized
// weights + cuBLAS, M > 64), as relative Frobenius error vs the FP64 reference. Every recipe of
// known_recipe_names() runs through run_kernel_gemm("cuda"). Skipped, with a message, where no
// CUDA device is present.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "kernels/cuda/cuda_gemm.hpp"
#include "kernels/gemm_dispatch.hpp"
#include "tests/kernels/kernel_test_support.hpp"

namespace mixsim::testing {
namespace {

#define MIXSIM_REQUIRE_GPU()                                                          \
  do {                                                                                \
    if (!cuda_device_available())                                                     \
      GTEST_SKIP() << "SKIPPED: no CUDA device (or build without CUDA); run "         \
                      "scripts/gpu-check on the GPU machine";                         \
    std::printf("device: %s\n", kernels::cuda_device_name().c_str());                \
  } while (0)

TEST(CudaKernels, W4A8IntegerScaleIsBitExactWithGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 7000;
  // Ragged M and N around the 64 x 128 block tile and the 16/8 MMA tiles; 1..9 groups.
  const std::vector<std::pair<int64_t, int64_t>> mn = {{1, 1}, {1, 130}, {17, 129}, {64, 128},
                                                       {65, 300}, {130, 77}};
  for (const char* recipe : {"w4a8-g128-intscale", "w4a8-g32-intscale", "w4a8-g64-asym-intscale",
                             "w4a8-g256-intscale"}) {
    const int64_t g = parse_recipe(recipe).group_size;
    for (int64_t groups : {1, 3, 9})
      for (auto [m, n] : mn) {
        const GemmCase c{recipe, m, n, g * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        const MatrixF32 golden = golden_gemm(ops);
        // Split-K (INT32 atomics) and one CTA per tile must both be bit-exact.
        for (bool split : {true, false}) {
          const MatrixF32 y = split ? run_kernel_gemm("cuda", ops)
                                    : kernels::cuda_gemm_w4a8_intscale(ops, false);
          std::string first;
          EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << "split=" << split << " " << first;
          EXPECT_FALSE(has_nan(y));
        }
      }
  }
}

// The wgmma (sm_90a) prefill kernel: 64/128 x 128 block tiles, 128-token B tiles, K steps of
// 128; ragged M and N inside and across tiles, 1..9 groups, symmetric and asymmetric, G = 128
// and 256, every block variant, and the default dispatch (w4a8_use_wgmma picks the kernel).
TEST(CudaKernels, W4A8IntegerScaleWgmmaIsBitExactWithGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 7500;
  const std::vector<std::pair<int64_t, int64_t>> mn = {{1, 1},     {5, 70},    {128, 128},
                                                       {129, 200}, {300, 129}, {257, 384}};
  for (const char* recipe : {"w4a8-g128-intscale", "w4a8-g128-asym-intscale",
                             "w4a8-g256-intscale"}) {
    for (int64_t groups : {1, 2, 9})
      for (auto [m, n] : mn) {
        const int64_t g = parse_recipe(recipe).group_size;
        const GemmCase c{recipe, m, n, g * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        if (!kernels::cuda_w4a8_wgmma_supported(ops))
          GTEST_SKIP() << "SKIPPED: wgmma kernel needs compute capability 9.0 (sm_90a)";
        const MatrixF32 golden = golden_gemm(ops);
        for (int variant = 0; variant < kernels::kW4A8WgmmaVariants; ++variant) {
          const MatrixF32 y = kernels::cuda_gemm_w4a8_intscale_wgmma(ops, variant);
          std::string first;
          EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << "variant=" << variant << " " << first;
          EXPECT_FALSE(has_nan(y));
        }
        {  // whichever kernel the dispatcher picks at this M
          std::string first;
          EXPECT_EQ(bitwise_mismatches(run_kernel_gemm("cuda", ops), golden, &first), 0) << first;
        }
      }
  }
}

TEST(CudaKernels, W4A16FusedMeetsFp32Tolerance) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 8000;
  for (const char* recipe : {"w4a16-g128", "w4a16-g32", "w4a16-g64-asym", "w4a16-g256-asym"}) {
    const int64_t g = parse_recipe(recipe).group_size;
    for (int64_t m : {1, 5, 9, 16, 33, 64})
      for (int64_t groups : {1, 3, 8}) {
        const GemmCase c{recipe, m, 16 * 3 + 5, g * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        const MatrixF32 y = run_kernel_gemm("cuda", ops);
        const double err = relative_frobenius_error(y, reference_gemm_f64(ops));
        std::printf("  rel_fro=%.3g tol=%.3g\n", err, fp32_accumulation_tolerance(c.k));
        EXPECT_LE(err, fp32_accumulation_tolerance(c.k));
      }
  }
}

TEST(CudaKernels, W4A16DecodeVariantsMeetFp32Tolerance) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 8500;
  for (const char* recipe : {"w4a16-g128", "w4a16-g32-asym"})
    for (int64_t m : {1, 3, 16})
      for (int variant = 0; variant < kernels::kW4A16VariantCount; ++variant) {
        const int64_t g = parse_recipe(recipe).group_size;
        const GemmCase c{recipe, m, 16 * 5 + 3, g * 11, seed++};
        SCOPED_TRACE(describe(c) + " variant=" + std::to_string(variant));
        const QuantizedOperands ops = make_operands(c);
        const double err = relative_frobenius_error(kernels::cuda_gemm_w4a16(ops, variant),
                                                    reference_gemm_f64(ops));
        EXPECT_LE(err, fp32_accumulation_tolerance(c.k));
      }
}

// Programmatic dependent launch: the GEMV starts while the kernel before it still runs and
// must wait for the activations that kernel writes (they start as NaN).
TEST(CudaKernels, W4A16ProgrammaticLaunchWaitsForItsInput) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 8700;
  for (const char* recipe : {"w4a16-g128", "w4a16-g64-asym"})
    for (int64_t m : {1, 5, 16, 40})
      for (int variant = 0; variant < kernels::kW4A16VariantCount; ++variant) {
        const int64_t g = parse_recipe(recipe).group_size;
        const GemmCase c{recipe, m, 16 * 9 + 5, g * 13, seed++};
        SCOPED_TRACE(describe(c) + " variant=" + std::to_string(variant));
        const QuantizedOperands ops = make_operands(c);
        const MatrixF32 y = kernels::cuda_gemm_w4a16_programmatic(ops, variant);
        const double err = relative_frobenius_error(y, reference_gemm_f64(ops));
        EXPECT_LE(err, fp32_accumulation_tolerance(c.k));  // NaN fails this comparison
      }
}

// The stream-K decode kernel on a shape with more (tile, K-iteration) units than warps on a
// 132-SM GPU (64 tiles x 36 iterations = 2304 units, 2 x 132 blocks x 8 = 2112 warps), so that
// warps' unit ranges start and end inside tiles and several warps share a tile's reduction.
TEST(CudaKernels, W4A16StreamKSplitsTilesAcrossWarpsWithinFp32Tolerance) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 8900;
  const int streamk = kernels::kW4A16StreamKVariant;
  for (const char* recipe : {"w4a16-g128", "w4a16-g64-asym"})
    for (int64_t m : {1, 7, 12}) {
      const int64_t g = parse_recipe(recipe).group_size;
      const GemmCase c{recipe, m, 16 * 62 + 9, g * (8960 / g) + g, seed++};
      SCOPED_TRACE(describe(c));
      const QuantizedOperands ops = make_operands(c);
      const double err = relative_frobenius_error(kernels::cuda_gemm_w4a16(ops, streamk),
                                                  reference_gemm_f64(ops));
      std::printf("  rel_fro=%.3g tol=%.3g\n", err, fp32_accumulation_tolerance(c.k));
      EXPECT_LE(err, fp32_accumulation_tolerance(c.k));
    }
}

TEST(CudaKernels, W4A16LargeMUsesFp16WeightsWithinFp16Tolerance) {
  MIXSIM_REQUIRE_GPU();
  for (const char* recipe : {"w4a16-g128", "w4a16-g64-asym"}) {
    const GemmCase c{recipe, 130, 70, 512, 9000};
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    const double err = relative_frobenius_error(run_kernel_gemm("cuda", ops),
                                                reference_gemm_f64(ops));
    std::printf("  rel_fro=%.3g tol=2e-3\n", err);
    EXPECT_LE(err, 2e-3);
  }
}

// Ragged M and N around the 128 x 128 wgmma tiles and the 64 x 64 generic tiles.
const std::vector<std::pair<int64_t, int64_t>> kRaggedMN = {{1, 1},     {5, 70},    {17, 129},
                                                            {128, 128}, {129, 200}, {300, 129}};

// Runs `run` on the case and expects every bit of Y to match golden.
template <typename Run>
void expect_bit_exact(const QuantizedOperands& ops, const MatrixF32& golden, const char* path, Run&& run) {
  const MatrixF32 y = run(ops);
  std::string first;
  EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << path << " " << first;
  EXPECT_FALSE(has_nan(y)) << path;
}

TEST(CudaKernels, W4A8FloatScaleIsBitExactWithGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 9300;
  using kernels::CudaGemmPath;
  for (const char* recipe : {"w4a8-g128", "w4a8-g128-asym", "w4a8-g256", "w4a8-g32", "w4a8-g64-asym"}) {
    const int64_t g = parse_recipe(recipe).group_size;
    for (int64_t groups : {1, 3})
      for (auto [m, n] : kRaggedMN) {
        const GemmCase c{recipe, m, n, g * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        const MatrixF32 golden = golden_gemm(ops);
        expect_bit_exact(ops, golden, "dispatch", [](const auto& o) { return run_kernel_gemm("cuda", o); });
        expect_bit_exact(ops, golden, "generic", [](const auto& o) {
          return kernels::cuda_gemm_w4a8_float_scale(o, CudaGemmPath::Generic);
        });
        if (kernels::cuda_wgmma_float_scale_supported(ops)) {
          expect_bit_exact(ops, golden, "wgmma", [](const auto& o) {
            return kernels::cuda_gemm_w4a8_float_scale(o, CudaGemmPath::Wgmma);
          });
          for (int ping_pong : {0, 1, 2, 3, 4})
            expect_bit_exact(ops, golden, ping_pong == 4 ? "wgmma TMA staged token scales" : ping_pong == 3 ? "wgmma TMA" : ping_pong == 2 ? "wgmma ping-pong TMA" : ping_pong ? "wgmma ping-pong" : "wgmma no ping-pong",
                             [&](const auto& o) { return kernels::cuda_gemm_w4a8_float_scale_wgmma(o, ping_pong); });
        }
        else if (g % 128 == 0)
          std::printf("  wgmma path SKIPPED: needs compute capability 9.0\n");
      }
  }
}

// More 128 x 128 tiles than SMs (persistent grid loops), 9 groups.
TEST(CudaKernels, W4A8FloatScaleAndW8A8WgmmaLoopOverTiles) {
  MIXSIM_REQUIRE_GPU();
  using kernels::CudaGemmPath;
  for (const GemmCase& c : {GemmCase{"w4a8-g128-asym", 1100, 2050, 128 * 9, 9400},
                            GemmCase{"w8a8", 1100, 2050, 1000, 9401}}) {
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    if (!kernels::cuda_wgmma_float_scale_supported(ops))
      GTEST_SKIP() << "SKIPPED: wgmma kernel needs compute capability 9.0 (sm_90a)";
    const MatrixF32 golden = golden_gemm(ops);
    expect_bit_exact(ops, golden, "dispatch", [](const auto& o) { return run_kernel_gemm("cuda", o); });
    if (c.recipe == "w8a8")
      expect_bit_exact(ops, golden, "wgmma", [](const auto& o) {
        return kernels::cuda_gemm_w8a8(o, CudaGemmPath::Wgmma);
      });
    else  // ping-pong consumers: the order barriers run on across the tiles of a block
      for (int ping_pong : {0, 1, 2, 3, 4})
        expect_bit_exact(ops, golden, ping_pong == 4 ? "wgmma TMA staged token scales" : ping_pong == 3 ? "wgmma TMA" : ping_pong == 2 ? "wgmma ping-pong TMA" : ping_pong ? "wgmma ping-pong" : "wgmma no ping-pong",
                         [&](const auto& o) { return kernels::cuda_gemm_w4a8_float_scale_wgmma(o, ping_pong); });
  }
  // Integer scale, same size: variants 4, 7 and 8 (ping-pong), 9 and 10 (and TMA producer), 11
  // and 12 (TMA producer alone, the default), 13 (12 with a group's chunks pipelined; G = 256:
  // two chunks per group), 14 (two P sets) and 15 (staged token scales) loop over tiles.
  for (const GemmCase& c : {GemmCase{"w4a8-g128-intscale", 1100, 2050, 128 * 9, 9402},
                            GemmCase{"w4a8-g256-asym-intscale", 1100, 2050, 256 * 5, 9403},
                            GemmCase{"w4a8-g128-asym-intscale", 1100, 2050, 128 * 8, 9404},
                            GemmCase{"w4a8-g256-intscale", 1100, 2050, 256 * 4, 9405}}) {
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    const MatrixF32 golden = golden_gemm(ops);
    for (int variant : {4, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
      std::string first;
      EXPECT_EQ(bitwise_mismatches(kernels::cuda_gemm_w4a8_intscale_wgmma(ops, variant), golden, &first), 0)
          << "variant=" << variant << " " << first;
    }
  }
}

TEST(CudaKernels, W8A8IsBitExactWithGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 9500;
  using kernels::CudaGemmPath;
  for (int64_t k : {37, 128, 200, 1000})  // K need not be a multiple of 16 or 128 (zero padding)
    for (auto [m, n] : kRaggedMN) {
      const GemmCase c{"w8a8", m, n, k, seed++};
      SCOPED_TRACE(describe(c));
      const QuantizedOperands ops = make_operands(c);
      const MatrixF32 golden = golden_gemm(ops);
      expect_bit_exact(ops, golden, "dispatch", [](const auto& o) { return run_kernel_gemm("cuda", o); });
      expect_bit_exact(ops, golden, "generic",
                       [](const auto& o) { return kernels::cuda_gemm_w8a8(o, CudaGemmPath::Generic); });
      expect_bit_exact(ops, golden, "cublaslt",
                       [](const auto& o) { return kernels::cuda_gemm_w8a8(o, CudaGemmPath::CublasLt); });
      if (kernels::cuda_wgmma_float_scale_supported(ops)) {
        expect_bit_exact(ops, golden, "wgmma",
                         [](const auto& o) { return kernels::cuda_gemm_w8a8(o, CudaGemmPath::Wgmma); });
        expect_bit_exact(ops, golden, "fused",
                         [](const auto& o) { return kernels::cuda_gemm_w8a8(o, CudaGemmPath::Fused); });
      } else {
        std::printf("  wgmma and fused paths SKIPPED: need compute capability 9.0\n");
      }
    }
}

// The fused W8A8 kernel over more 128 x 256 tiles than SMs (the persistent loop and the stage
// ring across tiles), ragged in M, N and K (K = 4100: 33 chunks, the last one zero-filled past K).
TEST(CudaKernels, W8A8FusedLoopsOverTilesBitExact) {
  MIXSIM_REQUIRE_GPU();
  using kernels::CudaGemmPath;
  // M >= 1024 (1300, 2048, 1030): the dispatch picks the fused kernel itself (since run 21 at any K).
  for (const GemmCase& c : {GemmCase{"w8a8", 1300, 3000, 1000, 9600}, GemmCase{"w8a8", 257, 513, 4100, 9601},
                            GemmCase{"w8a8", 2048, 4096, 512, 9602}, GemmCase{"w8a8", 1030, 300, 8200, 9603}}) {
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    if (!kernels::cuda_wgmma_float_scale_supported(ops))
      GTEST_SKIP() << "SKIPPED: the fused W8A8 kernel needs compute capability 9.0 (sm_90a)";
    const MatrixF32 golden = golden_gemm(ops);
    expect_bit_exact(ops, golden, "fused", [](const auto& o) { return kernels::cuda_gemm_w8a8(o, CudaGemmPath::Fused); });
    expect_bit_exact(ops, golden, "dispatch", [](const auto& o) { return run_kernel_gemm("cuda", o); });
    // "fused" above stages the scales in shared memory before the epilogue (the default); run
    // 19's kernel, whose epilogue loads them itself, gives the same bits.
    expect_bit_exact(ops, golden, "fused, epilogue loads the scales",
                     [](const auto& o) { return kernels::cuda_gemm_w8a8_fused(o, false); });
    // Y through shared memory and bulk tensor stores (N % 4 == 0 here: 3000, 4096, 300; N = 513
    // takes the register stores).
    expect_bit_exact(ops, golden, "fused, TMA stores",
                     [](const auto& o) { return kernels::cuda_gemm_w8a8_fused(o, true, true); });
  }
}

TEST(CudaKernels, BlockScaledFp4IsBitExactWithGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 9700;
  for (const char* recipe : {"mxfp4", "nvfp4"}) {
    const int64_t block = std::string(recipe) == "mxfp4" ? 32 : 16;
    for (int64_t blocks : {1, 3, 9})
      for (auto [m, n] : kRaggedMN) {
        const GemmCase c{recipe, m, n, block * blocks, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        expect_bit_exact(ops, golden_gemm(ops), "dispatch",
                         [](const auto& o) { return run_kernel_gemm("cuda", o); });
      }
  }
}

// The tolerance of the FP16 W4A16 path (FP16 and E4M3 activations): FP32 accumulation in the fused
// kernel (M <= 64), FP16-rounded dequantized weights + cuBLAS above.
double w4a16_path_tolerance(int64_t m, int64_t k) { return m <= 64 ? fp32_accumulation_tolerance(k) : 2e-3; }

// Whether run_kernel_gemm("cuda") must be bit-exact with golden for this recipe (every recipe but
// the FP16 W4A16 path's: FP16 and E4M3 activations).
bool cuda_dispatch_is_bit_exact(const Recipe& r) {
  return r.kind != RecipeKind::W4A16 || r.float_activation == FloatActivation::BF16;
}

// The MixPE float-activation recipes (BF16 and E4M3 activations, 2-4 bit weights): the golden-order
// kernel bit-exact on ragged shapes; the dispatch bit-exact for BF16, within tolerance for E4M3.
TEST(CudaKernels, FloatActivationRecipesMatchGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 10100;
  const std::vector<std::pair<int64_t, int64_t>> mn = {{1, 1}, {5, 70}, {17, 129}, {64, 65}, {65, 130}, {130, 77}};
  for (const char* recipe : {"w4abf16-g128", "w3abf16-g64-asym", "w2abf16-g32", "w4abf16-g256-asym",
                             "w4afp8-g128", "w3afp8-g32-asym", "w2afp8-g256", "w4afp8-g64-asym",
                             "w3a16-g64", "w2a16-g32-asym"}) {
    const int64_t g = parse_recipe(recipe).group_size;
    for (int64_t groups : {1, 3})
      for (auto [m, n] : mn) {
        const GemmCase c{recipe, m, n, g * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        const MatrixF32 golden = golden_gemm(ops);
        expect_bit_exact(ops, golden, "golden-order", [](const auto& o) {
          return kernels::cuda_gemm_float_activation_exact(o);
        });
        const MatrixF32 y = run_kernel_gemm("cuda", ops);
        EXPECT_FALSE(has_nan(y));
        if (cuda_dispatch_is_bit_exact(ops.recipe)) {
          std::string first;
          EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << "dispatch " << first;
        } else {
          const double err = relative_frobenius_error(y, reference_gemm_f64(ops));
          std::printf("  dispatch rel_fro=%.3g tol=%.3g\n", err, w4a16_path_tolerance(m, c.k));
          EXPECT_LE(err, w4a16_path_tolerance(m, c.k));
        }
      }
  }
}

// BF16 activations across their range: columns scaled by 2^40 and 2^-60 (products up to ~2^48,
// down to ~2^-63), still bit-exact (every sum FP32-normal by the BF16 range bounds).
TEST(CudaKernels, Bf16ActivationsOverTheirRangeAreBitExact) {
  MIXSIM_REQUIRE_GPU();
  for (uint32_t seed : {10300u, 10301u}) {
    std::printf("seed=%u\n", seed);
    MatrixF32 x = random_matrix(33, 256, seed);
    for (int64_t m = 0; m < x.rows(); ++m)
      for (int64_t k = 0; k < x.cols(); ++k)
        x(m, k) = std::ldexp(x(m, k), k % 3 == 0 ? 40 : k % 3 == 1 ? -60 : 0);
    MatrixStyle ws;
    ws.scale = 0.05;
    const MatrixF32 w = random_matrix(70, 256, seed * 7919u + 1u, ws);
    for (const char* recipe : {"w4abf16-g64", "w3abf16-g128-asym"}) {
      SCOPED_TRACE(std::string(recipe) + " seed=" + std::to_string(seed));
      const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
      std::string first;
      EXPECT_EQ(bitwise_mismatches(run_kernel_gemm("cuda", ops), golden_gemm(ops), &first), 0) << first;
    }
  }
}

// fp8-e4m3 / fp8-e5m2 (per-row scales) on the golden-order kernel: bit-exact at K not a multiple
// of the 32-element chunk (zero padding).
TEST(CudaKernels, Fp8RecipesAreBitExactWithGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 10500;
  for (const char* recipe : {"fp8-e4m3", "fp8-e5m2"})
    for (int64_t k : {1, 37, 200, 1000})
      for (auto [m, n] : kRaggedMN) {
        const GemmCase c{recipe, m, n, k, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        expect_bit_exact(ops, golden_gemm(ops), "dispatch", [](const auto& o) { return run_kernel_gemm("cuda", o); });
      }
}

// Acceptance of issue 16: `mixsim gemm --impl cuda` runs every recipe the registry lists, each
// compared with golden (bit-exact, or within the FP16 path's tolerance), at a decode-like and a
// prefill-like ragged shape (M = 130 reaches the wgmma and cuBLAS paths).
TEST(CudaKernels, EveryKnownRecipeRunsOnCudaAndMatchesGolden) {
  MIXSIM_REQUIRE_GPU();
  uint32_t seed = 10700;
  int recipes = 0;
  for (const std::string& name : known_recipe_names()) {
    ++recipes;
    for (auto [m, n] : std::vector<std::pair<int64_t, int64_t>>{{3, 70}, {130, 129}}) {
      const GemmCase c{name, m, n, 512, seed++};
      SCOPED_TRACE(describe(c));
      const QuantizedOperands ops = make_operands(c);
      const MatrixF32 golden = golden_gemm(ops);
      MatrixF32 y;
      try {
        y = run_kernel_gemm("cuda", ops);
      } catch (const std::exception& e) {
        ADD_FAILURE() << "--impl cuda rejected or failed: " << e.what();
        continue;
      }
      EXPECT_FALSE(has_nan(y));
      if (cuda_dispatch_is_bit_exact(ops.recipe)) {
        std::string first;
        EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << first;
      } else {
        const double err = relative_frobenius_error(y, reference_gemm_f64(ops));
        EXPECT_LE(err, w4a16_path_tolerance(m, c.k)) << "rel_fro=" << err;
      }
    }
  }
  std::printf("recipes run on cuda: %d\n", recipes);
  EXPECT_GE(recipes, 100);
}

TEST(CudaKernels, CublasFp16BaselineMatchesFp64OfRoundedInputs) {
  MIXSIM_REQUIRE_GPU();
  const uint32_t seed = 9100;
  std::printf("seed=%u\n", seed);
  const QuantizedOperands ops = make_operands({"w4a16-g128", 33, 65, 640, seed});
  // Both operands as FP16 values: X already is; W dequantized (s * (q - z)) is rounded below.
  const MatrixF32& x = *ops.activations_fp16;
  const MatrixF64 w64 = [&] {
    MatrixF64 w(ops.weights->rows, ops.weights->cols);
    for (int64_t n = 0; n < w.rows(); ++n)
      for (int64_t k = 0; k < w.cols(); ++k) w(n, k) = ops.weights->dequantized(n, k);
    return w;
  }();
  MatrixF32 w(w64.rows(), w64.cols());
  for (size_t i = 0; i < w.size(); ++i) w.storage()[i] = static_cast<float>(w64.storage()[i]);
  MatrixF64 ref(x.rows(), w.rows());
  // Reference on the FP16-rounded weights cuBLAS actually sees: compare at the FP16 tolerance.
  for (int64_t m = 0; m < x.rows(); ++m)
    for (int64_t n = 0; n < w.rows(); ++n) {
      double s = 0.0;
      for (int64_t k = 0; k < x.cols(); ++k) s += static_cast<double>(x(m, k)) * w64(n, k);
      ref(m, n) = s;
    }
  const double err = relative_frobenius_error(kernels::cuda_gemm_fp16_cublas(x, w), ref);
  std::printf("  rel_fro=%.3g tol=2e-3\n", err);
  EXPECT_LE(err, 2e-3);
}

}  // namespace
}  // namespace mixsim::testing
