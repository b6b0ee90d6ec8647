// CPU kernels vs the golden models: bit-exact for integer recipes, FP32 tolerance for W4A16.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/cpu/cpu_gemm.hpp"
#include "kernels/cpu/packed_groups.hpp"
#include "kernels/cpu/portable_dots.hpp"
#include "kernels/cpu/scalar_gemm.hpp"
#include "kernels/cpu/simd_dots.hpp"
#include "kernels/gemm_dispatch.hpp"
#include "tests/kernels/kernel_test_support.hpp"

namespace mixsim::testing {
namespace {

// Ragged M and N (not multiples of 4-row blocks, SIMD widths or thread splits) and K with
// 1, 3 and 5 groups.
std::vector<GemmCase> integer_cases() {
  std::vector<GemmCase> cases;
  uint32_t seed = 1000;
  for (const char* recipe : {"w4a8-g32", "w4a8-g128", "w4a8-g64-asym", "w4a8-g128-intscale",
                             "w4a8-g32-intscale", "w4a8-g256-asym-intscale", "w8a8", "mxfp4",
                             "nvfp4"}) {
    const Recipe r = parse_recipe(recipe);
    const int64_t g = r.kind == RecipeKind::W8A8 ? 64 : r.group_size;
    for (int64_t groups : {1, 3, 5})
      for (auto [m, n] : {std::pair<int64_t, int64_t>{1, 37}, {7, 19}, {13, 66}})
        cases.push_back({recipe, m, n, g * groups, seed++});
  }
  return cases;
}

TEST(CpuKernels, ScalarPathIsBitExactWithGoldenForEveryRecipe) {
  std::vector<GemmCase> cases = integer_cases();
  for (const char* r : {"w4a16-g128", "w4a16-g32-asym"}) cases.push_back({r, 5, 21, 384, 77});
  for (const GemmCase& c : cases) {
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    const MatrixF32 golden = golden_gemm(ops);
    // The truly scalar build and the auto-vectorized build of the same loops.
    for (bool autovec : {false, true}) {
      const MatrixF32 y = autovec ? kernels::cpu_scalar_gemm_autovec(ops) : kernels::cpu_scalar_gemm(ops);
      std::string first;
      EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << "autovec=" << autovec << " " << first;
      EXPECT_FALSE(has_nan(y));
    }
  }
}

TEST(CpuKernels, SimdPathIsBitExactWithGoldenForIntegerRecipes) {
  std::printf("SIMD target: %s\n", kernels::simd_target_name());
  for (const GemmCase& c : integer_cases()) {
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    ASSERT_TRUE(kernels::cpu_simd_supports(ops));
    const MatrixF32 golden = golden_gemm(ops);
    const MatrixF32 y = kernels::cpu_gemm(ops, 2);
    std::string first;
    EXPECT_EQ(bitwise_mismatches(y, golden, &first), 0) << first;
    EXPECT_FALSE(has_nan(y));
  }
}

TEST(CpuKernels, SimdW4A16MeetsFp32Tolerance) {
  uint32_t seed = 2000;
  for (const char* recipe : {"w4a16-g32", "w4a16-g64-asym", "w4a16-g128", "w4a16-g256-asym"}) {
    const int64_t g = parse_recipe(recipe).group_size;
    for (int64_t groups : {1, 4, 9}) {
      const GemmCase c{recipe, 6, 29, g * groups, seed++};
      SCOPED_TRACE(describe(c));
      const QuantizedOperands ops = make_operands(c);
      const MatrixF32 y = kernels::cpu_gemm(ops, 2);
      const double err = relative_frobenius_error(y, reference_gemm_f64(ops));
      std::printf("  rel_fro=%.3g tol=%.3g\n", err, fp32_accumulation_tolerance(c.k));
      EXPECT_LE(err, fp32_accumulation_tolerance(c.k));  // NaN fails this comparison
    }
  }
}

TEST(CpuKernels, ResultsDoNotDependOnThreadCount) {
  for (const char* recipe : {"w4a16-g128", "w4a8-g128-intscale", "mxfp4"}) {
    const GemmCase c{recipe, 5, 67, 512, 3000};
    SCOPED_TRACE(describe(c));
    const QuantizedOperands ops = make_operands(c);
    const MatrixF32 one = kernels::cpu_gemm(ops, 1);
    for (int threads : {2, 3, 7}) {
      std::string first;
      EXPECT_EQ(bitwise_mismatches(kernels::cpu_gemm(ops, threads), one, &first), 0)
          << "threads=" << threads << " " << first;
    }
  }
}

// The INT8-activation path (vpmaddubsw) against the plain loops, on every (rows, tokens) tile,
// G = 64/128/256, group counts around the 8-group vector step of the offset term, and extreme
// operands: storage code 15 with activations -128/127 (the INT16 worst case), random otherwise.
TEST(CpuKernels, Int8ActivationDotsMatchPlainLoopsOnExtremes) {
  std::printf("SIMD target: %s, INT8 path for G=128: %s\n", kernels::simd_target_name(),
              kernels::int8_dots_available(128) ? "yes" : "no (plain loops tested)");
  uint32_t seed = 7000;
  for (int g : {64, 128, 256})
    for (int64_t groups : {1, 7, 8, 9, 19})
      for (int mode = 0; mode < 3; ++mode) {  // 0 random, 1 all max, 2 max weights / min acts
        const int64_t k = g * groups;
        std::printf("G=%d groups=%lld mode=%d seed=%u\n", g, static_cast<long long>(groups), mode, seed);
        std::mt19937 gen(seed++);
        std::uniform_int_distribution<int> byte(0, 255), act(-128, 127), off(0, 15);
        std::uniform_int_distribution<int32_t> scale(-(1 << 20), 1 << 20);
        std::vector<std::vector<uint8_t>> w(4, std::vector<uint8_t>(static_cast<size_t>(k / 2)));
        std::vector<std::vector<int8_t>> a(4, std::vector<int8_t>(static_cast<size_t>(k)));
        std::vector<std::vector<int32_t>> s(4), asum(4);
        std::vector<std::vector<uint8_t>> o(4);
        for (int i = 0; i < 4; ++i) {
          for (auto& b : w[i]) b = mode == 0 ? static_cast<uint8_t>(byte(gen)) : uint8_t{0xFF};
          for (auto& v : a[i]) v = static_cast<int8_t>(mode == 0 ? act(gen) : mode == 1 ? 127 : -128);
          for (int64_t j = 0; j < groups; ++j) {
            s[i].push_back(scale(gen));
            o[i].push_back(static_cast<uint8_t>(off(gen)));
            int32_t sum = 0;
            for (int64_t t = 0; t < g; ++t) sum += a[i][static_cast<size_t>(j * g + t)];
            asum[i].push_back(sum);
          }
        }
        const uint8_t* wp[4];
        const int8_t* ap[4];
        const int32_t* sp[4];
        const int32_t* asp[4];
        const uint8_t* op[4];
        for (int i = 0; i < 4; ++i) {
          wp[i] = w[i].data(); ap[i] = a[i].data(); sp[i] = s[i].data();
          asp[i] = asum[i].data(); op[i] = o[i].data();
        }
        for (int rows = 1; rows <= 4; ++rows)
          for (int tokens = 1; rows * tokens <= kernels::kMaxInt8Tile; ++tokens) {
            std::vector<int32_t> got(static_cast<size_t>(4 * groups)), want(got.size());
            kernels::group_sums_u4_i8(wp, g / 2, rows, ap, tokens, k, g, got.data(), groups);
            kernels::portable_group_sums_u4_i8(wp, g / 2, rows, ap, tokens, k, g, want.data(), groups);
            for (int64_t i = 0; i < rows * tokens * groups; ++i)
              ASSERT_EQ(got[static_cast<size_t>(i)], want[static_cast<size_t>(i)])
                  << "group sums rows=" << rows << " tokens=" << tokens << " i=" << i;
            int32_t tot[4] = {}, tot_want[4] = {}, tot16[4] = {};
            kernels::intscale_totals_u4_i8(wp, g / 2, sp, nullptr, op, rows, ap, asp, tokens, k, g, tot);
            // INT16 scales (the fast path): the same scales clamped into INT16's range.
            std::vector<std::vector<int16_t>> s16(4);
            std::vector<std::vector<int32_t>> s16w(4);
            const int16_t* s16p[4];
            const int32_t* s16wp[4];
            for (int i = 0; i < 4; ++i) {
              for (int32_t v : s[i]) {
                const int16_t c = static_cast<int16_t>(mode == 0 ? v % 32768 : (i % 2 ? 32767 : -32768));
                s16[i].push_back(c);
                s16w[i].push_back(c);
              }
              s16p[i] = s16[i].data();
              s16wp[i] = s16w[i].data();
            }
            int32_t tot16_want[4] = {};
            kernels::intscale_totals_u4_i8(wp, g / 2, s16wp, s16p, op, rows, ap, asp, tokens, k, g, tot16);
            kernels::portable_intscale_totals_u4_i8(wp, g / 2, s16wp, op, rows, ap, asp, tokens, k, g, tot16_want);
            for (int i = 0; i < rows * tokens; ++i)
              ASSERT_EQ(tot16[i], tot16_want[i]) << "int16 totals rows=" << rows << " tokens=" << tokens << " i=" << i;
            kernels::portable_intscale_totals_u4_i8(wp, g / 2, sp, op, rows, ap, asp, tokens, k, g, tot_want);
            for (int i = 0; i < rows * tokens; ++i)
              ASSERT_EQ(tot[i], tot_want[i]) << "totals rows=" << rows << " tokens=" << tokens << " i=" << i;
          }
      }
}

// GEMM level on the shapes the INT8 path tiles: M = 1, 2, 3, 5, 6 (4x1, 2x2 and 1x4 tiles with
// tails), N not a multiple of 4 (and N = 1), 9 and 19 groups; bit-exact with golden and
// independent of the thread count.
TEST(CpuKernels, Int8PathIsBitExactOnRaggedTiles) {
  uint32_t seed = 7100;
  for (const char* recipe : {"w4a8-g128-intscale", "w4a8-g256-asym-intscale", "w4a8-g64-asym",
                             "w4a8-g128"})
    for (int64_t m : {1, 2, 3, 5, 6})
      for (auto [n, groups] : {std::pair<int64_t, int64_t>{1, 9}, {38, 19}, {7, 2}}) {
        const GemmCase c{recipe, m, n, parse_recipe(recipe).group_size * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        if (ops.integer_scales) {
          const auto prepared = kernels::prepare_cpu_weights(ops);
          std::printf("  alpha=%d, INT16 scale path: %s\n", prepared.alpha,
                      prepared.integer_scales16.empty() ? "no" : "yes");
        }
        const MatrixF32 golden = golden_gemm(ops);
        for (int threads : {1, 2, 3}) {
          std::string first;
          EXPECT_EQ(bitwise_mismatches(kernels::cpu_gemm(ops, threads), golden, &first), 0)
              << "threads=" << threads << " " << first;
        }
      }
}

// The W4A16 tiled kernel (w4a16_tiled_dots: 4-row tiles, nibble order of simd_dots.hpp,
// prescaled activations) on its own: every (r0, rows) slice of a tile, G = 64/128/256, 1-19
// groups, operands at the extremes (storage codes 0/15 against offsets 15/0, activation outliers
// of 6e4 next to 1e-3, FP16 subnormals, mixed signs). Each output is compared with the FP64
// value of its contract: |got - exact| <= 1e-5 * sqrt(K/128) * sum_g |s| sum_k |x (u - z)|
// (FP32-accumulation tolerance of ARITHMETIC.md per output, a bound on the absolute terms);
// the portable loops are held to the same bound. A row's result must not depend on r0 / rows
// (that is what makes cpu_gemm independent of the thread split).
TEST(CpuKernels, W4A16TiledDotsMeetFp32ToleranceOnExtremes) {
  std::printf("SIMD target: %s, W4A16 tiled path for G=128: %s\n", kernels::simd_target_name(),
              kernels::w4a16_tiled_available(128) ? "yes" : "no (portable loops tested)");
  uint32_t seed = 7200;
  for (int g : {64, 128, 256})
    for (int64_t groups : {1, 3, 19})
      for (int mode = 0; mode < 8; ++mode) {  // 0 random, 1 u=15 z=0, 2 u=0 z=15, 3 outliers;
        // 4..7: the offset-8 kernel (every offset 8): 4 random codes, 5 codes 15, 6 codes 0,
        // 7 codes all 8 in rows 0/2 (weights zero: must give exactly 0) and random in rows 1/3,
        // with the activations of modes 1, 2, 3, 3.
        const bool offset8 = mode >= 4;
        const int xmode = mode == 4 ? 0 : mode == 5 ? 1 : mode == 6 ? 2 : mode == 7 ? 3 : mode;
        const int umode = offset8 ? mode - 4 : mode;
        const int64_t k = g * groups;
        std::printf("G=%d groups=%lld mode=%d seed=%u\n", g, static_cast<long long>(groups), mode, seed);
        std::mt19937 gen(seed++);
        std::uniform_int_distribution<int> code(0, 15), pick(0, 99);
        std::uniform_real_distribution<float> val(-1.0f, 1.0f);
        std::vector<int> u(static_cast<size_t>(4 * k));
        std::vector<uint8_t> z(static_cast<size_t>(4 * groups));
        std::vector<float> sc(z.size()), x(static_cast<size_t>(k)), xs(x.size());
        for (size_t i = 0; i < u.size(); ++i) {
          const int c = code(gen);
          const bool zero_row = umode == 3 && offset8 && (i / static_cast<size_t>(k)) % 2 == 0;
          u[i] = umode == 1 ? 15 : umode == 2 ? 0 : zero_row ? 8 : c;
        }
        for (auto& o : z) o = static_cast<uint8_t>(offset8 ? 8 : mode == 1 ? 0 : mode == 2 ? 15 : code(gen));
        for (auto& v : sc) v = std::ldexp(val(gen), -(pick(gen) % 12));
        for (int64_t kk = 0; kk < k; ++kk) {
          float v = val(gen);
          const int p = pick(gen);
          if (xmode == 3 && p < 3) v = p == 0 ? 65504.0f : -6.0e4f * v;
          if (xmode == 3 && p >= 3 && p < 6) v = std::ldexp(1.0f, -24) * static_cast<float>(p);  // FP16 subnormals
          if (xmode == 1 || xmode == 2) v = (kk % 2 ? -1.0f : 1.0f) * (p < 5 ? 6.0e4f : 1.0e-3f);
          x[static_cast<size_t>(kk)] = v;
          xs[static_cast<size_t>(kk)] = v * kernels::w4a16_prescale(kk % g);
        }
        // Tile bytes in the kernel's nibble order: group gg of row r at (gg * 4 + r) * G/2.
        std::vector<uint8_t> tile(static_cast<size_t>(2 * k), 0);
        for (int r = 0; r < 4; ++r)
          for (int64_t kk = 0; kk < k; ++kk) {
            int64_t byte = 0;
            int shift = 0;
            kernels::w4a16_tiled_index(kk % g, byte, shift);
            tile[static_cast<size_t>(((kk / g) * 4 + r) * (g / 2) + byte)] |=
                static_cast<uint8_t>(u[static_cast<size_t>(r * k + kk)] << shift);
          }
        double exact[4], bound[4];
        for (int r = 0; r < 4; ++r) {
          exact[r] = bound[r] = 0.0;
          for (int64_t gg = 0; gg < groups; ++gg) {
            double p = 0.0, a = 0.0;
            const int zz = z[static_cast<size_t>(gg * 4 + r)];
            for (int64_t kk = gg * g; kk < (gg + 1) * g; ++kk) {
              const double t = static_cast<double>(x[static_cast<size_t>(kk)]) * (u[static_cast<size_t>(r * k + kk)] - zz);
              p += t;
              a += std::fabs(t);
            }
            exact[r] += static_cast<double>(sc[static_cast<size_t>(gg * 4 + r)]) * p;
            bound[r] += std::fabs(sc[static_cast<size_t>(gg * 4 + r)]) * a;
          }
        }
        const double tol = fp32_accumulation_tolerance(k);
        std::vector<float> lane_sums(static_cast<size_t>(groups * 8));
        kernels::w4a16_lane_sums(x.data(), k, g, lane_sums.data());
        const float* sums8 = offset8 ? lane_sums.data() : nullptr;
        float whole[4] = {};
        kernels::w4a16_tiled_dots(tile.data(), sc.data(), z.data(), 0, 4, xs.data(), sums8, k, g, whole);
        for (int r0 = 0; r0 < 4; ++r0)
          for (int rows = 1; r0 + rows <= 4; ++rows) {
            float got[4] = {}, plain[4] = {};
            kernels::w4a16_tiled_dots(tile.data(), sc.data(), z.data(), r0, rows, xs.data(), sums8, k, g, got);
            kernels::portable_w4a16_tiled_dots(tile.data(), sc.data(), z.data(), r0, rows, xs.data(), sums8, k, g, plain);
            for (int r = 0; r < rows; ++r) {
              const int row = r0 + r;
              ASSERT_EQ(std::bit_cast<uint32_t>(got[r]), std::bit_cast<uint32_t>(whole[row]))
                  << "row " << row << " differs with r0=" << r0 << " rows=" << rows;
              if (offset8 && umode == 3 && row % 2 == 0) {
                ASSERT_EQ(got[r], 0.0f) << "all-zero weights, offset-8 kernel, row " << row;
              }
              EXPECT_LE(std::fabs(got[r] - exact[row]), tol * bound[row] + 1e-30)
                  << "simd row " << row << " got " << got[r] << " exact " << exact[row];
              EXPECT_LE(std::fabs(plain[r] - exact[row]), tol * bound[row] + 1e-30)
                  << "portable row " << row << " got " << plain[r] << " exact " << exact[row];
            }
          }
      }
}

// GEMM level on ragged shapes of the W4A16 tiled path: M = 1, 2, 5 (one pass per token), N = 1,
// 7, 38 (partial 4-row tiles and thread splits inside a tile), 1 / 9 / 19 groups; FP32 tolerance
// vs FP64 of the same quantized operands, and bit-identical on 1, 2 and 3 threads.
TEST(CpuKernels, W4A16TiledPathOnRaggedShapes) {
  uint32_t seed = 7300;
  for (const char* recipe : {"w4a16-g128", "w4a16-g64-asym", "w4a16-g256-asym", "w4a16-g128-asym"})
    for (int64_t m : {1, 2, 5})
      for (auto [n, groups] : {std::pair<int64_t, int64_t>{1, 9}, {38, 19}, {7, 1}}) {
        const GemmCase c{recipe, m, n, parse_recipe(recipe).group_size * groups, seed++};
        SCOPED_TRACE(describe(c));
        const QuantizedOperands ops = make_operands(c);
        const auto prepared = kernels::prepare_cpu_weights(ops);
        if (m == 1 && n == 1)
          std::printf("  tiled path: %s, offset-8 kernel: %s\n", prepared.tiled_scales.empty() ? "no" : "yes",
                      prepared.tiled_offset8 ? "yes" : "no");
        const MatrixF32 one = kernels::cpu_gemm(ops, 1);
        const double err = relative_frobenius_error(one, reference_gemm_f64(ops));
        EXPECT_LE(err, fp32_accumulation_tolerance(c.k)) << "rel_fro=" << err;
        EXPECT_FALSE(has_nan(one));
        for (int threads : {2, 3}) {
          std::string first;
          EXPECT_EQ(bitwise_mismatches(kernels::cpu_gemm(ops, threads), one, &first), 0)
              << "threads=" << threads << " " << first;
        }
      }
}

TEST(CpuKernels, PackedNibblesRoundTrip) {
  const GemmCase c{"w4a8-g64-asym", 1, 9, 192, 4000};
  const QuantizedOperands ops = make_operands(c);
  const QuantizedMatrix& w = *ops.weights;
  const kernels::GroupPackedInt4 p = kernels::pack_int4_groups(w);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k) {
      const int offset = p.offsets[static_cast<size_t>(n * w.groups() + k / w.group_size)];
      ASSERT_EQ(kernels::packed_nibble(p, n, k) - offset, w.centered(n, k)) << n << "," << k;
    }
}

TEST(CpuKernels, DenseFp32BaselineMeetsFp32Tolerance) {
  const uint32_t seed = 5000;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = random_matrix(9, 1000, seed);
  const MatrixF32 w = random_matrix(33, 1000, seed + 1);
  const MatrixF32 y = kernels::cpu_dense_gemm_f32(x, w, 2);
  MatrixF64 ref(9, 33);
  for (int64_t m = 0; m < 9; ++m)
    for (int64_t n = 0; n < 33; ++n) {
      double s = 0.0;
      for (int64_t k = 0; k < 1000; ++k) s += static_cast<double>(x(m, k)) * w(n, k);
      ref(m, n) = s;
    }
  EXPECT_LE(relative_frobenius_error(y, ref), fp32_accumulation_tolerance(1000));
  EXPECT_THROW(kernels::cpu_dense_gemm_f32(x, random_matrix(3, 999, seed), 1),
               std::invalid_argument);
}

TEST(KernelDispatch, RunsCpuImplementationsAndRejectsUnknownOnes) {
  const GemmCase c{"w4a8-g128-intscale", 3, 17, 256, 6000};
  const QuantizedOperands ops = make_operands(c);
  const MatrixF32 golden = golden_gemm(ops);
  for (const char* impl : {"cpu", "cpu-scalar"}) {
    std::string first;
    EXPECT_EQ(bitwise_mismatches(run_kernel_gemm(impl, ops), golden, &first), 0) << impl << first;
  }
  try {
    run_kernel_gemm("tpu", ops);
    FAIL() << "unknown implementation accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: cpu, cpu-scalar, cuda"), std::string::npos)
        << e.what();
  }
}

