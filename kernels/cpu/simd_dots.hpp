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

// INT8-activation path for 4-bit weights (AVX2 vpmaddubsw: unsigned storage code u in [0, 15]
// times signed INT8 activation, pairs summed in INT16 (at most 8 products of |u*a| <= 15*128 per
// INT16 lane, so never saturating), then vpmaddwd with ones to INT32: exact). It needs a group
// size of 64, 128 or 256 (G/2 a multiple of the 32-byte vector) and the AVX2 or AVX-512 target;
// int8_dots_available tells whether the dispatched target has it (otherwise the functions below
// fall back to plain loops with the same results, and cpu_gemm uses group_dots_int4 instead).
// Weight rows in the GroupPackedInt4 group layout (G/2 bytes per group), where group g of row r
// starts at weight_rows[r] + g * group_stride (G/2 for plain rows; 2G for the 4-row tiles of
// cpu_gemm, whose groups are interleaved row by row so that one pass reads memory in order).
// R = weight_rows_count, T = tokens, R * T <= kMaxInt8Tile.
inline constexpr int kMaxInt8Tile = 4;
bool int8_dots_available(int group_size);

// out[(r * T + t) * out_stride + g] = sum_{k in g} u[r][k] * a[t][k] (storage codes, no offset).
void group_sums_u4_i8(const uint8_t* const* weight_rows, int64_t group_stride,
                      int weight_rows_count, const int8_t* const* activation_rows, int tokens,
                      int64_t k, int group_size, int32_t* out, int64_t out_stride);

// Integer-scale totals with the offset applied:
// out[r * T + t] = sum_g s[r][g] * (sum_{k in g} u[r][k] * a[t][k] - offset[r][g] * asum[t][g]),
// computed modulo 2^32 (two's-complement wrap), hence exact whenever the true total fits INT32,
// which the alpha rule of models/integer_scale.hpp guarantees. int_scales16: the same scales as
// INT16 when every one of these rows fits (a faster path: the scale goes into vpmaddwd), or null.
void intscale_totals_u4_i8(const uint8_t* const* weight_rows, int64_t group_stride,
                           const int32_t* const* int_scales, const int16_t* const* int_scales16,
                           const uint8_t* const* offsets, int weight_rows_count,
                           const int8_t* const* activation_rows,
                           const int32_t* const* activation_group_sums, int tokens, int64_t k,
                           int group_size, int32_t* out);

// W4A16 tiled path (AVX2 / AVX-512 targets, G a multiple of 64; w4a16_tiled_available tells).
// Weights in 4-row tiles (cpu_gemm.cpp): group g of tile row r is G/2 bytes at
// tile + (g * 4 + r) * G/2, made of G/64 32-byte vectors; nibble j (bits 4j..4j+3) of 32-bit
// lane i of vector v holds the storage code of k = g * G + 64 v + 8 j + i (w4a16_tiled_index).
// scales / zeros: the tile's group scale and offset (storage code - offset = integer weight,
// offset in [0, 15]) of row r and group g at [g * 4 + r]. xs: one activation row with element
// k multiplied by 2^-(4 * ((k % 64 / 8) % 4)) (w4a16_prescale; exact), because the kernel
// turns nibble j into the float (u - offset) * 2^(4 * (j % 4)) without a shift (OR into the
// mantissa of 2^23, subtract 2^23 + offset * 2^(4 (j % 4))). Rows r0 .. r0 + rows - 1 of the tile:
// out[r] = sum_g scale[g] * (FP32 sum over k in g of x[k] * (u[k] - offset[g])),
// FP32 products and accumulation in lane order (the same order for a row whatever r0 and rows).
// Offset-8 variant (xsum8 non-null; every offset of the tile is 8, i.e. symmetric codes): the
// kernel takes cvt(u * 2^(4 (j % 4))) (no subtraction per weight, one instruction fewer) and
// subtracts 8 * xsum8 once per group, where xsum8 = w4a16_lane_sums of the activation row: the
// sums of x in exactly the lanes and order the kernel accumulates x * u, so a group whose codes
// are all 8 (weights all zero) gives exactly 0, and in general the result is within the same
// FP32 tolerance (the accumulated terms x * u are at most 15 |x| instead of 8 |x|).
bool w4a16_tiled_available(int group_size);
void w4a16_tiled_dots(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                      int rows, const float* xs, const float* xsum8, int64_t k, int group_size,
                      float* out);
// xsum8 for one activation row x (unscaled): 8 floats per group, lane i = ((S0 + S1) + S2) + S3
// with S_a = x summed over v = 0, 1, .. and j = a, a + 4 at k = g * G + 64 v + 8 j + i, in order
// (FP32; the build uses -ffp-contract=off, so these are plain adds).
inline void w4a16_lane_sums(const float* x, int64_t k, int group_size, float* out) {
  for (int64_t g = 0; g < k / group_size; ++g)
    for (int i = 0; i < 8; ++i) {
      float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      for (int64_t v = 0; v < group_size / 64; ++v)
        for (int j = 0; j < 8; ++j) s[j % 4] = s[j % 4] + x[g * group_size + 64 * v + 8 * j + i];
      out[g * 8 + i] = ((s[0] + s[1]) + s[2]) + s[3];
    }
}
// Byte and nibble shift of code kk (0 <= kk < G) inside one row's G/2 bytes of a group.
inline void w4a16_tiled_index(int64_t kk, int64_t& byte, int& shift) {
  const int64_t v = kk / 64, j = kk % 64 / 8, i = kk % 8;
  byte = 32 * v + 4 * i + j / 2;
  shift = static_cast<int>(4 * (j % 2));
}
inline float w4a16_prescale(int64_t kk) {
  constexpr float kPow[4] = {1.0f, 1.0f / 16, 1.0f / 256, 1.0f / 4096};
  return kPow[kk % 64 / 8 % 4];
}

// Name of the instruction set the dispatcher picked on this processor (for benchmark logs).
const char* simd_target_name();

}  // namespace mixsim::kernels
