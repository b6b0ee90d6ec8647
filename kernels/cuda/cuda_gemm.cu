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
#include "kernels/cuda/golden_order_gemm.cuh"
#include "kernels/cuda/int8_group_gemm.cuh"
#include "kernels/cuda/w4a16_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_gemm.cuh"
#include "kernels/cuda/w4a8_intscale_wgmma.cuh"
#include "kernels/cuda/w8a8_cublaslt_gemm.cuh"
#include "kernels/cuda/w8a8_wgmma_gemm.cuh"
#include "kernels/output_scaling.hpp"
#include "models/block_scaled_quantizer.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/fp8_quantizer.hpp"

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

// The FP16 W4A16 kernels take FP16 and E4M3 activations (every E4M3 value, subnormals included,
// is an FP16 value); BF16 values are not FP16 values (range, and 8 vs 11 significant bits), so
// BF16 runs on cuda_gemm_float_activation_exact only.
void require_fp16_representable(const QuantizedOperands& ops, const char* kernel) {
  if (ops.recipe.float_activation == FloatActivation::BF16)
    throw std::invalid_argument(std::string("cuda ") + kernel + ": recipe " + ops.recipe.name +
                                " has BF16 activations, which FP16 cannot hold; run it through "
                                "run_kernel_gemm (the golden-order kernel)");
}

// E4M3 activations: Y = fl32(acc * s_x[m]) per token, as golden applies the token scale.
MatrixF32 apply_token_scales(const QuantizedOperands& ops, MatrixF32 y) {
  if (ops.recipe.float_activation != FloatActivation::FP8E4M3) return y;
  if (!ops.activations_fp8 || static_cast<int64_t>(ops.activations_fp8->scales.size()) != y.rows())
    throw std::invalid_argument("recipe " + ops.recipe.name + ": FP8 activation scales missing");
  for (int64_t m = 0; m < y.rows(); ++m) {
    const float s = ops.activations_fp8->scales[static_cast<size_t>(m)];
    for (int64_t n = 0; n < y.cols(); ++n) y(m, n) = y(m, n) * s;
  }
  return y;
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
  require_fp16_representable(ops, "w4a16 (programmatic launch)");
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
  return apply_token_scales(ops, download(d_y, m, s.n));
}

MatrixF32 cuda_gemm_w4a16(const QuantizedOperands& ops, int fused_variant) {
  require_fp16_representable(ops, "w4a16");
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
  return apply_token_scales(ops, download(d_y, m, s.n));
}

MatrixF32 cuda_gemm_float_activation_exact(const QuantizedOperands& ops) {
  if (ops.recipe.kind != RecipeKind::W4A16)
    throw std::invalid_argument("cuda golden-order float-activation GEMM: recipe " + ops.recipe.name +
                                " is not a float-activation recipe (w{b}a16 / w{b}abf16 / w{b}afp8)");
  const MatrixF32& x = fp16_activations_of(ops);
  const QuantizedMatrix& w = weights_of(ops);
  std::vector<float> wv(static_cast<size_t>(w.rows * w.cols));
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k) wv[static_cast<size_t>(n * w.cols + k)] = static_cast<float>(w.centered(n, k));
  const std::vector<float>* token_scales = nullptr;
  if (ops.recipe.float_activation == FloatActivation::FP8E4M3) {
    if (!ops.activations_fp8 || static_cast<int64_t>(ops.activations_fp8->scales.size()) != x.rows())
      throw std::invalid_argument("recipe " + ops.recipe.name + ": FP8 activation scales missing");
    token_scales = &ops.activations_fp8->scales;
  }
  DeviceBuffer<float> d_x(x.storage());
  DeviceBuffer<float> d_w(wv);
  DeviceBuffer<float> d_s(w.scales);
  DeviceBuffer<float> d_ts(token_scales ? *token_scales : std::vector<float>{});
  DeviceBuffer<float> d_y(static_cast<size_t>(x.rows() * w.rows));
  GoldenOrderArgs args;
  args.mode = GoldenOrderMode::FloatActivation;
  args.m = x.rows();
  args.n = w.rows;
  args.k_pad = w.cols;  // K is a multiple of G, and G of 32
  args.group = w.group_size;
  args.x = d_x.get();
  args.w = d_w.get();
  args.group_scales = d_s.get();
  args.row_scales = token_scales ? d_ts.get() : nullptr;
  launch_golden_order_gemm(args, d_y.get(), nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, x.rows(), w.rows);
}

