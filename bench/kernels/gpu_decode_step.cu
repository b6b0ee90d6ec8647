// One LLaMA-2-7B decode step's GEMMs on the GPU (see gpu_decode_step.hpp).
//
// Method. Shapes from workloads/catalogue/llama2-7b.yaml (hidden 4096, intermediate 11008, 32
// layers, no GQA), in the order of workloads/layer_gemms.cpp: q, k, v, o (N = K = 4096),
// gate, up (N = 11008, K = 4096), down (N = 4096, K = 11008); M = batch. Attention (QK^T, PV)
// and the LM head are not included. Every layer has its own weights (13 GB for FP16: nothing
// stays in L2 between layers). Random non-zero data as in gpu_kernels_bench.cu.
// Each implementation is the path run_kernel_gemm("cuda", ...) dispatches for its recipe at
// this M (W4A16 additionally with programmatic dependent launch, its decode mode):
//   cublas-fp16           cuBLAS FP16 x FP16, FP32 accumulation, FP16 output
//   cuda-w4a16            w4a16-g128-asym: fused INT4 mma.sync kernel (M <= 64), default variant, PDL
//   cuda-w4a8-intscale    w4a8-g128-intscale: mma.sync kernel with split-K (M < 128), else wgmma v4
//   cuda-w4a8-floatscale  w4a8-g128: warp-specialized wgmma kernel with FP32 group scales
//   cuda-w8a8             w8a8: cuBLASLt INT8 -> INT32 + the float epilogue (wgmma if refused)
//   cuda-mxfp4, cuda-nvfp4  CUDA-core group kernel (FP4 widened to INT8, FP64 block scales)
// Timing: step_seconds = median over replays of one CUDA graph holding the 224 GEMMs of the
// step in order (captured from one stream; no host launch gaps; kernels still run one after
// another as the stream orders them). per_gemm[p].seconds = median replay of a graph of the 32
// layers' GEMMs of projection p, divided by 32. Replays are enqueued behind a ~10 ms spin kernel.
#include "bench/kernels/gpu_decode_step.hpp"

#include <cublas_v2.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/cuda/cublas_fp16_gemm.cuh"
#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/int8_group_gemm.cuh"
#include "kernels/cuda/w4a16_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_wgmma.cuh"
#include "kernels/cuda/w8a8_cublaslt_gemm.cuh"

namespace mixsim::bench {

using namespace mixsim::kernels;

namespace {

constexpr int kLayers = 32;
constexpr int64_t kHidden = 4096, kIntermediate = 11008;

struct Proj {
  const char* name;
  int64_t n, k;
};
constexpr Proj kProjs[] = {{"q_proj", kHidden, kHidden},          {"k_proj", kHidden, kHidden},
                           {"v_proj", kHidden, kHidden},          {"o_proj", kHidden, kHidden},
                           {"gate_proj", kIntermediate, kHidden}, {"up_proj", kIntermediate, kHidden},
                           {"down_proj", kHidden, kIntermediate}};
constexpr int kProjCount = 7;

__device__ uint32_t mix32(uint64_t i, uint32_t seed) {
  uint64_t z = i * 0x9E3779B97F4A7C15ull + seed;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<uint32_t>(z ^ (z >> 31));
}
__global__ void fill_words(uint32_t* p, int64_t n, uint32_t seed) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x)
    p[i] = mix32(i, seed);
}
// FP16 uniform in +-[lo, hi].
__global__ void fill_halves(__half* p, int64_t n, uint32_t seed, float lo, float hi) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x) {
    const uint32_t h = mix32(i, seed);
    const float v = lo + (hi - lo) * static_cast<float>(h >> 8) * (1.0f / 16777216.0f);
    p[i] = __float2half((h & 1) ? -v : v);
  }
}
// INT8 in +-[1, 127].
__global__ void fill_int8(int8_t* p, int64_t n, uint32_t seed) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x) {
    const uint32_t h = mix32(i, seed);
    const int v = static_cast<int>(h % 127) + 1;
    p[i] = static_cast<int8_t>((h >> 16) & 1 ? v : -v);
  }
}
__global__ void fill_int32(int32_t* p, int64_t n, uint32_t seed, int32_t lo, int32_t hi) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x)
    p[i] = lo + static_cast<int32_t>(mix32(i, seed) % static_cast<uint32_t>(hi - lo + 1));
}
template <typename T>
__global__ void fill_value(T* p, int64_t n, T v) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n; i += int64_t{gridDim.x} * blockDim.x)
    p[i] = v;
}
__global__ void spin_cycles(int64_t cycles) {
  const int64_t start = clock64();
  while (clock64() - start < cycles) {
  }
}
constexpr dim3 kGrid(2048), kBlock(256);

