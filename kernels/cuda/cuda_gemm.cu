// Host wrappers behind kernels/cuda/cuda_gemm.hpp: pack on the host, upload, launch, download.
#include "kernels/cuda/cuda_gemm.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/cpu/operand_access.hpp"
#include "kernels/cuda/cublas_fp16_gemm.cuh"
#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/w4a16_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_wgmma.cuh"
#include "kernels/output_scaling.hpp"

namespace mixsim::kernels {

static_assert(sizeof(kW4A16AllVariants) / sizeof(kW4A16AllVariants[0]) == kW4A16VariantCount);
static_assert(kW4A16AllVariants[kW4A16StreamKVariant] == W4A16Variant::kStreamK);

namespace {

struct CublasHandle {
  cublasHandle_t h = nullptr;
  CublasHandle() { MIXSIM_CUBLAS_CHECK(cublasCreate(&h)); }
  ~CublasHandle() { cublasDestroy(h); }
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
};

// Row-major rows x cols floats -> FP16, padded with zeros to rows x cols_pad.
std::vector<__half> to_fp16_padded(const float* src, int64_t rows, int64_t cols, int64_t cols_pad) {
  std::vector<__half> out(static_cast<size_t>(rows * cols_pad), __float2half(0.0f));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      out[static_cast<size_t>(r * cols_pad + c)] = __float2half(src[r * cols + c]);
  return out;
}

MatrixF32 download(const DeviceBuffer<float>& y, int64_t m, int64_t n) {
  return MatrixF32(m, n, y.to_host());
}

// Workspace of the stream-K decode variant, counters zeroed.
struct StreamKScratch {
  explicit StreamKScratch(const W4A16Shape& s)
      : plan(w4a16_streamk_plan(s)),
        partials(static_cast<size_t>(plan.partial_floats)),
        counters(std::vector<uint32_t>(static_cast<size_t>(plan.counters), 0u)) {}
  W4A16StreamKWorkspace workspace() const { return {partials.get(), counters.get()}; }
  W4A16StreamKPlan plan;
  DeviceBuffer<float> partials;
  DeviceBuffer<uint32_t> counters;
};

// W4A16 weights packed for the fused kernels and uploaded, with the stream-K workspace.
struct UploadedW4A16 {
  explicit UploadedW4A16(const QuantizedMatrix& w)
      : packed(pack_w4a16(w)), words(packed.words), scales(packed.scales), zeros(packed.zeros),
        scratch(packed.shape) {}
  W4A16DeviceWeights weights() const {
    const W4A16Shape& s = packed.shape;
    return {s, reinterpret_cast<const uint4*>(words.get()), scales.get(),
            s.asymmetric ? zeros.get() : nullptr, scratch.workspace()};
  }
  W4A16HostPacked packed;
  DeviceBuffer<uint32_t> words;
  DeviceBuffer<__half> scales;
  DeviceBuffer<uint8_t> zeros;
  StreamKScratch scratch;
};

}  // namespace

bool cuda_runtime_has_device() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver" error
    return false;
  }
  return count > 0;
}

std::string cuda_device_name() {
  if (!cuda_runtime_has_device()) return "";
  cudaDeviceProp prop{};
  MIXSIM_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  return prop.name;
}

namespace {

// Stands in for the kernel before a decode GEMV: lets its dependants launch at once, runs for a
// while, then writes the activations the GEMV reads.
__global__ void produce_activations_late(const __half* staged, __half* x, int64_t count,
                                         int64_t spin_cycles) {
  asm volatile("griddepcontrol.launch_dependents;\n" ::: "memory");
  const int64_t start = clock64();
  while (clock64() - start < spin_cycles) {
  }
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < count;
       i += int64_t{gridDim.x} * blockDim.x)
    x[i] = staged[i];
}

}  // namespace

