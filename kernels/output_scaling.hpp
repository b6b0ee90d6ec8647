#pragma once
// The float steps that follow the exact integer sums, written once and shared by the CPU scalar
// path, the CPU SIMD path and the CUDA kernels so that every implementation rounds exactly like
// models/golden_gemms.hpp (fl32 = round to FP32; no fused multiply-add: kernels/ is compiled
// with -ffp-contract=off and the CUDA code calls the _rn intrinsics).
#include <cmath>
#include <cstdint>

#if defined(__CUDACC__)
#define MIXSIM_HOST_DEVICE __host__ __device__
#else
#define MIXSIM_HOST_DEVICE
#endif

namespace mixsim::kernels {

MIXSIM_HOST_DEVICE inline float mul_rn(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fmul_rn(a, b);
#else
  return a * b;
#endif
}
MIXSIM_HOST_DEVICE inline float add_rn(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fadd_rn(a, b);
#else
  return a + b;
#endif
}

// Integer scale: Y = fl32(fl32(acc) * fl32(s_a * 2^-alpha)), acc = sum_g s_int * P exact.
MIXSIM_HOST_DEVICE inline float intscale_output_scale(float activation_scale, int alpha) {
  return std::ldexp(activation_scale, -alpha);
}
MIXSIM_HOST_DEVICE inline float intscale_output(int64_t acc, float output_scale) {
  return mul_rn(static_cast<float>(acc), output_scale);
}

// Dequantize after the group (W4A8 float scale, W8A8 with one group of K):
//   acc = fl32(acc + fl32(s * fl32(P))) over ascending g; Y = fl32(acc * s_a).
MIXSIM_HOST_DEVICE inline float group_dequant_step(float acc, float scale, int32_t group_sum) {
  return add_rn(acc, mul_rn(scale, static_cast<float>(group_sum)));
}
MIXSIM_HOST_DEVICE inline float group_dequant_output(float acc, float activation_scale) {
  return mul_rn(acc, activation_scale);
}

// Block-scaled FP4: acc = fl32(acc + fl32(D/4 * s_x * s_w)) (FP64 product exact);
// Y = fl32(acc * fl32(t_x * t_w)).
inline float block_scaled_step(float acc, int32_t doubled_dot, double scale_x, double scale_w) {
  return acc + static_cast<float>(static_cast<double>(doubled_dot) * 0.25 * scale_x * scale_w);
}

}  // namespace mixsim::kernels
