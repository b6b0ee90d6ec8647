// Built instead of w4a8_intscale_wgmma.cu when nvcc is older than 12.0 (no sm_90a target): the
// wgmma path reports itself unsupported, so callers keep the mma.sync kernel.
#include <stdexcept>

#include "kernels/cuda/w4a8_intscale_wgmma.cuh"
#include "kernels/cuda/w8a8_wgmma_gemm.cuh"

namespace mixsim::kernels {

W4A8HostPacked pack_w4a8_wgmma(const QuantizedMatrix& w, const IntegerScales& s) {
  return pack_w4a8(w, s);
}
W4A8HostPacked pack_w4a8_wgmma_float_scale(const QuantizedMatrix&) {
  throw std::runtime_error("cuda wgmma float scale: this build has no sm_90a code (nvcc < 12)");
}
W4A8HostPacked pack_w8a8_wgmma(const QuantizedMatrix&) {
  throw std::runtime_error("cuda w8a8 (wgmma): this build has no sm_90a code (nvcc < 12)");
}
void launch_wgmma_float_scale(const W4A8DeviceWeights&, int, const int8_t*, const float*, int64_t,
                              float*, cudaStream_t, int) {
  throw std::runtime_error("cuda wgmma float scale: this build has no sm_90a code (nvcc < 12)");
}
bool w4a8_wgmma_supported(const W4A8Shape&) { return false; }
bool w8a8_fused_supported() { return false; }
void launch_w8a8_fused(const W8A8FusedArgs&, float*, cudaStream_t) {
  throw std::runtime_error("cuda w8a8 fused: this build has no sm_90a code (nvcc < 12)");
}
int64_t w4a8_wgmma_split_scratch_words(const W4A8Shape& s, int64_t m) { return m * s.n; }
int w4a8_wgmma_default_variant(const W4A8Shape&, int64_t) { return 0; }
void launch_w4a8_intscale_wgmma(const W4A8DeviceWeights&, const int8_t*, const float*, int64_t,
                                float*, cudaStream_t, int, int32_t*) {
  throw std::runtime_error("cuda w4a8-intscale (wgmma): this build has no sm_90a code (nvcc < 12)");
}

}  // namespace mixsim::kernels