MatrixF32 cuda_gemm_w4a16_programmatic(const QuantizedOperands& ops, int fused_variant) {
  const MatrixF32& x = fp16_activations_of(ops);
  const UploadedW4A16 uploaded(weights_of(ops));
  const W4A16Shape& s = uploaded.packed.shape;
  const int64_t m = x.rows();
  if (m > kW4A16MaxFusedRows)
    throw std::invalid_argument("cuda w4a16 (programmatic launch): M=" + std::to_string(m) +
                                " above the fused kernel's 64");
  if (fused_variant >= kW4A16VariantCount)
    throw std::invalid_argument("cuda w4a16: no fused variant " + std::to_string(fused_variant));
  DeviceBuffer<__half> d_staged(to_fp16_padded(x.data(), m, s.k, s.k_pad));
  // Poisoned with NaN: a GEMV that read X before the producer wrote it returns NaN.
  DeviceBuffer<__half> d_x(std::vector<__half>(static_cast<size_t>(m * s.k_pad), __ushort_as_half(0x7E00)));
  DeviceBuffer<float> d_y(static_cast<size_t>(m * s.n));
  const W4A16DeviceWeights dw = uploaded.weights();
  cudaStream_t stream;
  MIXSIM_CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  produce_activations_late<<<1, 256, 0, stream>>>(d_staged.get(), d_x.get(), m * s.k_pad, 200'000);
  MIXSIM_CUDA_CHECK_LAUNCH();
  launch_w4a16_fused(dw, d_x.get(), m, d_y.get(), stream,
                     fused_variant < 0 ? w4a16_default_variant(s, m) : kW4A16AllVariants[fused_variant],
                     /*programmatic=*/true);
  MIXSIM_CUDA_CHECK(cudaStreamSynchronize(stream));
  MIXSIM_CUDA_CHECK(cudaStreamDestroy(stream));
  return download(d_y, m, s.n);
}

MatrixF32 cuda_gemm_w4a16(const QuantizedOperands& ops, int fused_variant) {
  const MatrixF32& x = fp16_activations_of(ops);
  const UploadedW4A16 uploaded(weights_of(ops));
  const W4A16Shape& s = uploaded.packed.shape;
  const int64_t m = x.rows();
  DeviceBuffer<__half> d_x(to_fp16_padded(x.data(), m, s.k, s.k_pad));
  DeviceBuffer<float> d_y(static_cast<size_t>(m * s.n));
  const W4A16DeviceWeights dw = uploaded.weights();
  if (m <= kW4A16MaxFusedRows) {
    if (fused_variant >= kW4A16VariantCount)
      throw std::invalid_argument("cuda w4a16: no fused variant " + std::to_string(fused_variant));
    const W4A16Variant v = fused_variant < 0 ? w4a16_default_variant(s, m) : kW4A16AllVariants[fused_variant];
    // Twice into the same Y, poisoned (NaN) in between: the second launch reuses the stream-K
    // workspace, so a kernel that left its tile counters dirty writes nothing the second time
    // and the NaN fails the tolerance check.
    launch_w4a16_fused(dw, d_x.get(), m, d_y.get(), nullptr, v);
    MIXSIM_CUDA_CHECK(cudaMemsetAsync(d_y.get(), 0xFF, d_y.size() * sizeof(float), nullptr));
    launch_w4a16_fused(dw, d_x.get(), m, d_y.get(), nullptr, v);
  } else {
    DeviceBuffer<__half> d_w16(static_cast<size_t>(s.n_pad * s.k_pad));
    launch_w4a16_dequantize(dw, d_w16.get(), nullptr);
    CublasHandle handle;
    cublas_fp16_gemm(handle.h, d_x.get(), s.k_pad, d_w16.get(), s.k_pad, m, s.n, s.k_pad,
                     d_y.get(), true, nullptr);
  }
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, m, s.n);
}