MatrixF32 cuda_gemm_fp8(const QuantizedOperands& ops) {
  if (!ops.activations_fp8 || !ops.weights_fp8)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": FP8 operands missing");
  const Fp8Matrix& x = *ops.activations_fp8;
  const Fp8Matrix& w = *ops.weights_fp8;
  if (x.cols != w.cols || x.format != w.format)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": FP8 operands differ in K or format");
  const int64_t k_pad = (x.cols + kGoldenChunkK - 1) / kGoldenChunkK * kGoldenChunkK;
  auto values = [&](const Fp8Matrix& v) {
    std::vector<float> out(static_cast<size_t>(v.rows * k_pad), 0.0f);  // zero padding: +0 products
    for (int64_t r = 0; r < v.rows; ++r)
      for (int64_t k = 0; k < v.cols; ++k)
        out[static_cast<size_t>(r * k_pad + k)] =
            static_cast<float>(fp8_decode(v.format, v.codes[static_cast<size_t>(r * v.cols + k)]));
    return out;
  };
  DeviceBuffer<float> d_x(values(x));
  DeviceBuffer<float> d_w(values(w));
  DeviceBuffer<float> d_sx(x.scales);
  DeviceBuffer<float> d_sw(w.scales);
  DeviceBuffer<float> d_y(static_cast<size_t>(x.rows * w.rows));
  GoldenOrderArgs args;
  args.mode = GoldenOrderMode::Fp8;
  args.m = x.rows;
  args.n = w.rows;
  args.k_pad = k_pad;
  args.x = d_x.get();
  args.w = d_w.get();
  args.row_scales = d_sx.get();
  args.col_scales = d_sw.get();
  launch_golden_order_gemm(args, d_y.get(), nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, x.rows, w.rows);
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
    // The dispatched kernel (allow_split_k) may split K (memset + epilogue kernel), and variant 6
    // (split-K finished in the kernel); the other per-variant test entries do not.
    // Split-K scratch: zero before the first launch, left zero by every launch. Launched twice
    // into the same Y, poisoned (NaN) in between: a launch that left the scratch dirty (totals
    // or tile counters) makes the second result wrong.
    const bool split = allow_split_k || wgmma_variant == 6 || wgmma_variant == 8 || wgmma_variant == 10 ||
                       wgmma_variant == 12 || wgmma_variant == 13 ||
                       wgmma_variant == 14 || wgmma_variant == 15;
    DeviceBuffer<int32_t> d_split(std::vector<int32_t>(
        split ? static_cast<size_t>(w4a8_wgmma_split_scratch_words(s, m)) : 0, 0));
    for (int launch = 0; launch < (split ? 2 : 1); ++launch) {
      if (launch > 0) MIXSIM_CUDA_CHECK(cudaMemsetAsync(d_y.get(), 0xFF, d_y.bytes(), nullptr));
      launch_w4a8_intscale_wgmma(dw, d_x.get(), d_os.get(), m, d_y.get(), nullptr, wgmma_variant,
                                 split ? d_split.get() : nullptr);
    }
    MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
    return download(d_y, m, s.n);
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

namespace {

int64_t round_up(int64_t v, int64_t to) { return (v + to - 1) / to * to; }

// INT8 activation codes, M x k_pad, zero padded.
std::vector<int8_t> int8_activation_rows(const QuantizedActivations& a, int64_t k_pad) {
  std::vector<int8_t> x(static_cast<size_t>(a.rows * k_pad), 0);
  for (int64_t r = 0; r < a.rows; ++r)
    for (int64_t k = 0; k < a.cols; ++k) x[static_cast<size_t>(r * k_pad + k)] = static_cast<int8_t>(a.code(r, k));
  return x;
}

// W4A8 float scale and W8A8 on the warp-specialized wgmma kernel (packed by the caller).
MatrixF32 run_wgmma_float_scale(const QuantizedActivations& a, const W4A8HostPacked& packed, int bits,
                                int ping_pong = -1) {
  const W4A8Shape& s = packed.shape;
  DeviceBuffer<uint32_t> d_words(packed.words);
  DeviceBuffer<int32_t> d_scales(packed.integer_scales);
  DeviceBuffer<uint8_t> d_zeros(packed.zeros);
  DeviceBuffer<int8_t> d_x(int8_activation_rows(a, s.k_pad));
  DeviceBuffer<float> d_as(a.scales);
  DeviceBuffer<float> d_y(static_cast<size_t>(a.rows * s.n));
  const W4A8DeviceWeights dw{s, reinterpret_cast<const uint4*>(d_words.get()), d_scales.get(),
                             s.asymmetric ? d_zeros.get() : nullptr};
  launch_wgmma_float_scale(dw, bits, d_x.get(), d_as.get(), a.rows, d_y.get(), nullptr, ping_pong);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, a.rows, s.n);
}