// A pool of device memory carved into 256-byte aligned pieces (one cudaMalloc per
// implementation: 32 layers x 7 weights each).
class Pool {
 public:
  explicit Pool(size_t bytes) : buf_(bytes) {}
  template <typename T>
  T* take(int64_t count) {
    const size_t bytes = (static_cast<size_t>(count) * sizeof(T) + 255) / 256 * 256;
    if (used_ + bytes > buf_.size()) throw std::runtime_error("decode-step pool exhausted");
    T* p = reinterpret_cast<T*>(buf_.get() + used_);
    used_ += bytes;
    return p;
  }
  static size_t round(int64_t count, size_t elem) { return (static_cast<size_t>(count) * elem + 255) / 256 * 256; }

 private:
  DeviceBuffer<uint8_t> buf_;
  size_t used_ = 0;
};

// Activations and outputs shared by all implementations (largest K and N of the step).
struct Io {
  explicit Io(int64_t m)
      : x16(static_cast<size_t>(m * kIntermediate)), x8(static_cast<size_t>(m * kIntermediate)),
        x4(static_cast<size_t>(m * kIntermediate / 2)), os(static_cast<size_t>(m)),
        y(static_cast<size_t>(m * kIntermediate)), y16(static_cast<size_t>(m * kIntermediate)),
        p32(static_cast<size_t>(m * kIntermediate)),
        sx(static_cast<size_t>(m * kIntermediate / 16)) {}
  DeviceBuffer<__half> x16;
  DeviceBuffer<int8_t> x8;
  DeviceBuffer<uint8_t> x4;  // FP4 codes, two per byte
  DeviceBuffer<float> os;    // per-token output / activation scales
  DeviceBuffer<float> y;
  DeviceBuffer<__half> y16;
  DeviceBuffer<int32_t> p32;  // INT32 scratch (split-K totals, cuBLASLt P)
  DeviceBuffer<double> sx;    // FP4 activation block scales
};

// One implementation: gemm(p, layer, stream) enqueues GEMM p of layer `layer`.
struct Impl {
  std::string impl, recipe;
  std::function<void(int, int, cudaStream_t)> gemm;
  std::vector<std::shared_ptr<void>> keep;  // owned resources (pool, cuBLASLt plans, ...)
};

