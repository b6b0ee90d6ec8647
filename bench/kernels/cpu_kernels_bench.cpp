// CPU kernel benchmarks (Google Benchmark): optimized vs scalar kernels per recipe on LLaMA
// layer shapes, the FP32 dense baseline, and a STREAM-like read/copy bandwidth measurement that
// gives the memory-bound floor at M = 1. Counters: GOPS (2*M*N*K per second), GOPS per core,
// GB/s on the bytes the kernel must read (packed weights + scales + activations).
// Rates are per CPU-second of the whole process (MeasureProcessCPUTime, worker threads
// included), i.e. per core: the 2-core machine is shared, so wall time mostly measures other
// people's jobs; "Time" (wall) is printed beside "CPU" for reference.
// BM_CpuGemm rotates the prepared weights over copies larger than the L3 (kRotationBytes).
// Run: build-kernels/bench/kernels/mixsim_cpu_kernels_bench --benchmark_out=cpu.json
//        --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kernels/cpu/cpu_gemm.hpp"
#include "kernels/cpu/parallel_for.hpp"
#include "kernels/cpu/scalar_gemm.hpp"
#include "kernels/cpu/simd_dots.hpp"
#include "models/recipe.hpp"

namespace {

using mixsim::MatrixF32;
using mixsim::QuantizedOperands;

constexpr int kThreads = 2;

MatrixF32 random_matrix(int64_t rows, int64_t cols, uint32_t seed, float outlier_gain) {
  std::mt19937 gen(seed);
  std::student_t_distribution<float> heavy(4.0f);
  MatrixF32 m(rows, cols);
  for (auto& v : m.storage()) v = heavy(gen);
  for (int64_t r = 0; r < rows; ++r) m(r, 7 % cols) *= outlier_gain;  // an outlier channel
  return m;
}

// Operands are expensive to quantize at LLaMA sizes: build each (recipe, shape) once.
const QuantizedOperands& operands(const std::string& recipe, int64_t m, int64_t n, int64_t k) {
  static std::map<std::string, std::unique_ptr<QuantizedOperands>> cache;
  const std::string key = recipe + "/" + std::to_string(m) + "/" + std::to_string(n) + "/" +
                          std::to_string(k);
  auto& slot = cache[key];
  if (!slot)
    slot = std::make_unique<QuantizedOperands>(mixsim::quantize_operands(
        mixsim::parse_recipe(recipe), random_matrix(m, k, 1, 30.0f),
        random_matrix(n, k, 2, 1.0f)));
  return *slot;
}

// Bytes of W in its storage format. Integer scale: what the INT8 kernel reads per group, an INT32
// integer scale + a 1-byte offset (zero point, or 8 for symmetric codes); the other 4-bit recipes:
// one FP16 scale per group (their kernels read FP32 scales and INT32 offsets, more than this).
double weight_bytes(const std::string& recipe, int64_t n, int64_t k) {
  if (recipe == "w8a8") return 1.0 * n * k + 4.0 * n;
  if (recipe == "mxfp4") return 0.5 * n * k + n * k / 32.0;
  if (recipe == "w4a8-g128-intscale") return 0.5 * n * k + 5.0 * n * k / 128.0;
  return 0.5 * n * k + 2.0 * n * k / 128.0;  // 4-bit codes + FP16 scales
}

// The weights are rotated over copies that together exceed 96 MB (3x the 32 MB L3 of the Zen 3
// machine), so every GEMM reads its weights from DRAM as a decode step would.
constexpr double kRotationBytes = 96e6;

void set_counters(benchmark::State& state, int64_t m, int64_t n, int64_t k, double bytes,
                  int threads) {
  const double ops = 2.0 * m * n * k * static_cast<double>(state.iterations());
  (void)threads;
  state.counters["GOPS_per_core"] = benchmark::Counter(ops / 1e9, benchmark::Counter::kIsRate);
  state.counters["GBps_per_core"] = benchmark::Counter(
      bytes * static_cast<double>(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
}

void BM_CpuGemm(benchmark::State& state, std::string recipe) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const QuantizedOperands& ops = operands(recipe, m, n, k);
  const auto prepared = mixsim::kernels::prepare_cpu_weights(ops);
  const size_t copies = static_cast<size_t>(std::max(1.0, std::ceil(kRotationBytes / weight_bytes(recipe, n, k))));
  const std::vector<mixsim::kernels::CpuPreparedWeights> rotation(copies, prepared);
  size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(mixsim::kernels::cpu_gemm_prepared(rotation[next], ops, kThreads));
    next = next + 1 == copies ? 0 : next + 1;
  }
  state.SetLabel(std::string("simd=") + mixsim::kernels::simd_target_name() +
                 " rotation=" + std::to_string(copies) +
                 (prepared.integer_scales.empty() ? ""
                  : prepared.integer_scales16.empty() ? " int_scales=int32"
                                                      : " int_scales=int16"));
  set_counters(state, m, n, k, weight_bytes(recipe, n, k) + 2.0 * m * k, kThreads);
}

void BM_ScalarGemm(benchmark::State& state, std::string recipe) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const QuantizedOperands& ops = operands(recipe, m, n, k);
  for (auto _ : state) benchmark::DoNotOptimize(mixsim::kernels::cpu_scalar_gemm(ops));
  set_counters(state, m, n, k, weight_bytes(recipe, n, k) + 2.0 * m * k, 1);
}

