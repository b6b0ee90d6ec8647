// GPU kernel benchmark: W4A16 (fused INT4 MMA kernel, or FP16 dequantize + cuBLAS for M > 64),
// W4A8 integer scale (INT8 mma.sync / wgmma), W4A8 float scale and W8A8 (wgmma, M >= 128),
// MXFP4 and the generic CUDA-core W8A8 kernel (first shape only), cuBLAS FP16 baseline, and a
// device-to-device copy for the bandwidth roofline, on LLaMA-2-7B / LLaMA-3-8B layer shapes at
// M = 1 .. 4096.
// Method: random non-zero data; weight buffers rotated so that all copies together exceed the
// L2 cache (> 100 MB); 10 warm-up runs; 60 timed runs, each between its own pair of CUDA events,
// enqueued behind a spin kernel so that launch overhead never shows; the median is reported.
// Usage: mixsim_gpu_kernels_bench [--out FILE.json] [--quick] [--only NxKxM]
//                                 [--m M1,M2,...] [--decode-step FILE.json [--decode-batches 1,16]]
//                                 [--wgmma-ab ROUNDS]
//   (--quick: one shape, M = 1, 16; --only: that one shape and M, e.g. under Nsight Compute;
//    --decode-step: only the LLaMA-2-7B decode-step benchmark of gpu_decode_step.cu, written to
//    FILE.json as {"schema":"mixsim-gpu-decode-step/1","steps":[...]} plus one single-batch
//    document per batch, FILE_b<batch>.json)
#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/kernels/gpu_bench_report.hpp"
#include "bench/kernels/gpu_decode_step.hpp"
#include "kernels/cuda/cublas_fp16_gemm.cuh"
#include "kernels/cuda/cuda_gemm.hpp"
#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/int8_group_gemm.cuh"
#include "kernels/cuda/w4a16_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_wgmma.cuh"
#include "kernels/cuda/w8a8_cublaslt_gemm.cuh"
#include "kernels/cuda/w8a8_wgmma_gemm.cuh"

using namespace mixsim::kernels;

namespace {

constexpr int kWarmup = 10;
constexpr int kTimed = 60;
constexpr double kRotateBytes = 120e6;  // > 50 MB L2 of the H100 (60 MB on H200)

__device__ uint32_t hash32(uint64_t i, uint32_t seed) {
  uint64_t z = i * 0x9E3779B97F4A7C15ull + seed;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<uint32_t>(z ^ (z >> 31));
}
__global__ void fill_u32(uint32_t* p, int64_t n, uint32_t seed) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x)
    p[i] = hash32(i, seed);
}
// FP16 uniform in +-[lo, hi] (never zero).
__global__ void fill_half(__half* p, int64_t n, uint32_t seed, float lo, float hi, bool signed_) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x) {
    const uint32_t h = hash32(i, seed);
    float v = lo + (hi - lo) * static_cast<float>(h >> 8) * (1.0f / 16777216.0f);
    if (signed_ && (h & 1)) v = -v;
    p[i] = __float2half(v);
  }
}
__global__ void fill_i8(int8_t* p, int64_t n, uint32_t seed) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x) {
    const int v = static_cast<int>(hash32(i, seed) % 127) + 1;  // 1..127
    p[i] = static_cast<int8_t>((hash32(i, seed + 1) & 1) ? v : -v);
  }
}
__global__ void fill_i32(int32_t* p, int64_t n, uint32_t seed, int32_t lo, int32_t hi) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x)
    p[i] = lo + static_cast<int32_t>(hash32(i, seed) % static_cast<uint32_t>(hi - lo + 1));
}
__global__ void fill_f32(float* p, int64_t n, float v) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x)
    p[i] = v;
}
// Read-only roofline at a given size: every byte read once with 16-byte loads, 4 in flight per
// thread, one value written per thread (so the reads cannot be optimized away).
__global__ void stream_read(const uint4* __restrict__ p, int64_t n16, uint32_t* out) {
  uint32_t acc = 0;
  const int64_t stride = int64_t{gridDim.x} * blockDim.x;
  int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x;
  for (; i + 3 * stride < n16; i += 4 * stride) {
    const uint4 a = __ldg(p + i), b = __ldg(p + i + stride), c = __ldg(p + i + 2 * stride),
                d = __ldg(p + i + 3 * stride);
    acc ^= a.x ^ a.w ^ b.y ^ b.z ^ c.x ^ c.w ^ d.y ^ d.z;
  }
  for (; i < n16; i += stride) acc ^= __ldg(p + i).x;
  if (acc == 0x12345678u) out[0] = acc;  // practically never; keeps the loads live
}

__global__ void spin(int64_t cycles) {
  const int64_t start = clock64();
  while (clock64() - start < cycles) {
  }
}

constexpr dim3 kFillGrid(1024), kFillBlock(256);


using Result = mixsim::bench::GpuBenchResult;

// Median of kTimed runs of fn(run_index) in microseconds.
template <typename Fn>
double time_median_us(Fn&& fn, cudaStream_t stream) {
  for (int i = 0; i < kWarmup; ++i) fn(i);
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<cudaEvent_t> ev(2 * kTimed);
  for (auto& e : ev) MIXSIM_CUDA_CHECK(cudaEventCreate(&e));
  spin<<<1, 1, 0, stream>>>(20'000'000);  // ~10 ms: the host enqueues everything behind it
  MIXSIM_CUDA_CHECK_LAUNCH();
  for (int i = 0; i < kTimed; ++i) {
    MIXSIM_CUDA_CHECK(cudaEventRecord(ev[2 * i], stream));
    fn(i);
    MIXSIM_CUDA_CHECK(cudaEventRecord(ev[2 * i + 1], stream));
  }
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<float> ms(kTimed);
  for (int i = 0; i < kTimed; ++i)
    MIXSIM_CUDA_CHECK(cudaEventElapsedTime(&ms[i], ev[2 * i], ev[2 * i + 1]));
  for (auto& e : ev) cudaEventDestroy(e);
  std::sort(ms.begin(), ms.end());
  return 1000.0 * 0.5 * (ms[kTimed / 2 - 1] + ms[kTimed / 2]);
}

