#pragma once
// Plain-loop versions of the kernels/cpu/simd_dots.hpp functions: the build without Highway
// (the GPU machine) and Highway's scalar target use them.
#include <cstdint>

namespace mixsim::kernels {


inline void portable_group_dots_int4(const uint8_t* w, const int16_t* const* a, int rows, int64_t k,
                     int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  const int64_t half = group_size / 2;
  for (int r = 0; r < rows; ++r)
    for (int64_t g = 0; g < k / group_size; ++g) {
      int32_t sum = 0;
      for (int64_t j = 0; j < half; ++j) {
        const uint8_t b = w[g * half + j];
        const int lo = lut16 ? lut16[b & 0xF] : (b & 0xF);
        const int hi = lut16 ? lut16[b >> 4] : (b >> 4);
        sum += lo * a[r][g * group_size + j] + hi * a[r][g * group_size + half + j];
      }
      out[r * out_stride + g] = sum;
    }
}
inline void portable_group_sums_u4_i8(const uint8_t* const* w, int64_t gs, int rows, const int8_t* const* a,
                                      int tokens, int64_t k, int group_size, int32_t* out,
                                      int64_t out_stride) {
  const int64_t half = group_size / 2;
  for (int r = 0; r < rows; ++r)
    for (int t = 0; t < tokens; ++t)
      for (int64_t g = 0; g < k / group_size; ++g) {
        int32_t sum = 0;
        for (int64_t j = 0; j < half; ++j) {
          const uint8_t b = w[r][g * gs + j];
          sum += (b & 0xF) * a[t][g * group_size + j] + (b >> 4) * a[t][g * group_size + half + j];
        }
        out[(r * tokens + t) * out_stride + g] = sum;
      }
}
// Same contract as intscale_totals_u4_i8: uint32 arithmetic (wraps like the SIMD lanes).
inline void portable_intscale_totals_u4_i8(const uint8_t* const* w, int64_t gs,
                                           const int32_t* const* s,
                                           const uint8_t* const* off, int rows,
                                           const int8_t* const* a, const int32_t* const* asum,
                                           int tokens, int64_t k, int group_size, int32_t* out) {
  const int64_t half = group_size / 2;
  for (int r = 0; r < rows; ++r)
    for (int t = 0; t < tokens; ++t) {
      uint32_t total = 0;
      for (int64_t g = 0; g < k / group_size; ++g) {
        int32_t sum = 0;
        for (int64_t j = 0; j < half; ++j) {
          const uint8_t b = w[r][g * gs + j];
          sum += (b & 0xF) * a[t][g * group_size + j] + (b >> 4) * a[t][g * group_size + half + j];
        }
        const uint32_t p = static_cast<uint32_t>(sum) -
                           uint32_t{off[r][g]} * static_cast<uint32_t>(asum[t][g]);
        total += static_cast<uint32_t>(s[r][g]) * p;
      }
      out[r * tokens + t] = static_cast<int32_t>(total);
    }
}
inline void portable_dots_int8(const int8_t* w, const int16_t* const* a, int rows, int64_t k, int32_t* out) {
  for (int r = 0; r < rows; ++r) {
    int32_t sum = 0;
    for (int64_t t = 0; t < k; ++t) sum += int32_t{w[t]} * a[r][t];
    out[r] = sum;
  }
}
inline void portable_group_dots_w4_f32(const uint8_t* w, const int32_t* offsets, const float* const* x, int rows,
                       int64_t k, int group_size, float* out, int64_t out_stride) {
  const int64_t half = group_size / 2;
  for (int r = 0; r < rows; ++r)
    for (int64_t g = 0; g < k / group_size; ++g) {
      float sum = 0.0f;
      for (int64_t j = 0; j < half; ++j) {
        const uint8_t b = w[g * half + j];
        sum += x[r][g * group_size + j] * static_cast<float>((b & 0xF) - offsets[g]);
        sum += x[r][g * group_size + half + j] * static_cast<float>((b >> 4) - offsets[g]);
      }
      out[r * out_stride + g] = sum;
    }
}
inline void portable_dots_f32(const float* w, const float* const* x, int rows, int64_t k, float* out) {
  for (int r = 0; r < rows; ++r) {
    float sum = 0.0f;
    for (int64_t t = 0; t < k; ++t) sum += w[t] * x[r][t];
    out[r] = sum;
  }
}

// Same contract as w4a16_tiled_dots (kernels/cpu/simd_dots.hpp), sequential order (so it is
// not bit-identical with the SIMD lanes; the tests compare both against FP64).
inline void portable_w4a16_tiled_dots(const uint8_t* tile, const float* scales,
                                      const uint8_t* zeros, int r0, int rows, const float* xs,
                                      const float* xsum8, int64_t k, int group_size, float* out) {
  const int64_t half = group_size / 2;
  const int64_t groups = k / group_size;
  for (int r = 0; r < rows; ++r) {
    float tot = 0.0f;
    for (int64_t g = 0; g < groups; ++g) {
      const uint8_t* wg = tile + (g * 4 + r0 + r) * half;
      const int z = xsum8 ? 8 : zeros[g * 4 + r0 + r];
      float sum = 0.0f;
      for (int64_t kk = 0; kk < group_size; ++kk) {
        const int64_t v = kk / 64, j = kk % 64 / 8, i = kk % 8;
        const int u = (wg[32 * v + 4 * i + j / 2] >> (4 * (j % 2))) & 0xF;
        // xs holds x * 2^-(4 (j % 4)): undo it exactly
        sum += static_cast<float>(u - z) * static_cast<float>(1 << (4 * (j % 4))) * xs[g * group_size + kk];
      }
      tot += scales[g * 4 + r0 + r] * sum;
    }
    out[r] = tot;
  }
}

}  // namespace mixsim::kernels