// The same loops as BM_ScalarGemm, compiled with -O3 auto-vectorization.
void BM_ScalarAutovecGemm(benchmark::State& state, std::string recipe) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const QuantizedOperands& ops = operands(recipe, m, n, k);
  for (auto _ : state) benchmark::DoNotOptimize(mixsim::kernels::cpu_scalar_gemm_autovec(ops));
  set_counters(state, m, n, k, weight_bytes(recipe, n, k) + 2.0 * m * k, 1);
}

void BM_DenseF32(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const MatrixF32 x = random_matrix(m, k, 3, 1.0f), w = random_matrix(n, k, 4, 1.0f);
  for (auto _ : state) benchmark::DoNotOptimize(mixsim::kernels::cpu_dense_gemm_f32(x, w, kThreads));
  set_counters(state, m, n, k, 4.0 * n * k + 4.0 * m * k, kThreads);
}

// Read bandwidth: kThreads threads each summing its part of a 1 GiB array (the M = 1 GEMV
// floor: a GEMV must read every weight byte once).
void BM_StreamRead(benchmark::State& state) {
  const size_t count = (size_t{1} << 30) / sizeof(uint64_t);
  std::vector<uint64_t> data(count);
  std::iota(data.begin(), data.end(), uint64_t{1});
  for (auto _ : state) {
    std::vector<uint64_t> partial(kThreads, 0);
    mixsim::kernels::parallel_for(kThreads, kThreads, [&](int64_t b, int64_t e) {
      for (int64_t t = b; t < e; ++t) {
        uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        const size_t lo = count * t / kThreads, hi = count * (t + 1) / kThreads;
        for (size_t i = lo; i + 4 <= hi; i += 4) {
          s0 += data[i];
          s1 += data[i + 1];
          s2 += data[i + 2];
          s3 += data[i + 3];
        }
        partial[static_cast<size_t>(t)] = s0 + s1 + s2 + s3;
      }
    });
    benchmark::DoNotOptimize(partial);
  }
  state.counters["GBps_per_core"] = benchmark::Counter(
      static_cast<double>(count * sizeof(uint64_t)) * static_cast<double>(state.iterations()) / 1e9,
      benchmark::Counter::kIsRate);
}

// Copy bandwidth (read + write counted), for comparison with the GPU's D2D copy figure.
void BM_StreamCopy(benchmark::State& state) {
  const size_t count = (size_t{1} << 29) / sizeof(uint64_t);
  std::vector<uint64_t> a(count, 1), b(count, 0);
  for (auto _ : state) {
    mixsim::kernels::parallel_for(kThreads, kThreads, [&](int64_t bb, int64_t e) {
      for (int64_t t = bb; t < e; ++t) {
        const size_t lo = count * t / kThreads, hi = count * (t + 1) / kThreads;
        std::copy(a.begin() + lo, a.begin() + hi, b.begin() + lo);
      }
    });
    benchmark::DoNotOptimize(b.data());
  }
  state.counters["GBps_per_core"] = benchmark::Counter(
      2.0 * count * sizeof(uint64_t) * static_cast<double>(state.iterations()) / 1e9,
      benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_StreamRead)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_StreamCopy)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
// M = 1 (decode) on LLaMA-2-7B / LLaMA-3-8B layers, M = 16 on the square one.
#define MIXSIM_SHAPES                                                                    \
  Args({1, 4096, 4096})->Args({1, 11008, 4096})->Args({1, 4096, 11008})                  \
      ->Args({1, 4096, 14336})->Args({16, 4096, 4096})->Unit(benchmark::kMillisecond)     \
      ->MeasureProcessCPUTime()
BENCHMARK_CAPTURE(BM_CpuGemm, w4a8_g128_intscale, std::string("w4a8-g128-intscale"))->MIXSIM_SHAPES;
BENCHMARK_CAPTURE(BM_CpuGemm, w4a8_g128, std::string("w4a8-g128"))->MIXSIM_SHAPES;
BENCHMARK_CAPTURE(BM_CpuGemm, w4a16_g128, std::string("w4a16-g128"))->MIXSIM_SHAPES;
BENCHMARK_CAPTURE(BM_CpuGemm, w8a8, std::string("w8a8"))->MIXSIM_SHAPES;
BENCHMARK_CAPTURE(BM_CpuGemm, mxfp4, std::string("mxfp4"))->MIXSIM_SHAPES;
BENCHMARK(BM_DenseF32)->MIXSIM_SHAPES;
// The scalar reference is slow: decode shapes only.
BENCHMARK_CAPTURE(BM_ScalarGemm, w4a8_g128_intscale, std::string("w4a8-g128-intscale"))
    ->Args({1, 4096, 4096})->Args({1, 4096, 14336})->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_ScalarAutovecGemm, w4a8_g128_intscale, std::string("w4a8-g128-intscale"))
    ->Args({1, 4096, 4096})->Args({1, 4096, 14336})->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_ScalarGemm, w4a16_g128, std::string("w4a16-g128"))
    ->Args({1, 4096, 4096})->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

BENCHMARK_MAIN();