// Median of `replays` replays of fn's calls captured into one graph, in seconds; falls back to
// plain stream launches (printed) if capture fails.
double time_graph_seconds(const std::function<void(cudaStream_t)>& fn, cudaStream_t stream, int replays,
                          bool* captured) {
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t exec = nullptr;
  *captured = true;
  try {
    MIXSIM_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    fn(stream);
    MIXSIM_CUDA_CHECK(cudaStreamEndCapture(stream, &graph));
    MIXSIM_CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  } catch (const std::exception& e) {
    cudaStreamCaptureStatus st;
    if (cudaStreamIsCapturing(stream, &st) == cudaSuccess && st != cudaStreamCaptureStatusNone) {
      cudaGraph_t g = nullptr;
      cudaStreamEndCapture(stream, &g);
      if (g) cudaGraphDestroy(g);
    }
    if (graph) cudaGraphDestroy(graph);
    cudaGetLastError();
    std::printf("    (not captured into a graph: %s; timing plain stream launches)\n", e.what());
    *captured = false;
  }
  auto launch = [&] {
    if (*captured) MIXSIM_CUDA_CHECK(cudaGraphLaunch(exec, stream));
    else fn(stream);
  };
  launch();
  launch();
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<cudaEvent_t> ev(2 * static_cast<size_t>(replays));
  for (auto& e : ev) MIXSIM_CUDA_CHECK(cudaEventCreate(&e));
  spin_cycles<<<1, 1, 0, stream>>>(20'000'000);
  MIXSIM_CUDA_CHECK_LAUNCH();
  for (int i = 0; i < replays; ++i) {
    MIXSIM_CUDA_CHECK(cudaEventRecord(ev[2 * i], stream));
    launch();
    MIXSIM_CUDA_CHECK(cudaEventRecord(ev[2 * i + 1], stream));
  }
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<float> ms(static_cast<size_t>(replays));
  for (int i = 0; i < replays; ++i) MIXSIM_CUDA_CHECK(cudaEventElapsedTime(&ms[i], ev[2 * i], ev[2 * i + 1]));
  for (auto& e : ev) cudaEventDestroy(e);
  if (exec) cudaGraphExecDestroy(exec);
  if (graph) cudaGraphDestroy(graph);
  std::sort(ms.begin(), ms.end());
  return 1e-3 * (replays % 2 ? ms[replays / 2] : 0.5 * (ms[replays / 2 - 1] + ms[replays / 2]));
}

// --- the implementations ---------------------------------------------------------------------

Impl make_cublas(int64_t m, Io& io, cublasHandle_t handle, cudaStream_t stream) {
  size_t bytes = 0;
  for (const Proj& p : kProjs) bytes += kLayers * Pool::round(p.n * p.k, 2);
  auto pool = std::make_shared<Pool>(bytes);
  auto w = std::make_shared<std::vector<__half*>>();
  for (int l = 0; l < kLayers; ++l)
    for (int p = 0; p < kProjCount; ++p) {
      __half* ptr = pool->take<__half>(kProjs[p].n * kProjs[p].k);
      fill_halves<<<kGrid, kBlock, 0, stream>>>(ptr, kProjs[p].n * kProjs[p].k, 1000 + 7 * l + p, 0.001f, 0.05f);
      w->push_back(ptr);
    }
  Impl impl{"cublas-fp16", "fp16", nullptr, {pool, w}};
  impl.gemm = [m, &io, handle, w](int p, int l, cudaStream_t s) {
    cublas_fp16_gemm(handle, io.x16.get(), kProjs[p].k, (*w)[l * kProjCount + p], kProjs[p].k, m, kProjs[p].n,
                     kProjs[p].k, io.y16.get(), false, s);
  };
  return impl;
}

Impl make_w4a16(int64_t m, Io& io, cudaStream_t stream) {
  size_t bytes = 0;
  for (const Proj& p : kProjs) {
    const W4A16Shape s = w4a16_shape(p.n, p.k, 128, true);
    bytes += kLayers * (Pool::round(s.packed_words(), 4) + Pool::round(s.scale_count(), 2) +
                        Pool::round(s.scale_count(), 1));
  }
  auto pool = std::make_shared<Pool>(bytes);
  auto w = std::make_shared<std::vector<W4A16DeviceWeights>>();
  for (int l = 0; l < kLayers; ++l)
    for (int p = 0; p < kProjCount; ++p) {
      const W4A16Shape s = w4a16_shape(kProjs[p].n, kProjs[p].k, 128, true);
      auto* words = pool->take<uint32_t>(s.packed_words());
      auto* scales = pool->take<__half>(s.scale_count());
      auto* zeros = pool->take<uint8_t>(s.scale_count());
      fill_words<<<kGrid, kBlock, 0, stream>>>(words, s.packed_words(), 2000 + 7 * l + p);
      fill_halves<<<kGrid, kBlock, 0, stream>>>(scales, s.scale_count(), 3000 + 7 * l + p, 0.002f, 0.02f);
      fill_value<uint8_t><<<kGrid, kBlock, 0, stream>>>(zeros, s.scale_count(), 8);
      w->push_back(W4A16DeviceWeights{s, reinterpret_cast<const uint4*>(words), scales, zeros, {}});
    }
  if (m > kW4A16MaxFusedRows) throw std::invalid_argument("decode step: W4A16 fused path needs M <= 64");
  Impl impl{"cuda-w4a16", "w4a16-g128-asym", nullptr, {pool, w}};
  impl.gemm = [m, &io, w](int p, int l, cudaStream_t s) {
    const W4A16DeviceWeights& dw = (*w)[l * kProjCount + p];
    launch_w4a16_fused(dw, io.x16.get(), m, io.y.get(), s, w4a16_default_variant(dw.shape, m),
                       /*programmatic=*/true);
  };
  return impl;
}