namespace {

// wgmma_variant: -2 = mma.sync kernel; -1 = wgmma default; >= 0 = that wgmma variant.
MatrixF32 run_w4a8_intscale(const QuantizedOperands& ops, bool allow_split_k, int wgmma_variant) {
  const QuantizedMatrix& w = weights_of(ops);
  const QuantizedActivations& a = activations_of(ops);
  const IntegerScales& is = integer_scales_of(ops);
  const bool use_wgmma = wgmma_variant >= -1;
  const W4A8HostPacked packed = use_wgmma ? pack_w4a8_wgmma(w, is) : pack_w4a8(w, is);
  const W4A8Shape& s = packed.shape;
  const int64_t m = a.rows;
  std::vector<int8_t> x(static_cast<size_t>(m * s.k_pad), 0);
  for (int64_t r = 0; r < m; ++r)
    for (int64_t k = 0; k < s.k; ++k) x[static_cast<size_t>(r * s.k_pad + k)] = a.code(r, k);
  std::vector<float> out_scale(static_cast<size_t>(m));
  for (int64_t r = 0; r < m; ++r)
    out_scale[static_cast<size_t>(r)] =
        intscale_output_scale(a.scales[static_cast<size_t>(r)], packed.alpha);
  DeviceBuffer<uint32_t> d_words(packed.words);
  DeviceBuffer<int32_t> d_scales(packed.integer_scales);
  DeviceBuffer<uint8_t> d_zeros(packed.zeros);
  DeviceBuffer<int8_t> d_x(x);
  DeviceBuffer<float> d_os(out_scale);
  DeviceBuffer<float> d_y(static_cast<size_t>(m * s.n));
  W4A8DeviceWeights dw{s, reinterpret_cast<const uint4*>(d_words.get()), d_scales.get(),
                       s.asymmetric ? d_zeros.get() : nullptr};
  if (use_wgmma) {
    launch_w4a8_intscale_wgmma(dw, d_x.get(), d_os.get(), m, d_y.get(), nullptr, wgmma_variant);
  } else {
    DeviceBuffer<int32_t> d_split(static_cast<size_t>(m * s.n));
    launch_w4a8_intscale(dw, d_x.get(), d_os.get(), m, d_y.get(),
                         allow_split_k ? d_split.get() : nullptr, nullptr);
    MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
    return download(d_y, m, s.n);
  }
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, m, s.n);
}

}  // namespace

MatrixF32 cuda_gemm_w4a8_intscale(const QuantizedOperands& ops, bool allow_split_k) {
  const QuantizedMatrix& w = weights_of(ops);
  const W4A8Shape s = w4a8_shape(w.rows, w.cols, w.group_size, !w.is_symmetric);
  const bool wgmma = allow_split_k && w4a8_use_wgmma(s, activations_of(ops).rows);
  return run_w4a8_intscale(ops, allow_split_k, wgmma ? -1 : -2);
}

bool cuda_w4a8_wgmma_supported(const QuantizedOperands& ops) {
  const QuantizedMatrix& w = weights_of(ops);
  return w4a8_wgmma_supported(w4a8_shape(w.rows, w.cols, w.group_size, !w.is_symmetric));
}

MatrixF32 cuda_gemm_w4a8_intscale_wgmma(const QuantizedOperands& ops, int variant) {
  if (variant < 0 || variant >= kW4A8WgmmaVariantCount)
    throw std::invalid_argument("cuda w4a8-intscale (wgmma): no variant " + std::to_string(variant));
  return run_w4a8_intscale(ops, false, variant);
}

MatrixF32 cuda_gemm_fp16_cublas(const MatrixF32& x, const MatrixF32& w) {
  if (x.cols() != w.cols())
    throw std::invalid_argument("cuBLAS FP16 GEMM: X has K=" + std::to_string(x.cols()) +
                                " but W has K=" + std::to_string(w.cols()));
  const int64_t m = x.rows(), n = w.rows(), k = x.cols();
  DeviceBuffer<__half> d_x(to_fp16_padded(x.data(), m, k, k));
  DeviceBuffer<__half> d_w(to_fp16_padded(w.data(), n, k, k));
  DeviceBuffer<float> d_y(static_cast<size_t>(m * n));
  CublasHandle handle;
  cublas_fp16_gemm(handle.h, d_x.get(), k, d_w.get(), k, m, n, k, d_y.get(), true, nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, m, n);
}

}  // namespace mixsim::kernels