// W4A8 float scale or W8A8 on the generic kernel: q - z expanded to INT8 on the host. One group
// of K (W8A8) becomes one group of k_pad (the zero padding adds nothing).
MatrixF32 run_generic_group_dequant(const QuantizedActivations& a, const QuantizedMatrix& w) {
  const int64_t k_pad = round_up(w.cols, 16);
  std::vector<int8_t> wq(static_cast<size_t>(w.rows * k_pad), 0);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k)
      wq[static_cast<size_t>(n * k_pad + k)] = static_cast<int8_t>(w.centered(n, k));
  DeviceBuffer<int8_t> d_w(wq);
  DeviceBuffer<int8_t> d_x(int8_activation_rows(a, k_pad));
  DeviceBuffer<float> d_ws(w.scales);
  DeviceBuffer<float> d_as(a.scales);
  DeviceBuffer<float> d_y(static_cast<size_t>(a.rows * w.rows));
  GroupGemmArgs args;
  args.m = a.rows;
  args.n = w.rows;
  args.k_pad = k_pad;
  args.group = w.groups() == 1 ? static_cast<int>(k_pad) : w.group_size;
  args.x = reinterpret_cast<const uint8_t*>(d_x.get());
  args.w = reinterpret_cast<const uint8_t*>(d_w.get());
  args.epilogue = GroupEpilogue::GroupDequant;
  args.weight_scales = d_ws.get();
  args.activation_scales = d_as.get();
  launch_group_gemm(args, d_y.get(), nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, a.rows, w.rows);
}

// W8A8 through cuBLASLt INT8; returns false (nothing computed) where cuBLASLt refuses it.
bool run_w8a8_cublaslt(const QuantizedActivations& a, const QuantizedMatrix& w, MatrixF32* y) {
  const int64_t k_ld = round_up(w.cols, 16), n_ld = round_up(w.rows, 16);
  std::vector<int8_t> wq(static_cast<size_t>(w.rows * k_ld), 0);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k) wq[static_cast<size_t>(n * k_ld + k)] = static_cast<int8_t>(w.code(n, k));
  std::vector<float> ws(static_cast<size_t>(w.rows));
  for (int64_t n = 0; n < w.rows; ++n) ws[static_cast<size_t>(n)] = w.scale(n, 0);
  DeviceBuffer<int8_t> d_w(wq);
  DeviceBuffer<int8_t> d_x(int8_activation_rows(a, k_ld));
  DeviceBuffer<int32_t> d_p(static_cast<size_t>(a.rows * n_ld));
  DeviceBuffer<float> d_ws(ws);
  DeviceBuffer<float> d_as(a.scales);
  DeviceBuffer<float> d_y(static_cast<size_t>(a.rows * w.rows));
  CublasLtInt8Gemm gemm(a.rows, w.rows, k_ld, n_ld);
  if (!gemm.run(d_w.get(), d_x.get(), d_p.get(), nullptr)) return false;
  launch_w8a8_dequant_epilogue(d_p.get(), n_ld, d_ws.get(), d_as.get(), a.rows, w.rows, d_y.get(), nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  *y = download(d_y, a.rows, w.rows);
  return true;
}