// W4A8 weights in either word order (the timing does not depend on it): 4-bit words plus
// per-group scales (integer in [1, 255], or FP32 bit patterns).
std::shared_ptr<std::vector<W4A8DeviceWeights>> w4a8_weights(std::shared_ptr<Pool>* pool_out, bool float_scale,
                                                             cudaStream_t stream) {
  size_t bytes = 0;
  for (const Proj& p : kProjs) {
    const W4A8Shape s = w4a8_shape(p.n, p.k, 128, false);
    bytes += kLayers * (Pool::round(s.packed_words(), 4) + Pool::round(s.groups_pad() * s.n_pad, 4));
  }
  auto pool = std::make_shared<Pool>(bytes);
  auto w = std::make_shared<std::vector<W4A8DeviceWeights>>();
  for (int l = 0; l < kLayers; ++l)
    for (int p = 0; p < kProjCount; ++p) {
      const W4A8Shape s = w4a8_shape(kProjs[p].n, kProjs[p].k, 128, false);
      auto* words = pool->take<uint32_t>(s.packed_words());
      auto* scales = pool->take<int32_t>(s.groups_pad() * s.n_pad);
      fill_words<<<kGrid, kBlock, 0, stream>>>(words, s.packed_words(), 4000 + 7 * l + p);
      if (float_scale)
        fill_value<float><<<kGrid, kBlock, 0, stream>>>(reinterpret_cast<float*>(scales), s.groups_pad() * s.n_pad, 1e-3f);
      else
        fill_int32<<<kGrid, kBlock, 0, stream>>>(scales, s.groups_pad() * s.n_pad, 5000 + 7 * l + p, 1, 255);
      w->push_back(W4A8DeviceWeights{s, reinterpret_cast<const uint4*>(words), scales, nullptr});
    }
  *pool_out = pool;
  return w;
}

Impl make_w4a8_intscale(int64_t m, Io& io, cudaStream_t stream) {
  std::shared_ptr<Pool> pool;
  auto w = w4a8_weights(&pool, false, stream);
  // The wgmma kernel's split-K scratch (zero once, left zero); the mma.sync kernel's split-K
  // zeroes io.p32 itself.
  int64_t words = 0;
  for (const Proj& p : kProjs) words = std::max(words, w4a8_wgmma_split_scratch_words(w4a8_shape(p.n, p.k, 128, false), m));
  auto scratch = std::make_shared<DeviceBuffer<int32_t>>(std::vector<int32_t>(static_cast<size_t>(words), 0));
  Impl impl{"cuda-w4a8-intscale", "w4a8-g128-intscale", nullptr, {pool, w, scratch}};
  impl.gemm = [m, &io, w, scratch](int p, int l, cudaStream_t s) {
    const W4A8DeviceWeights& dw = (*w)[l * kProjCount + p];
    if (w4a8_use_wgmma(dw.shape, m))
      launch_w4a8_intscale_wgmma(dw, io.x8.get(), io.os.get(), m, io.y.get(), s, -1, scratch->get());
    else
      launch_w4a8_intscale(dw, io.x8.get(), io.os.get(), m, io.y.get(), io.p32.get(), s);
  };
  return impl;
}