// A decode step runs its GEMVs back to back. This captures kSequence calls fn(0..kSequence-1)
// (rotating weights) in one CUDA graph and returns the median time of one graph replay divided
// by kSequence, in microseconds: the per-GEMV time with no host launch gaps, and with the
// overlap of consecutive kernels that programmatic dependent launch allows, where fn uses it.
// Returns a negative value if the calls cannot be captured (the reason is printed).
constexpr int kSequence = 32;
constexpr int kSequenceReplays = 25;
template <typename Fn>
double time_sequence_us(Fn&& fn, cudaStream_t stream) {
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t exec = nullptr;
  try {
    MIXSIM_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    for (int i = 0; i < kSequence; ++i) fn(i);
  } catch (const std::exception& e) {
    cudaStreamEndCapture(stream, &graph);
    if (graph) cudaGraphDestroy(graph);
    cudaGetLastError();
    std::printf("    (sequence not captured: %s)\n", e.what());
    return -1.0;
  }
  MIXSIM_CUDA_CHECK(cudaStreamEndCapture(stream, &graph));
  MIXSIM_CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  for (int i = 0; i < 3; ++i) MIXSIM_CUDA_CHECK(cudaGraphLaunch(exec, stream));
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<cudaEvent_t> ev(2 * kSequenceReplays);
  for (auto& e : ev) MIXSIM_CUDA_CHECK(cudaEventCreate(&e));
  spin<<<1, 1, 0, stream>>>(20'000'000);
  MIXSIM_CUDA_CHECK_LAUNCH();
  for (int i = 0; i < kSequenceReplays; ++i) {
    MIXSIM_CUDA_CHECK(cudaEventRecord(ev[2 * i], stream));
    MIXSIM_CUDA_CHECK(cudaGraphLaunch(exec, stream));
    MIXSIM_CUDA_CHECK(cudaEventRecord(ev[2 * i + 1], stream));
  }
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<float> ms(kSequenceReplays);
  for (int i = 0; i < kSequenceReplays; ++i)
    MIXSIM_CUDA_CHECK(cudaEventElapsedTime(&ms[i], ev[2 * i], ev[2 * i + 1]));
  for (auto& e : ev) cudaEventDestroy(e);
  cudaGraphExecDestroy(exec);
  cudaGraphDestroy(graph);
  std::sort(ms.begin(), ms.end());
  return 1000.0 * ms[kSequenceReplays / 2] / kSequence;
}

int copies_for(double bytes) {
  return std::clamp(static_cast<int>(kRotateBytes / bytes) + 1, 2, 64);
}

Result make_result(std::string kernel, int64_t m, int64_t n, int64_t k, double us, double bytes) {
  return {std::move(kernel), m, n, k, us, bytes, bytes / (us * 1e-6) / 1e9,
          2.0 * m * n * k / (us * 1e-6) / 1e12};
}

double measure_copy_gbps(cudaStream_t stream) {
  const size_t bytes = size_t{1} << 30;
  DeviceBuffer<uint32_t> a(bytes / 4), b(bytes / 4);
  fill_u32<<<kFillGrid, kFillBlock, 0, stream>>>(a.get(), static_cast<int64_t>(a.size()), 1);
  MIXSIM_CUDA_CHECK_LAUNCH();
  const double us = time_median_us(
      [&](int) {
        MIXSIM_CUDA_CHECK(cudaMemcpyAsync(b.get(), a.get(), bytes, cudaMemcpyDeviceToDevice, stream));
      },
      stream);
  return 2.0 * bytes / (us * 1e-6) / 1e9;  // bytes read + bytes written
}

