#pragma once
// The SIMD inner products of the CPU kernels, dispatched at run time to the best instruction set
// the processor has (Highway HWY_DYNAMIC_DISPATCH: SSE4/AVX2/AVX-512 on x86). Each function
// handles up to kMaxActivationRows activation rows against one weight row, so a weight row is
// unpacked once per block of tokens. Without Highway (the GPU machine) a portable loop is built.
#include <cstdint>

namespace mixsim::kernels {

inline constexpr int kMaxActivationRows = 4;

// Requirement for the group functions: G a multiple of 16 (G/2 a multiple of 8).
// Integer group sums over 4-bit codes in the GroupPackedInt4 layout of one weight row:
// out[r * out_stride + g] = sum_{k in g} a[r][k] * decode(u[k]), decode = lut[u] when lut is
// non-null, else u itself. Exact (int32); |a| <= 2^15 and |decode| <= 127 assumed.
void group_dots_int4(const uint8_t* weight_row, const int16_t* const* activation_rows, int rows,
                     int64_t k, int group_size, const int8_t* lut16, int32_t* out,
                     int64_t out_stride);

// Exact int32 dot products of one int8 weight row with rows of int16 activations.
void dots_int8(const int8_t* weight_row, const int16_t* const* activation_rows, int rows,
               int64_t k, int32_t* out);

// FP32 group sums for W4A16: out[r * out_stride + g] = sum_{k in g} x[r][k] * (u[k] - offset[g]),
// FP32 products and FP32 accumulation (lane order depends on the vector width).
void group_dots_w4_f32(const uint8_t* weight_row, const int32_t* offsets,
                       const float* const* activation_rows, int rows, int64_t k, int group_size,
                       float* out, int64_t out_stride);

// Dense FP32 dot products (the FP16/FP32 dense baseline), FP32 accumulation.
void dots_f32(const float* weight_row, const float* const* activation_rows, int rows, int64_t k,
              float* out);

// Name of the instruction set the dispatcher picked on this processor (for benchmark logs).
const char* simd_target_name();

}  // namespace mixsim::kernels