Impl make_w4a8_floatscale(int64_t m, Io& io, cudaStream_t stream) {
  if (!w4a8_wgmma_supported(w4a8_shape(kHidden, kHidden, 128, false)))
    throw std::runtime_error("the wgmma kernel needs compute capability 9.0 (the generic path is not timed here)");
  std::shared_ptr<Pool> pool;
  auto w = w4a8_weights(&pool, true, stream);
  Impl impl{"cuda-w4a8-floatscale", "w4a8-g128", nullptr, {pool, w}};
  impl.gemm = [m, &io, w](int p, int l, cudaStream_t s) {
    launch_wgmma_float_scale((*w)[l * kProjCount + p], 4, io.x8.get(), io.os.get(), m, io.y.get(), s);
  };
  return impl;
}

Impl make_w8a8(int64_t m, Io& io, cudaStream_t stream) {
  size_t bytes = 0;
  for (const Proj& p : kProjs) bytes += kLayers * (Pool::round(p.n * p.k, 1) + Pool::round(p.n, 4));
  auto pool = std::make_shared<Pool>(bytes);
  struct W {
    int8_t* codes;
    float* scales;
  };
  auto w = std::make_shared<std::vector<W>>();
  for (int l = 0; l < kLayers; ++l)
    for (int p = 0; p < kProjCount; ++p) {
      auto* codes = pool->take<int8_t>(kProjs[p].n * kProjs[p].k);
      auto* scales = pool->take<float>(kProjs[p].n);
      fill_int8<<<kGrid, kBlock, 0, stream>>>(codes, kProjs[p].n * kProjs[p].k, 6000 + 7 * l + p);
      fill_value<float><<<kGrid, kBlock, 0, stream>>>(scales, kProjs[p].n, 1e-3f);
      w->push_back({codes, scales});
    }
  // One cuBLASLt plan per distinct shape; the dispatcher falls back to the wgmma kernel where
  // cuBLASLt refuses the problem (then the INT8 codes are read in place as fragment order).
  auto plans = std::make_shared<std::vector<std::shared_ptr<CublasLtInt8Gemm>>>();
  auto use_lt = std::make_shared<std::vector<bool>>();
  for (int p = 0; p < kProjCount; ++p) {
    plans->push_back(std::make_shared<CublasLtInt8Gemm>(m, kProjs[p].n, kProjs[p].k, kProjs[p].n));
    const bool ok = (*plans)[p]->run((*w)[p].codes, io.x8.get(), io.p32.get(), stream);
    use_lt->push_back(ok);
    if (!ok)
      std::printf("    w8a8 %s M=%lld: cuBLASLt refused (status %d): wgmma kernel instead\n", kProjs[p].name,
                  static_cast<long long>(m), (*plans)[p]->status());
  }
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  Impl impl{"cuda-w8a8", "w8a8", nullptr, {pool, w, plans, use_lt}};
  impl.gemm = [m, &io, w, plans, use_lt](int p, int l, cudaStream_t s) {
    const W& wl = (*w)[l * kProjCount + p];
    const int64_t n = kProjs[p].n, k = kProjs[p].k;
    if ((*use_lt)[p]) {
      if (!(*plans)[p]->run(wl.codes, io.x8.get(), io.p32.get(), s))
        throw std::runtime_error("cuBLASLt INT8 failed in the step");
      launch_w8a8_dequant_epilogue(io.p32.get(), n, wl.scales, io.os.get(), m, n, io.y.get(), s);
    } else {
      const W4A8Shape s88{n, k, (n + 127) / 128 * 128, (k + 127) / 128 * 128, static_cast<int>((k + 127) / 128 * 128), false};
      const W4A8DeviceWeights dw{s88, reinterpret_cast<const uint4*>(wl.codes),
                                 reinterpret_cast<const int32_t*>(wl.scales), nullptr};
      launch_wgmma_float_scale(dw, 8, io.x8.get(), io.os.get(), m, io.y.get(), s);
    }
  };
  return impl;
}