// W8A8 on the fused INT8 wgmma kernel (Hopper).
MatrixF32 run_w8a8_fused(const QuantizedActivations& a, const QuantizedMatrix& w, bool staged_scales = true,
                         bool tma_store = false) {
  const int64_t k_ld = round_up(w.cols, 16);
  std::vector<int8_t> wq(static_cast<size_t>(w.rows * k_ld), 0);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k) wq[static_cast<size_t>(n * k_ld + k)] = static_cast<int8_t>(w.code(n, k));
  std::vector<float> ws(static_cast<size_t>(w.rows));
  for (int64_t n = 0; n < w.rows; ++n) ws[static_cast<size_t>(n)] = w.scale(n, 0);
  DeviceBuffer<int8_t> d_w(wq);
  DeviceBuffer<int8_t> d_x(int8_activation_rows(a, k_ld));
  DeviceBuffer<float> d_ws(ws);
  DeviceBuffer<float> d_as(a.scales);
  DeviceBuffer<float> d_y(static_cast<size_t>(a.rows * w.rows));
  W8A8FusedArgs args;
  args.m = a.rows;
  args.n = w.rows;
  args.k_ld = k_ld;
  args.x = d_x.get();
  args.w = d_w.get();
  args.w_scales = d_ws.get();
  args.a_scales = d_as.get();
  args.staged_scales = staged_scales;
  args.tma_store = tma_store;
  launch_w8a8_fused(args, d_y.get(), nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, a.rows, w.rows);
}

bool wgmma_path(CudaGemmPath path, bool supported, const std::string& recipe) {
  if (path == CudaGemmPath::Wgmma && !supported)
    throw std::invalid_argument("cuda " + recipe + ": the wgmma kernel needs compute capability 9.0" +
                                " and (4-bit weights) a group size of 128 or 256");
  return path == CudaGemmPath::Wgmma || (path == CudaGemmPath::Auto && supported);
}

// FP4 codes (low nibbles) packed two per byte, element 2i in the low nibble of byte i.
std::vector<uint8_t> packed_fp4_rows(const BlockScaledMatrix& b) {
  std::vector<uint8_t> out(static_cast<size_t>(b.rows * b.cols / 2), 0);
  for (int64_t i = 0; i < b.rows * b.cols / 2; ++i)
    out[static_cast<size_t>(i)] = static_cast<uint8_t>((b.element_codes[static_cast<size_t>(2 * i)] & 0xF) |
                                                       ((b.element_codes[static_cast<size_t>(2 * i + 1)] & 0xF) << 4));
  return out;
}
std::vector<double> decoded_block_scales(const BlockScaledMatrix& b) {
  std::vector<double> s(static_cast<size_t>(b.rows * b.blocks()));
  for (int64_t r = 0; r < b.rows; ++r)
    for (int64_t k = 0; k < b.blocks(); ++k)
      s[static_cast<size_t>(r * b.blocks() + k)] = block_scale_value(b, r, k);
  return s;
}

}  // namespace

bool cuda_wgmma_float_scale_supported(const QuantizedOperands& ops) {
  const QuantizedMatrix& w = weights_of(ops);
  if (w.bits == 8) {
    const W4A8Shape s{w.rows, w.cols, round_up(w.rows, 128), round_up(w.cols, 128),
                      static_cast<int>(round_up(w.cols, 128)), false};
    return w.is_symmetric && w.groups() == 1 && w4a8_wgmma_supported(s);
  }
  if (w.group_size != 128 && w.group_size != 256) return false;
  return w4a8_wgmma_supported(w4a8_shape(w.rows, w.cols, w.group_size, !w.is_symmetric));
}

MatrixF32 cuda_gemm_w4a8_float_scale_wgmma(const QuantizedOperands& ops, int ping_pong) {
  if (!cuda_wgmma_float_scale_supported(ops))
    throw std::invalid_argument("cuda " + ops.recipe.name + ": the wgmma kernel needs compute capability 9.0 and G % 128 == 0");
  return run_wgmma_float_scale(activations_of(ops), pack_w4a8_wgmma_float_scale(weights_of(ops)), 4, ping_pong);
}

MatrixF32 cuda_gemm_w4a8_float_scale(const QuantizedOperands& ops, CudaGemmPath path) {
  const QuantizedMatrix& w = weights_of(ops);
  const QuantizedActivations& a = activations_of(ops);
  if (w.bits < 2 || w.bits > 4)
    throw std::invalid_argument("cuda " + ops.recipe.name + ": weights must have 2, 3 or 4 bits (4-bit storage)");
  if (wgmma_path(path, cuda_wgmma_float_scale_supported(ops), ops.recipe.name))
    return run_wgmma_float_scale(a, pack_w4a8_wgmma_float_scale(w), 4);
  return run_generic_group_dequant(a, w);
}