// Issue 16: every implementation accepts every integer and FP4 recipe kind; cuda also FP8.
TEST(KernelDispatch, EveryImplementationListsEveryRecipe) {
  for (const KernelSupport& k : supported_kernels()) {
    SCOPED_TRACE(k.impl);
    EXPECT_EQ(k.recipes.size(), k.impl == "cuda" ? 7u : 6u);
  }
}

// Without a GPU, BF16-activation and FP8 recipes pass the cuda support check and fail only for
// want of a device (the cuda kernels exist for them).
TEST(KernelDispatch, CudaAcceptsFloatActivationAndFp8Recipes) {
  if (cuda_device_available()) GTEST_SKIP() << "a CUDA device is present; covered by CudaKernels";
  for (const char* recipe : {"w4abf16-g128", "w3afp8-g64-asym", "fp8-e5m2"}) {
    const QuantizedOperands ops = make_operands({recipe, 2, 3, 128, 6300});
    try {
      run_kernel_gemm("cuda", ops);
      FAIL() << recipe << ": cuda ran without a device";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find("needs a CUDA GPU"), std::string::npos) << recipe << ": " << e.what();
    }
  }
}

TEST(KernelDispatch, CudaWithoutDeviceGivesAClearError) {
  if (cuda_device_available()) GTEST_SKIP() << "a CUDA device is present; covered by CudaKernels";
  const QuantizedOperands ops = make_operands({"w4a16-g128", 1, 16, 128, 6200});
  try {
    run_kernel_gemm("cuda", ops);
    FAIL() << "cuda ran without a device";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("needs a CUDA GPU"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::testing