Impl make_fp4(int64_t m, Io& io, bool nvfp4, cudaStream_t stream) {
  const int block = nvfp4 ? 16 : 32;
  size_t bytes = 0;
  for (const Proj& p : kProjs) bytes += kLayers * (Pool::round(p.n * p.k / 2, 1) + Pool::round(p.n * p.k / block, 8));
  auto pool = std::make_shared<Pool>(bytes);
  auto args = std::make_shared<std::vector<GroupGemmArgs>>();
  const int8_t doubled_e2m1[8] = {0, 1, 2, 3, 4, 6, 8, 12};
  fill_value<double><<<kGrid, kBlock, 0, stream>>>(io.sx.get(), static_cast<int64_t>(io.sx.size()), 0.5);
  for (int l = 0; l < kLayers; ++l)
    for (int p = 0; p < kProjCount; ++p) {
      const int64_t n = kProjs[p].n, k = kProjs[p].k;
      auto* codes = pool->take<uint8_t>(n * k / 2);
      auto* scales = pool->take<double>(n * k / block);
      fill_words<<<kGrid, kBlock, 0, stream>>>(reinterpret_cast<uint32_t*>(codes), n * k / 8, 7000 + 7 * l + p);
      fill_value<double><<<kGrid, kBlock, 0, stream>>>(scales, n * k / block, 0.25);
      GroupGemmArgs a;
      a.m = m, a.n = n, a.k_pad = k, a.group = block, a.fp4 = true;
      a.x = io.x4.get();
      a.w = codes;
      a.epilogue = GroupEpilogue::BlockScaled;
      a.block_scales_x = io.sx.get();
      a.block_scales_w = scales;
      a.tensor_scale = nvfp4 ? 0.75f : 1.0f;
      for (int c = 0; c < 16; ++c) a.fp4_doubled[c] = static_cast<int8_t>(c < 8 ? doubled_e2m1[c] : -doubled_e2m1[c - 8]);
      args->push_back(a);
    }
  Impl impl{nvfp4 ? "cuda-nvfp4" : "cuda-mxfp4", nvfp4 ? "nvfp4" : "mxfp4", nullptr, {pool, args}};
  impl.gemm = [&io, args](int p, int l, cudaStream_t s) { launch_group_gemm((*args)[l * kProjCount + p], io.y.get(), s); };
  return impl;
}

DecodeRun time_impl(const Impl& impl, int64_t m, cudaStream_t stream) {
  auto step = [&](cudaStream_t s) {
    for (int l = 0; l < kLayers; ++l)
      for (int p = 0; p < kProjCount; ++p) impl.gemm(p, l, s);
  };
  // Uncaptured warm-up (library heuristics, lazy module loading), timed once to size the replays.
  step(stream);
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  cudaEvent_t a, b;
  MIXSIM_CUDA_CHECK(cudaEventCreate(&a));
  MIXSIM_CUDA_CHECK(cudaEventCreate(&b));
  MIXSIM_CUDA_CHECK(cudaEventRecord(a, stream));
  step(stream);
  MIXSIM_CUDA_CHECK(cudaEventRecord(b, stream));
  MIXSIM_CUDA_CHECK(cudaEventSynchronize(b));
  float warm_ms = 0;
  MIXSIM_CUDA_CHECK(cudaEventElapsedTime(&warm_ms, a, b));
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  const int replays = std::clamp(static_cast<int>(400.0 / std::max(warm_ms, 0.01f)), 5, 25);

  DecodeRun run{impl.impl, impl.recipe, 0.0, {}};
  bool captured = false;
  run.step_seconds = time_graph_seconds(step, stream, replays, &captured);
  double sum = 0.0;
  for (int p = 0; p < kProjCount; ++p) {
    bool cap = false;
    const double t = time_graph_seconds(
        [&](cudaStream_t s) {
          for (int l = 0; l < kLayers; ++l) impl.gemm(p, l, s);
        },
        stream, replays, &cap);
    run.per_gemm.push_back({kProjs[p].name, m, kProjs[p].n, kProjs[p].k, t / kLayers});
    sum += t;
  }
  std::printf("  M=%3lld %-21s step %9.1f us (%s, %d replays; uncaptured %9.1f us; sum of per-projection graphs %9.1f us)\n",
              static_cast<long long>(m), impl.impl.c_str(), 1e6 * run.step_seconds,
              captured ? "CUDA graph" : "plain stream", replays, 1e3 * warm_ms, 1e6 * sum);
  for (const DecodeGemmTiming& g : run.per_gemm)
    std::printf("         %-10s N=%5lld K=%5lld %8.2f us\n", g.name.c_str(), static_cast<long long>(g.n),
                static_cast<long long>(g.k), 1e6 * g.seconds);
  return run;
}

}  // namespace