MatrixF32 cuda_gemm_w8a8_fused(const QuantizedOperands& ops, bool staged_scales, bool tma_store) {
  const QuantizedMatrix& w = weights_of(ops);
  if (w.bits != 8 || !w.is_symmetric || w.groups() != 1)
    throw std::invalid_argument("cuda " + ops.recipe.name + ": weights must be symmetric 8-bit per-channel");
  if (!w8a8_fused_supported())
    throw std::invalid_argument("cuda " + ops.recipe.name + ": the fused W8A8 kernel needs compute capability 9.0");
  return run_w8a8_fused(activations_of(ops), w, staged_scales, tma_store);
}

MatrixF32 cuda_gemm_w8a8(const QuantizedOperands& ops, CudaGemmPath path) {
  const QuantizedMatrix& w = weights_of(ops);
  const QuantizedActivations& a = activations_of(ops);
  if (w.bits != 8 || !w.is_symmetric || w.groups() != 1)
    throw std::invalid_argument("cuda " + ops.recipe.name + ": weights must be symmetric 8-bit per-channel");
  // Auto takes the fused kernel at M >= 1024: with its scales staged (H200 run 21) it took
  // 0.55-0.77 of cuBLASLt + epilogue's time on every point measured there (N = 4096, M = 1024,
  // K = 512..8192; 4096 x 4096 and 14336 x 4096 at M = 4096). Below, one row of 128-token tiles
  // leaves most SMs idle (H100 run 19: 0.34-0.97x cuBLAS FP16 at M = 128): cuBLASLt first.
  const bool fused_auto = path == CudaGemmPath::Auto && a.rows >= 1024 && w8a8_fused_supported();
  if (path == CudaGemmPath::Fused || fused_auto) {
    if (!w8a8_fused_supported())
      throw std::invalid_argument("cuda " + ops.recipe.name + ": the fused W8A8 kernel needs compute capability 9.0");
    return run_w8a8_fused(a, w);
  }
  if (path == CudaGemmPath::Auto || path == CudaGemmPath::CublasLt) {
    MatrixF32 y;
    if (run_w8a8_cublaslt(a, w, &y)) return y;
    if (path == CudaGemmPath::CublasLt)
      throw std::runtime_error("cuda " + ops.recipe.name + ": cuBLASLt has no INT8 kernel for this problem");
  }
  if (wgmma_path(path, cuda_wgmma_float_scale_supported(ops), ops.recipe.name))
    return run_wgmma_float_scale(a, pack_w8a8_wgmma(w), 8);
  return run_generic_group_dequant(a, w);
}

MatrixF32 cuda_gemm_block_scaled(const QuantizedOperands& ops) {
  const BlockScaledMatrix& w = block_weights_of(ops);
  const BlockScaledMatrix& x = block_activations_of(ops);
  if (x.scale_format != w.scale_format)
    throw std::invalid_argument("cuda " + ops.recipe.name + ": operands differ in scale format");
  DeviceBuffer<uint8_t> d_x(packed_fp4_rows(x));
  DeviceBuffer<uint8_t> d_w(packed_fp4_rows(w));
  DeviceBuffer<double> d_sx(decoded_block_scales(x));
  DeviceBuffer<double> d_sw(decoded_block_scales(w));
  DeviceBuffer<float> d_y(static_cast<size_t>(x.rows * w.rows));
  GroupGemmArgs args;
  args.m = x.rows;
  args.n = w.rows;
  args.k_pad = x.cols;  // a multiple of the block size (16 or 32)
  args.group = x.block_size;
  args.fp4 = true;
  args.x = d_x.get();
  args.w = d_w.get();
  args.epilogue = GroupEpilogue::BlockScaled;
  args.block_scales_x = d_sx.get();
  args.block_scales_w = d_sw.get();
  args.tensor_scale = x.tensor_scale * w.tensor_scale;
  for (uint8_t c = 0; c < 16; ++c) args.fp4_doubled[c] = static_cast<int8_t>(2.0 * fp4_e2m1_decode(c));
  launch_group_gemm(args, d_y.get(), nullptr);
  MIXSIM_CUDA_CHECK(cudaDeviceSynchronize());
  return download(d_y, x.rows, w.rows);
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