struct Shape {
  const char* model;
  const char* layer;
  int64_t n, k;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string out_path = "gpu_kernels_bench.json";
    bool quick = false;
    int64_t only_n = 0, only_k = 0, only_m = 0;  // --only: one shape and M (for the profiler)
    std::string decode_path;
    std::vector<int64_t> only_ms;  // --m: restrict the M list
    std::vector<int64_t> decode_batches = {1, 16};
    // --wgmma-ab R: per shape and M (M >= 128), only cuBLAS FP16 and the W4A8 wgmma variants 4, 7,
    // 9 and 11, timed round-robin R times (each time a median of 60 runs); rows
    // "w4a8_g128_intscale_wgmma_v<V>_ab" hold the median over the rounds (run 18: the same kernel
    // timed at two places of the full benchmark differed by up to 8% at M = 4096).
    int ab_rounds = 0;
    // --w4a8-lever R: as --wgmma-ab, with variants 12 and 13 (13 = 12 with the chunks of a group
    // pipelined: no wgmma drain before a chunk that does not end its group) at G = 128 and 256,
    // each with the split-K scratch (the dispatched configuration).
    bool lever_ab = false;
    // --lever-variants LIST: the variants --w4a8-lever times (default 12,13).
    std::vector<int> lever_variants = {12, 13};
    for (int i = 1; i < argc; ++i) {
      if (!std::strcmp(argv[i], "--out") && i + 1 < argc) out_path = argv[++i];
      else if (!std::strcmp(argv[i], "--decode-step") && i + 1 < argc) decode_path = argv[++i];
      else if (!std::strcmp(argv[i], "--m") && i + 1 < argc) {  // only these M (all shapes)
        std::string list = argv[++i];
        for (size_t pos = 0; pos <= list.size();) {
          const size_t comma = std::min(list.find(',', pos), list.size());
          const long long v = std::atoll(list.substr(pos, comma - pos).c_str());
          if (v <= 0) throw std::invalid_argument("--m wants a list of positive M, got '" + list + "'");
          only_ms.push_back(v);
          pos = comma + 1;
        }
      }
      else if (!std::strcmp(argv[i], "--decode-batches") && i + 1 < argc) {
        decode_batches.clear();
        std::string list = argv[++i];
        for (size_t pos = 0; pos <= list.size();) {
          const size_t comma = std::min(list.find(',', pos), list.size());
          const long long b = std::atoll(list.substr(pos, comma - pos).c_str());
          if (b <= 0 || b > 64) throw std::invalid_argument("--decode-batches wants 1..64, got '" + list + "'");
          decode_batches.push_back(b);
          pos = comma + 1;
        }
      }
      else if (!std::strcmp(argv[i], "--lever-variants") && i + 1 < argc) {
        lever_variants.clear();
        std::string list = argv[++i];
        for (size_t pos = 0; pos <= list.size();) {
          const size_t comma = std::min(list.find(',', pos), list.size());
          const int v = std::atoi(list.substr(pos, comma - pos).c_str());
          if (v < 0 || v >= kW4A8WgmmaVariantCount)
            throw std::invalid_argument("--lever-variants wants W4A8 wgmma variants, got '" + list + "'");
          lever_variants.push_back(v);
          pos = comma + 1;
        }
      }
      else if (!std::strcmp(argv[i], "--quick")) quick = true;
      else if (!std::strcmp(argv[i], "--wgmma-ab") && i + 1 < argc) ab_rounds = std::max(1, std::atoi(argv[++i]));
      else if (!std::strcmp(argv[i], "--w4a8-lever") && i + 1 < argc) {
        ab_rounds = std::max(1, std::atoi(argv[++i]));
        lever_ab = true;
      }
      else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
        long long n = 0, k = 0, m = 0;
        if (std::sscanf(argv[++i], "%lldx%lldx%lld", &n, &k, &m) != 3 || n <= 0 || k <= 0 || m <= 0)
          throw std::invalid_argument(std::string("--only wants NxKxM, got '") + argv[i] + "'");
        only_n = n, only_k = k, only_m = m;
      } else throw std::invalid_argument(std::string("unknown argument '") + argv[i] +
                                       "'; usage: [--out FILE.json] [--quick] [--only NxKxM] [--wgmma-ab R] [--w4a8-lever R] "
                                       "[--lever-variants 12,14] [--decode-step FILE.json [--decode-batches 1,16]]");
    }
    if (!decode_path.empty()) {
      const std::vector<mixsim::bench::DecodeStep> steps = mixsim::bench::run_decode_step_bench(decode_batches);
      mixsim::bench::write_decode_steps_json(steps, decode_path);
      std::string stem = decode_path;
      if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0) stem.resize(stem.size() - 5);
      for (const auto& st : steps)
        mixsim::bench::write_decode_step_json(st, stem + "_b" + std::to_string(st.batch) + ".json");
      std::printf("wrote %s (and %s_b<batch>.json)\n", decode_path.c_str(), stem.c_str());
      return 0;
    }
    cudaDeviceProp prop{};
    MIXSIM_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
    cudaStream_t stream;
    MIXSIM_CUDA_CHECK(cudaStreamCreate(&stream));
    cublasHandle_t handle;
    MIXSIM_CUBLAS_CHECK(cublasCreate(&handle));

    const double copy_gbps = measure_copy_gbps(stream);
    std::printf("device %s, %d SMs, L2 %d MB; D2D copy %.0f GB/s (read+write)\n", prop.name,
                prop.multiProcessorCount, prop.l2CacheSize >> 20, copy_gbps);
    std::vector<Result> results;
    results.push_back({"d2d_copy", 0, 0, 0, 0.0, 2.0 * (1 << 30), copy_gbps, 0.0});

    std::vector<Shape> shapes = {
        {"llama2-7b,llama3-8b", "q/o proj", 4096, 4096}, {"llama2-7b", "gate/up", 11008, 4096},
        {"llama2-7b", "down", 4096, 11008},            {"llama3-8b", "gate/up", 14336, 4096},
        {"llama3-8b", "down", 4096, 14336},            {"llama3-8b", "k/v proj", 1024, 4096}};
    std::vector<int64_t> ms = {1, 16, 128, 256, 512, 1024, 2048, 4096};
    if (quick) {  // LLaMA-3-8B down projection, decode only (used under the profiler)
      shapes = {{"llama3-8b", "down", 4096, 14336}};
      ms = {1, 16};
    }
    if (only_n > 0) {
      shapes = {{"custom", "--only", only_n, only_k}};
      ms = {only_m};
    }
    if (!only_ms.empty()) ms = only_ms;
    const int group = 128;
    for (const Shape& sh : shapes) {
      const int64_t n = sh.n, k = sh.k;
      const int64_t m_max = ms.back();
      // Activations (shared by all runs): FP16 and INT8, plus per-token output scales.
      DeviceBuffer<__half> x16(static_cast<size_t>(m_max * k));
      DeviceBuffer<int8_t> x8(static_cast<size_t>(m_max * k));
      DeviceBuffer<float> out_scale(static_cast<size_t>(m_max));
      DeviceBuffer<float> y(static_cast<size_t>(m_max * n));
      DeviceBuffer<__half> y16(static_cast<size_t>(m_max * n));
      DeviceBuffer<int32_t> split_totals(static_cast<size_t>(m_max * n));
      // The wgmma kernel's split-K scratch: zero once, left zero by every launch of variant 6
      // (not shared with the other users of split_totals).
      const W4A8Shape s8_split = w4a8_shape(n, k, 128, false);
      DeviceBuffer<int32_t> wgmma_split(std::vector<int32_t>(
          static_cast<size_t>(w4a8_wgmma_split_scratch_words(s8_split, m_max)), 0));
      fill_half<<<kFillGrid, kFillBlock, 0, stream>>>(x16.get(), m_max * k, 11, 0.05f, 1.0f, true);
      fill_i8<<<kFillGrid, kFillBlock, 0, stream>>>(x8.get(), m_max * k, 12);
      fill_f32<<<kFillGrid, kFillBlock, 0, stream>>>(out_scale.get(), m_max, 1e-3f);
      MIXSIM_CUDA_CHECK_LAUNCH();

      // FP16 weights for cuBLAS, rotated.
      const double w16_bytes = 2.0 * n * k;
      std::vector<DeviceBuffer<__half>> w16;
      for (int c = 0; c < copies_for(w16_bytes); ++c) {
        w16.emplace_back(static_cast<size_t>(n * k));
        fill_half<<<kFillGrid, kFillBlock, 0, stream>>>(w16.back().get(), n * k, 100 + c, 0.001f, 0.05f, true);
      }
      // W4A16 packed weights + FP16 scales, rotated.
      const W4A16Shape s16 = w4a16_shape(n, k, group, false);
      const double w4_bytes = 0.5 * s16.n_pad * s16.k_pad + 2.0 * s16.scale_count();
      std::vector<DeviceBuffer<uint32_t>> w4_words;
      std::vector<DeviceBuffer<__half>> w4_scales;
      for (int c = 0; c < copies_for(w4_bytes); ++c) {
        w4_words.emplace_back(static_cast<size_t>(s16.packed_words()));
        w4_scales.emplace_back(static_cast<size_t>(s16.scale_count()));
        fill_u32<<<kFillGrid, kFillBlock, 0, stream>>>(w4_words.back().get(), s16.packed_words(), 200 + c);
        fill_half<<<kFillGrid, kFillBlock, 0, stream>>>(w4_scales.back().get(), s16.scale_count(), 300 + c, 0.002f, 0.02f, false);
      }
      DeviceBuffer<__half> w_dequant(static_cast<size_t>(s16.n_pad * s16.k_pad));
      const W4A16StreamKPlan streamk_plan = w4a16_streamk_plan(s16);
      DeviceBuffer<float> streamk_partials(static_cast<size_t>(streamk_plan.partial_floats));
      DeviceBuffer<uint32_t> streamk_counters(std::vector<uint32_t>(static_cast<size_t>(streamk_plan.counters), 0u));
      // W4A8 packed weights + integer scales, rotated.
      const W4A8Shape s8 = w4a8_shape(n, k, group, false);
      const double w8_bytes = 0.5 * s8.n_pad * s8.k_pad + 4.0 * s8.groups_pad() * s8.n_pad;
      std::vector<DeviceBuffer<uint32_t>> w8_words;
      std::vector<DeviceBuffer<int32_t>> w8_scales;
      for (int c = 0; c < copies_for(w8_bytes); ++c) {
        w8_words.emplace_back(static_cast<size_t>(s8.packed_words()));
        w8_scales.emplace_back(static_cast<size_t>(s8.groups_pad() * s8.n_pad));
        fill_u32<<<kFillGrid, kFillBlock, 0, stream>>>(w8_words.back().get(), s8.packed_words(), 400 + c);
        fill_i32<<<kFillGrid, kFillBlock, 0, stream>>>(w8_scales.back().get(), s8.groups_pad() * s8.n_pad, 500 + c, 1, 255);
      }
      // W8A8 INT8 weights in wgmma fragment order (random codes) + FP32 per-channel scales,
      // rotated; FP32 group scales for W4A8 float scale (same packed words as integer scale).
      W4A8Shape s88 = s8;
      s88.n_pad = (n + 127) / 128 * 128;
      s88.k_pad = (k + 127) / 128 * 128;
      s88.group_size = static_cast<int>(s88.k_pad);
      const double w88_bytes = 1.0 * s88.n_pad * s88.k_pad + 4.0 * s88.n_pad;
      std::vector<DeviceBuffer<uint32_t>> w88_words;
      for (int c = 0; c < copies_for(w88_bytes); ++c) {
        w88_words.emplace_back(static_cast<size_t>(s88.n_pad * s88.k_pad / 4));
        fill_u32<<<kFillGrid, kFillBlock, 0, stream>>>(w88_words.back().get(), s88.n_pad * s88.k_pad / 4, 600 + c);
      }
      DeviceBuffer<float> float_scales(static_cast<size_t>(s8.groups_pad() * s8.n_pad));
      fill_f32<<<kFillGrid, kFillBlock, 0, stream>>>(float_scales.get(), s8.groups_pad() * s8.n_pad, 1e-3f);
      const auto* float_scale_bits = reinterpret_cast<const int32_t*>(float_scales.get());
      MIXSIM_CUDA_CHECK_LAUNCH();
      MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));

      {  // read-only roofline at this shape's W4A16 weight bytes (same rotation)
        DeviceBuffer<uint32_t> sink(1);
        int sms = prop.multiProcessorCount;
        const double us = time_median_us(
            [&](int i) {
              stream_read<<<sms * 8, 256, 0, stream>>>(
                  reinterpret_cast<const uint4*>(w4_words[i % w4_words.size()].get()),
                  static_cast<int64_t>(s16.packed_words() / 4), sink.get());
            },
            stream);
        const double bytes = 4.0 * s16.packed_words();
        results.push_back(make_result("stream_read", 1, n, k, us, bytes));
        std::printf("%-22s %-9s N=%6lld K=%6lld read-only stream of %.1f MB: %.1f us (%.0f GB/s, "
                    "%.0f%% of copy)\n", sh.model, sh.layer, (long long)n, (long long)k,
                    bytes / 1e6, us, results.back().gbps, 100.0 * results.back().gbps / copy_gbps);
      }
      for (int64_t m : ms) {
        const double us_fp16 = time_median_us(
            [&](int i) {
              cublas_fp16_gemm(handle, x16.get(), k, w16[i % w16.size()].get(), k, m, n, k,
                               y16.get(), false, stream);
            },
            stream);
        results.push_back(make_result("cublas_fp16", m, n, k, us_fp16,
                                      w16_bytes + 2.0 * m * k));
        if (ab_rounds > 0) {
          if (m < 128 || !w4a8_wgmma_supported(s8)) continue;
          struct AbPoint { int variant, group; };
          std::vector<AbPoint> ab = {{4, 128}, {7, 128}, {9, 128}, {11, 128}};
          if (lever_ab) {
            ab.clear();
            for (int gsz : {128, 256})
              for (int v : lever_variants) ab.push_back({v, gsz});
          }
          std::vector<std::vector<double>> t(ab.size());
          for (int round = 0; round < ab_rounds; ++round)
            for (size_t vi = 0; vi < ab.size(); ++vi) {
              W4A8Shape sg = s8;
              sg.group_size = ab[vi].group;  // k is a multiple of 256 for every shape here; same packed words
              t[vi].push_back(time_median_us(
                  [&](int i) {
                    const W4A8DeviceWeights w{sg, reinterpret_cast<const uint4*>(w8_words[i % w8_words.size()].get()),
                                              w8_scales[i % w8_scales.size()].get(), nullptr};
                    launch_w4a8_intscale_wgmma(w, x8.get(), out_scale.get(), m, y.get(), stream, ab[vi].variant,
                                               lever_ab ? split_totals.get() : nullptr);
                  },
                  stream));
            }
          std::printf("%-9s N=%6lld K=%6lld M=%5lld cuBLAS FP16 %8.1f us |", sh.layer, (long long)n, (long long)k,
                      (long long)m, us_fp16);
          for (size_t vi = 0; vi < ab.size(); ++vi) {
            std::vector<double> v = t[vi];
            std::sort(v.begin(), v.end());
            const double med = v[v.size() / 2];
            results.push_back(make_result("w4a8_g" + std::to_string(ab[vi].group) + "_intscale_wgmma_v" +
                                              std::to_string(ab[vi].variant) + "_ab", m, n,
                                          k, med, w8_bytes + 1.0 * m * k + 4.0 * m));
            std::printf(" G%d v%d %7.1f (%6.1f-%6.1f) x%.2f |", ab[vi].group, ab[vi].variant, med, v.front(), v.back(),
                        us_fp16 / med);
          }
          std::printf("\n");
          continue;
        }
        const auto w4 = [&](int i) {
          return W4A16DeviceWeights{s16, reinterpret_cast<const uint4*>(w4_words[i % w4_words.size()].get()),
                                    w4_scales[i % w4_scales.size()].get(), nullptr,
                                    W4A16StreamKWorkspace{streamk_partials.get(), streamk_counters.get()}};
        };
        const bool fused = m <= kW4A16MaxFusedRows;
        const double us_w4a16 = time_median_us(
            [&](int i) {
              if (fused) {
                launch_w4a16_fused(w4(i), x16.get(), m, y.get(), stream);
              } else {
                launch_w4a16_dequantize(w4(i), w_dequant.get(), stream);
                cublas_fp16_gemm(handle, x16.get(), k, w_dequant.get(), s16.k_pad, m, n, k,
                                 y.get(), true, stream);
              }
            },
            stream);
        results.push_back(make_result(fused ? "w4a16_g128_fused" : "w4a16_g128_dequant_cublas",
                                      m, n, k, us_w4a16, w4_bytes + 2.0 * m * k));
        if (m <= 16)  // decode: every weight-streaming variant of the fused kernel
          for (W4A16Variant v : kW4A16AllVariants) {
            const double us = time_median_us(
                [&](int i) { launch_w4a16_fused(w4(i), x16.get(), m, y.get(), stream, v); }, stream);
            results.push_back(make_result(std::string("w4a16_g128_fused_") + w4a16_variant_name(v),
                                          m, n, k, us, w4_bytes + 2.0 * m * k));
            std::printf("    variant %-12s %8.1f us (%5.0f GB/s, %3.0f%% of copy)\n",
                        w4a16_variant_name(v), us, results.back().gbps,
                        100.0 * results.back().gbps / copy_gbps);
          }
        if (m <= 16) {  // decode steps: GEMVs back to back in one graph, with and without PDL
          const double seq_fp16 = time_sequence_us(
              [&](int i) {
                cublas_fp16_gemm(handle, x16.get(), k, w16[i % w16.size()].get(), k, m, n, k,
                                 y16.get(), false, stream);
              },
              stream);
          if (seq_fp16 > 0)
            results.push_back(make_result("seq_cublas_fp16", m, n, k, seq_fp16, w16_bytes + 2.0 * m * k));
          if (m == 1) {
            const double seq_stream = time_sequence_us(
                [&](int i) {
                  stream_read<<<prop.multiProcessorCount * 8, 256, 0, stream>>>(
                      reinterpret_cast<const uint4*>(w4_words[i % w4_words.size()].get()),
                      static_cast<int64_t>(s16.packed_words() / 4), reinterpret_cast<uint32_t*>(split_totals.get()));
                  MIXSIM_CUDA_CHECK_LAUNCH();
                },
                stream);
            results.push_back(make_result("seq_stream_read", 1, n, k, seq_stream, 4.0 * s16.packed_words()));
            std::printf("    seq: read-only stream %8.2f us (%5.0f GB/s, %3.0f%% of copy)\n", seq_stream,
                        results.back().gbps, 100.0 * results.back().gbps / copy_gbps);
          }
          const W4A16Variant dflt = w4a16_default_variant(s16, m);
          for (bool pdl : {false, true})
            for (W4A16Variant v : kW4A16AllVariants) {
              if (!pdl && v != dflt) continue;  // without PDL only the default variant
              const double us = time_sequence_us(
                  [&](int i) { launch_w4a16_fused(w4(i), x16.get(), m, y.get(), stream, v, pdl); },
                  stream);
              results.push_back(make_result(std::string("seq_w4a16_g128_fused_") + w4a16_variant_name(v) +
                                                (pdl ? "_pdl" : ""),
                                            m, n, k, us, w4_bytes + 2.0 * m * k));
              std::printf("    seq: w4a16 %-12s %-6s %8.2f us (%5.0f GB/s, %3.0f%% of copy, x%.2f vs seq cuBLAS FP16 %.2f us)%s\n",
                          w4a16_variant_name(v), pdl ? "+PDL" : "", us, results.back().gbps,
                          100.0 * results.back().gbps / copy_gbps, seq_fp16 / us, seq_fp16,
                          v == dflt ? "  [default]" : "");
            }
        }
        const double us_w4a8 = time_median_us(
            [&](int i) {
              const W4A8DeviceWeights w{s8, reinterpret_cast<const uint4*>(w8_words[i % w8_words.size()].get()),
                                        w8_scales[i % w8_scales.size()].get(), nullptr};
              launch_w4a8_intscale(w, x8.get(), out_scale.get(), m, y.get(), split_totals.get(), stream);
            },
            stream);
        results.push_back(make_result("w4a8_g128_intscale", m, n, k, us_w4a8,
                                      w8_bytes + 1.0 * m * k + 4.0 * m));
        const double tops_w4a8 = results.back().tops;
        // wgmma (sm_90a) prefill kernel, each block variant (timing does not depend on the
        // word order, so the same random words serve both layouts).
        if (m >= 128 && w4a8_wgmma_supported(s8))
          for (int v = 0; v < kW4A8WgmmaVariantCount; ++v) {
            if (v == 6 || v == 8 || v == 10 || v >= 12) continue;  // need split-K scratch: timed beside the dispatched kernel below
            const double us = time_median_us(
                [&](int i) {
                  const W4A8DeviceWeights w{s8, reinterpret_cast<const uint4*>(w8_words[i % w8_words.size()].get()),
                                            w8_scales[i % w8_scales.size()].get(), nullptr};
                  launch_w4a8_intscale_wgmma(w, x8.get(), out_scale.get(), m, y.get(), stream, v);
                },
                stream);
            results.push_back(make_result("w4a8_g128_intscale_wgmma_v" + std::to_string(v), m, n,
                                          k, us, w8_bytes + 1.0 * m * k + 4.0 * m));
            static const char* const kNames[] = {"1 WG/block", "2 WG, block barrier", "2 WG, mbarriers",
                                                 "3 WG, mbarriers", "warp-specialized", "v4, run-time units",
                                                 "v4, split-K in kernel", "v4, ping-pong", "v7 + split-K",
                                                 "v7 + TMA producer", "v9 + split-K", "v4 + TMA producer",
                                                 "v11 + split-K"};
            std::printf("    M=%5lld w4a8 wgmma variant %d (%-19s) %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)%s\n",
                        (long long)m, v, kNames[v], us, results.back().tops, us_fp16 / us,
                        v == w4a8_wgmma_default_variant(s8, m) ? "  [default]" : "");
          }
        // W8A8 and W4A8 float scale on the warp-specialized wgmma kernel (issue 16).
        if (m >= 128 && w4a8_wgmma_supported(s88)) {
          const double us88 = time_median_us(
              [&](int i) {
                const W4A8DeviceWeights w{s88, reinterpret_cast<const uint4*>(w88_words[i % w88_words.size()].get()),
                                          float_scale_bits, nullptr};
                launch_wgmma_float_scale(w, 8, x8.get(), out_scale.get(), m, y.get(), stream);
              },
              stream);
          results.push_back(make_result("w8a8_wgmma", m, n, k, us88, w88_bytes + 1.0 * m * k + 4.0 * m));
          const double tops88 = results.back().tops;
          const double us48f = time_median_us(
              [&](int i) {
                const W4A8DeviceWeights w{s8, reinterpret_cast<const uint4*>(w8_words[i % w8_words.size()].get()),
                                          float_scale_bits, nullptr};
                launch_wgmma_float_scale(w, 4, x8.get(), out_scale.get(), m, y.get(), stream);
              },
              stream);
          results.push_back(make_result("w4a8_g128_floatscale_wgmma", m, n, k, us48f,
                                        w8_bytes + 1.0 * m * k + 4.0 * m));
          const double tops48f = results.back().tops;
          // The same with ping-pong consumers (and without, explicitly, whatever the default).
          for (int pp : {0, 1, 2, 3, 4}) {
            const double us_pp = time_median_us(
                [&](int i) {
                  const W4A8DeviceWeights w{s8, reinterpret_cast<const uint4*>(w8_words[i % w8_words.size()].get()),
                                            float_scale_bits, nullptr};
                  launch_wgmma_float_scale(w, 4, x8.get(), out_scale.get(), m, y.get(), stream, pp);
                },
                stream);
            results.push_back(make_result(pp == 4 ? "w4a8_g128_floatscale_wgmma_tma_staged" : pp == 3 ? "w4a8_g128_floatscale_wgmma_tma"
                                          : pp == 2 ? "w4a8_g128_floatscale_wgmma_pingpong_tma"
                                          : pp ? "w4a8_g128_floatscale_wgmma_pingpong" : "w4a8_g128_floatscale_wgmma_no_pingpong",
                                          m, n, k, us_pp, w8_bytes + 1.0 * m * k + 4.0 * m));
            std::printf("    M=%5lld w4a8 float-scale wgmma %-12s %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)\n",
                        (long long)m, pp == 4 ? "TMA staged" : pp == 3 ? "TMA" : pp == 2 ? "ping-pong+TMA" : pp ? "ping-pong" : "no ping-pong", us_pp,
                        results.back().tops, us_fp16 / us_pp);
          }
          // cuBLASLt INT8 -> INT32 alone (the vendor INT8 bound), then with the float epilogue
          // (the dispatched W8A8 path, bit-exact).
          CublasLtInt8Gemm lt(m, n, k, n);
          if (lt.run(reinterpret_cast<const int8_t*>(w88_words[0].get()), x8.get(), split_totals.get(), stream)) {
            const double us_lt = time_median_us(
                [&](int i) {
                  lt.run(reinterpret_cast<const int8_t*>(w88_words[i % w88_words.size()].get()), x8.get(),
                         split_totals.get(), stream);
                },
                stream);
            results.push_back(make_result("cublaslt_int8_i32out", m, n, k, us_lt, 1.0 * n * k + 1.0 * m * k));
            const double tops_lt = results.back().tops;
            const double us_lte = time_median_us(
                [&](int i) {
                  lt.run(reinterpret_cast<const int8_t*>(w88_words[i % w88_words.size()].get()), x8.get(),
                         split_totals.get(), stream);
                  launch_w8a8_dequant_epilogue(split_totals.get(), n, float_scales.get(), out_scale.get(), m,
                                               n, y.get(), stream);
                },
                stream);
            results.push_back(make_result("w8a8_cublaslt_epilogue", m, n, k, us_lte, 1.0 * n * k + 1.0 * m * k));
            std::printf("    M=%5lld cuBLASLt INT8->INT32 %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16) | "
                        "+ W8A8 epilogue %8.1f us (%6.1f TOPS, x%.2f)\n",
                        (long long)m, us_lt, tops_lt, us_fp16 / us_lt, us_lte, results.back().tops,
                        us_fp16 / us_lte);
          } else {
            std::printf("    M=%5lld cuBLASLt INT8: status %d\n", (long long)m, lt.status());
          }
          // W8A8 fused INT8 wgmma kernel (TMA, 128 x 256 tiles, float epilogue in registers).
          if (w8a8_fused_supported() && s88.k_pad == k) {
            W8A8FusedArgs fa;
            fa.m = m;
            fa.n = n;
            fa.k_ld = k;
            fa.x = x8.get();
            fa.w_scales = float_scales.get();
            fa.a_scales = out_scale.get();
            auto time_fused = [&] {
              return time_median_us(
                  [&](int i) {
                    fa.w = reinterpret_cast<const int8_t*>(w88_words[i % w88_words.size()].get());
                    launch_w8a8_fused(fa, y.get(), stream);
                  },
                  stream);
            };
            const double us_f = time_fused();  // the default: scales staged for the epilogue
            results.push_back(make_result("w8a8_fused_wgmma", m, n, k, us_f, 1.0 * n * k + 1.0 * m * k));
            std::printf("    M=%5lld w8a8 fused wgmma (TMA, 128x256) %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)\n",
                        (long long)m, us_f, results.back().tops, us_fp16 / us_f);
            // Run 19's kernel: the epilogue loads the scales itself (H200 run 21: 1.25-1.6x the time).
            fa.staged_scales = false;
            const double us_u = time_fused();
            fa.staged_scales = true;
            results.push_back(make_result("w8a8_fused_wgmma_epilogue_loads_scales", m, n, k, us_u, 1.0 * n * k + 1.0 * m * k));
            std::printf("    M=%5lld w8a8 fused wgmma, epilogue loads the scales (run 19) %8.1f us (%.3f of it)\n",
                        (long long)m, us_u, us_f / us_u);
            // Run 21 lever: Y through shared memory and bulk tensor stores (TMA), overlapping the
            // next tile's K loop.
            fa.tma_store = true;
            const double us_t = time_fused();
            fa.tma_store = false;
            results.push_back(make_result("w8a8_fused_wgmma_tma_store", m, n, k, us_t, 1.0 * n * k + 1.0 * m * k));
            std::printf("    M=%5lld w8a8 fused wgmma, TMA stores %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16, %.3f of the default)\n",
                        (long long)m, us_t, results.back().tops, us_fp16 / us_t, us_t / us_f);
            // Diagnostic: the same kernel with the epilogue (scales, FP32 stores) skipped; Y unused.
            fa.skip_epilogue = true;
            const double us_ne = time_fused();
            fa.skip_epilogue = false;
            results.push_back(make_result("w8a8_fused_wgmma_no_epilogue_diagnostic", m, n, k, us_ne,
                                          1.0 * n * k + 1.0 * m * k));
            std::printf("    M=%5lld w8a8 fused wgmma without epilogue (diagnostic, Y not written) %8.1f us (%.3f of the kernel)\n",
                        (long long)m, us_ne, us_ne / us_f);
          }
          (void)tops48f;
          std::printf("    M=%5lld w8a8 wgmma %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16) | w4a8 float-scale wgmma %8.1f us (%6.1f TOPS, x%.2f)\n",
                      (long long)m, us88, tops88, us_fp16 / us88, us48f, tops48f, us_fp16 / us48f);
        }
        // The CUDA-core group kernel (W8A8 fallback, MXFP4/NVFP4), first shape only: coverage, not speed.
        if (&sh == &shapes.front() && (m == 16 || m == 2048)) {
          GroupGemmArgs ga;
          ga.m = m, ga.n = n, ga.k_pad = k, ga.group = static_cast<int>(k);
          ga.x = reinterpret_cast<const uint8_t*>(x8.get());
          ga.w = reinterpret_cast<const uint8_t*>(w88_words[0].get());
          ga.weight_scales = float_scales.get();
          ga.activation_scales = out_scale.get();
          const double us_gen = time_median_us([&](int) { launch_group_gemm(ga, y.get(), stream); }, stream);
          results.push_back(make_result("w8a8_generic_dp4a", m, n, k, us_gen, 1.0 * n * k + 1.0 * m * k));
          GroupGemmArgs fa = ga;
          fa.group = 32, fa.fp4 = true, fa.epilogue = GroupEpilogue::BlockScaled;
          const DeviceBuffer<double> bs(std::vector<double>(static_cast<size_t>(std::max(m, n) * (k / 32)), 0.5));
          fa.block_scales_x = fa.block_scales_w = bs.get();
          const int8_t doubled_e2m1[8] = {0, 1, 2, 3, 4, 6, 8, 12};
          for (int c = 0; c < 16; ++c) fa.fp4_doubled[c] = static_cast<int8_t>(c < 8 ? doubled_e2m1[c] : -doubled_e2m1[c - 8]);
          const double us_fp4 = time_median_us([&](int) { launch_group_gemm(fa, y.get(), stream); }, stream);
          results.push_back(make_result("mxfp4_generic_dp4a", m, n, k, us_fp4, 0.5 * n * k + 0.5 * m * k));
          std::printf("    M=%5lld generic CUDA-core kernel: w8a8 %8.1f us (%5.1f TOPS, x%.2f vs cuBLAS FP16) | mxfp4 %8.1f us (%5.1f TOPS, x%.2f)\n",
                      (long long)m, us_gen, 2.0 * m * n * k / us_gen / 1e6, us_fp16 / us_gen, us_fp4,
                      2.0 * m * n * k / us_fp4 / 1e6, us_fp16 / us_fp4);
        }
        // The dispatched W4A8 integer-scale prefill kernel: variant 4 with split-K scratch (it
        // splits K only where the tiles leave SMs idle, else it is variant 4 itself).
        if (m >= 128 && w4a8_wgmma_supported(s8)) {
          // Times wgmma variant v with the given split-K scratch and records it under `name`.
          auto time_variant = [&](int v, int32_t* scratch, const char* name) {
            const double t = time_median_us(
                [&](int i) {
                  const W4A8DeviceWeights w{s8, reinterpret_cast<const uint4*>(w8_words[i % w8_words.size()].get()),
                                            w8_scales[i % w8_scales.size()].get(), nullptr};
                  launch_w4a8_intscale_wgmma(w, x8.get(), out_scale.get(), m, y.get(), stream, v, scratch);
                },
                stream);
            results.push_back(make_result(name, m, n, k, t, w8_bytes + 1.0 * m * k + 4.0 * m));
            return t;
          };
          const char* const dispatched = "  [dispatched]";
          const int dflt = w4a8_wgmma_default_variant(s8, m);
          const double us = time_variant(4, split_totals.get(), "w4a8_g128_intscale_wgmma_v4_splitk");
          std::printf("    M=%5lld w4a8 wgmma v4 + split-K      %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)  [dispatched in runs 14-17]\n",
                      (long long)m, us, results.back().tops, us_fp16 / us);
          // Variant 6: the same split-K finished in the kernel (needs the zeroed scratch).
          const double us6 = time_variant(6, wgmma_split.get(), "w4a8_g128_intscale_wgmma_v6_splitk_in_kernel");
          std::printf("    M=%5lld w4a8 wgmma v4 + split-K finished in the kernel (variant 6) %8.1f us (x%.2f)\n",
                      (long long)m, us6, us_fp16 / us6);
          // Variant 8: ping-pong consumers, split-K by memset + epilogue as the dispatched kernel.
          const double us8 = time_variant(8, split_totals.get(), "w4a8_g128_intscale_wgmma_v8_pingpong_splitk");
          std::printf("    M=%5lld w4a8 wgmma ping-pong + split-K (variant 8) %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)\n",
                      (long long)m, us8, results.back().tops, us_fp16 / us8);
          // Variant 10: variant 8 with the TMA producer.
          const double us10 = time_variant(10, split_totals.get(), "w4a8_g128_intscale_wgmma_v10_pingpong_tma_splitk");
          std::printf("    M=%5lld w4a8 wgmma ping-pong + TMA + split-K (variant 10) %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)\n",
                      (long long)m, us10, results.back().tops, us_fp16 / us10);
          // Variant 12: the TMA producer alone, split-K as the dispatched kernel.
          const double us12 = time_variant(12, split_totals.get(), "w4a8_g128_intscale_wgmma_v12_tma_splitk");
          std::printf("    M=%5lld w4a8 wgmma TMA + split-K (variant 12) %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16)%s\n",
                      (long long)m, us12, results.back().tops, us_fp16 / us12, dflt == 12 ? dispatched : "");
          // Variant 15: variant 12 with the token scales staged in shared memory (run 21).
          const double us15 = time_variant(15, split_totals.get(), "w4a8_g128_intscale_wgmma_v15_tma_staged_splitk");
          std::printf("    M=%5lld w4a8 wgmma TMA + staged token scales + split-K (variant 15) %8.1f us (%6.1f TOPS, x%.2f vs cuBLAS FP16, %.3f of v12)%s\n",
                      (long long)m, us15, results.back().tops, us_fp16 / us15, us15 / us12, dflt == 15 ? dispatched : "");
        }
        const double w4a16_gbps = (w4_bytes + 2.0 * m * k) / (us_w4a16 * 1e-6) / 1e9;
        std::printf("%-22s %-9s N=%6lld K=%6lld M=%5lld | cublas_fp16 %8.1f us | w4a16 %8.1f us "
                    "(%5.0f GB/s, %3.0f%% copy, x%.2f) | w4a8_int %8.1f us (%6.1f TOPS, x%.2f)\n",
                    sh.model, sh.layer, (long long)n, (long long)k, (long long)m, us_fp16, us_w4a16,
                    w4a16_gbps, 100.0 * w4a16_gbps / copy_gbps, us_fp16 / us_w4a16, us_w4a8,
                    tops_w4a8, us_fp16 / us_w4a8);
      }
    }

    mixsim::bench::GpuBenchReport report;
    report.device = prop.name;
    report.sms = prop.multiProcessorCount;
    report.l2_bytes = prop.l2CacheSize;
    report.copy_gbps = copy_gbps;
    report.method = "median of " + std::to_string(kTimed) + " runs after " +
                    std::to_string(kWarmup) + " warm-up; weights rotated over > " +
                    std::to_string(static_cast<int>(kRotateBytes / 1e6)) +
                    " MB; random non-zero data; gbps = bytes read / time";
    report.results = results;
    mixsim::bench::write_gpu_bench_json(report, out_path);
    std::printf("wrote %s\n", out_path.c_str());
    cublasDestroy(handle);
    cudaStreamDestroy(stream);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mixsim_gpu_kernels_bench: error: %s\n", e.what());
    return 1;
  }
}