std::vector<DecodeStep> run_decode_step_bench(const std::vector<int64_t>& batches) {
  cudaDeviceProp prop{};
  MIXSIM_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  cudaStream_t stream;
  MIXSIM_CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  cublasHandle_t handle;
  if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cublasCreate failed");
  std::printf("decode step: %s, llama2-7b, %d layers x 7 GEMMs (attention and LM head not included)\n", prop.name,
              kLayers);
  std::vector<DecodeStep> steps;
  for (int64_t m : batches) {
    DecodeStep step{prop.name, "llama2-7b", m, kLayers, {}};
    Io io(m);
    fill_halves<<<kGrid, kBlock, 0, stream>>>(io.x16.get(), m * kIntermediate, 11, 0.05f, 1.0f);
    fill_int8<<<kGrid, kBlock, 0, stream>>>(io.x8.get(), m * kIntermediate, 12);
    fill_words<<<kGrid, kBlock, 0, stream>>>(reinterpret_cast<uint32_t*>(io.x4.get()), m * kIntermediate / 8, 13);
    fill_value<float><<<kGrid, kBlock, 0, stream>>>(io.os.get(), m, 1e-3f);
    MIXSIM_CUDA_CHECK_LAUNCH();
    const std::vector<std::pair<const char*, std::function<Impl()>>> makers = {
        {"cublas-fp16", [&] { return make_cublas(m, io, handle, stream); }},
        {"cuda-w4a16", [&] { return make_w4a16(m, io, stream); }},
        {"cuda-w4a8-intscale", [&] { return make_w4a8_intscale(m, io, stream); }},
        {"cuda-w4a8-floatscale", [&] { return make_w4a8_floatscale(m, io, stream); }},
        {"cuda-w8a8", [&] { return make_w8a8(m, io, stream); }},
        {"cuda-mxfp4", [&] { return make_fp4(m, io, false, stream); }},
        {"cuda-nvfp4", [&] { return make_fp4(m, io, true, stream); }}};
    for (const auto& [name, make] : makers) {
      try {
        const Impl impl = make();  // weights freed when impl goes out of scope
        MIXSIM_CUDA_CHECK_LAUNCH();
        MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
        step.runs.push_back(time_impl(impl, m, stream));
      } catch (const std::exception& e) {
        cudaGetLastError();
        std::printf("  M=%3lld %-21s not timed: %s\n", static_cast<long long>(m), name, e.what());
      }
    }
    const double fp16 = !step.runs.empty() && step.runs[0].impl == "cublas-fp16" ? step.runs[0].step_seconds : 0.0;
    for (const DecodeRun& r : step.runs)
      std::printf("  batch %3lld: %-21s step %9.1f us  x%.2f vs cuBLAS FP16\n", static_cast<long long>(m),
                  r.impl.c_str(), 1e6 * r.step_seconds, fp16 > 0 ? fp16 / r.step_seconds : 0.0);
    steps.push_back(std::move(step));
  }
  cublasDestroy(handle);
  cudaStreamDestroy(stream);
  return steps;
}

}  // namespace mixsim::bench
