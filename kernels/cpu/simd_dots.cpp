// Highway implementation of kernels/cpu/simd_dots.hpp: compiled once per x86 target by
// foreach_target and selected at run time. Lanes always cover contiguous runs of K within one
// group (the packing puts code j and j + G/2 in one byte), so no activation permutation is needed.
#include "kernels/cpu/simd_dots.hpp"

#include "kernels/cpu/portable_dots.hpp"

#include <cstddef>

#if MIXSIM_HAVE_HWY

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_dots.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace mixsim::kernels {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET == HWY_SCALAR
// Highway's one-lane target lacks the half-vector and byte-table operations used below.
void GroupDotsInt4(const uint8_t* w, const int16_t* const* a, int rows, int64_t k,
                   int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  portable_group_dots_int4(w, a, rows, k, group_size, lut16, out, out_stride);
}
void DotsInt8(const int8_t* w, const int16_t* const* a, int rows, int64_t k, int32_t* out) {
  portable_dots_int8(w, a, rows, k, out);
}
void GroupDotsW4F32(const uint8_t* w, const int32_t* offsets, const float* const* x, int rows,
                    int64_t k, int group_size, float* out, int64_t out_stride) {
  portable_group_dots_w4_f32(w, offsets, x, rows, k, group_size, out, out_stride);
}
void DotsF32(const float* w, const float* const* x, int rows, int64_t k, float* out) {
  portable_dots_f32(w, x, rows, k, out);
}
#else

// One group of 4-bit codes: kCap bytes per vector at most (the group's half length is a
// multiple of the vector length, so lanes never straddle two groups).
template <int R, size_t kCap, bool kUseLut>
void GroupDotsInt4Rows(const uint8_t* HWY_RESTRICT w, const int16_t* const* a, int64_t k,
                       int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  const hn::CappedTag<uint8_t, kCap> du8;
  const hn::Repartition<int8_t, decltype(du8)> di8;
  const hn::Half<decltype(di8)> dh8;
  const hn::Rebind<int16_t, decltype(dh8)> d16;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  const size_t lanes = hn::Lanes(du8);
  const size_t half_lanes = lanes / 2;
  const int64_t half = group_size / 2;
  const int64_t groups = k / group_size;
  const auto nibble_mask = hn::Set(du8, uint8_t{0x0F});
  // A full 16-byte table (TableLookupBytes broadcasts it to every 128-bit block).
  const hn::Full128<int8_t> d_table;
  hn::Vec<decltype(d_table)> lut = hn::Zero(d_table);
  if constexpr (kUseLut) lut = hn::LoadU(d_table, lut16);

  for (int64_t g = 0; g < groups; ++g) {
    const uint8_t* wg = w + g * half;
    hn::Vec<decltype(d32)> acc[R];
    hn::Vec<decltype(d32)> acc_odd[R];
    for (int r = 0; r < R; ++r) acc[r] = acc_odd[r] = hn::Zero(d32);
    for (int64_t j = 0; j < half; j += static_cast<int64_t>(lanes)) {
      const auto bytes = hn::LoadU(du8, wg + j);
      auto lo = hn::BitCast(di8, hn::And(bytes, nibble_mask));
      auto hi = hn::BitCast(di8, hn::ShiftRight<4>(bytes));
      if constexpr (kUseLut) {
        lo = hn::TableLookupBytes(lut, lo);
        hi = hn::TableLookupBytes(lut, hi);
      }
      const auto w0 = hn::PromoteTo(d16, hn::LowerHalf(dh8, lo));
      const auto w1 = hn::PromoteTo(d16, hn::UpperHalf(dh8, lo));
      const auto w2 = hn::PromoteTo(d16, hn::LowerHalf(dh8, hi));
      const auto w3 = hn::PromoteTo(d16, hn::UpperHalf(dh8, hi));
      for (int r = 0; r < R; ++r) {
        const int16_t* ar = a[r] + g * group_size + j;
        acc[r] = hn::ReorderWidenMulAccumulate(d32, w0, hn::LoadU(d16, ar), acc[r], acc_odd[r]);
        acc[r] = hn::ReorderWidenMulAccumulate(d32, w1, hn::LoadU(d16, ar + half_lanes), acc[r],
                                               acc_odd[r]);
        acc[r] = hn::ReorderWidenMulAccumulate(d32, w2, hn::LoadU(d16, ar + half), acc[r],
                                               acc_odd[r]);
        acc[r] = hn::ReorderWidenMulAccumulate(d32, w3, hn::LoadU(d16, ar + half + half_lanes),
                                               acc[r], acc_odd[r]);
      }
    }
    for (int r = 0; r < R; ++r)
      out[r * out_stride + g] = hn::GetLane(hn::SumOfLanes(d32, hn::Add(acc[r], acc_odd[r])));
  }
}

template <size_t kCap, bool kUseLut>
void GroupDotsInt4Cap(const uint8_t* w, const int16_t* const* a, int rows, int64_t k,
                      int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  switch (rows) {
    case 1: return GroupDotsInt4Rows<1, kCap, kUseLut>(w, a, k, group_size, lut16, out, out_stride);
    case 2: return GroupDotsInt4Rows<2, kCap, kUseLut>(w, a, k, group_size, lut16, out, out_stride);
    case 3: return GroupDotsInt4Rows<3, kCap, kUseLut>(w, a, k, group_size, lut16, out, out_stride);
    default: return GroupDotsInt4Rows<4, kCap, kUseLut>(w, a, k, group_size, lut16, out, out_stride);
  }
}

template <bool kUseLut>
void GroupDotsInt4Lut(const uint8_t* w, const int16_t* const* a, int rows, int64_t k,
                      int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  const int64_t half = group_size / 2;  // callers guarantee half % 8 == 0
  if (half % 64 == 0) return GroupDotsInt4Cap<64, kUseLut>(w, a, rows, k, group_size, lut16, out, out_stride);
  if (half % 32 == 0) return GroupDotsInt4Cap<32, kUseLut>(w, a, rows, k, group_size, lut16, out, out_stride);
  if (half % 16 == 0) return GroupDotsInt4Cap<16, kUseLut>(w, a, rows, k, group_size, lut16, out, out_stride);
  return GroupDotsInt4Cap<8, kUseLut>(w, a, rows, k, group_size, lut16, out, out_stride);
}

void GroupDotsInt4(const uint8_t* w, const int16_t* const* a, int rows, int64_t k,
                   int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  if (lut16 != nullptr)
    GroupDotsInt4Lut<true>(w, a, rows, k, group_size, lut16, out, out_stride);
  else
    GroupDotsInt4Lut<false>(w, a, rows, k, group_size, lut16, out, out_stride);
}

template <int R>
void DotsInt8Rows(const int8_t* HWY_RESTRICT w, const int16_t* const* a, int64_t k, int32_t* out) {
  const hn::ScalableTag<int8_t> di8;
  const hn::Half<decltype(di8)> dh8;
  const hn::Rebind<int16_t, decltype(dh8)> d16;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  const int64_t lanes = static_cast<int64_t>(hn::Lanes(di8));
  const int64_t half_lanes = lanes / 2;
  hn::Vec<decltype(d32)> acc[R];
  hn::Vec<decltype(d32)> acc_odd[R];
  for (int r = 0; r < R; ++r) acc[r] = acc_odd[r] = hn::Zero(d32);
  int64_t j = 0;
  for (; j + lanes <= k; j += lanes) {
    const auto v = hn::LoadU(di8, w + j);
    const auto w0 = hn::PromoteTo(d16, hn::LowerHalf(dh8, v));
    const auto w1 = hn::PromoteTo(d16, hn::UpperHalf(dh8, v));
    for (int r = 0; r < R; ++r) {
      acc[r] = hn::ReorderWidenMulAccumulate(d32, w0, hn::LoadU(d16, a[r] + j), acc[r], acc_odd[r]);
      acc[r] = hn::ReorderWidenMulAccumulate(d32, w1, hn::LoadU(d16, a[r] + j + half_lanes),
                                             acc[r], acc_odd[r]);
    }
  }
  for (int r = 0; r < R; ++r) {
    int32_t sum = hn::GetLane(hn::SumOfLanes(d32, hn::Add(acc[r], acc_odd[r])));
    for (int64_t t = j; t < k; ++t) sum += int32_t{w[t]} * a[r][t];  // K tail
    out[r] = sum;
  }
}

void DotsInt8(const int8_t* w, const int16_t* const* a, int rows, int64_t k, int32_t* out) {
  switch (rows) {
    case 1: return DotsInt8Rows<1>(w, a, k, out);
    case 2: return DotsInt8Rows<2>(w, a, k, out);
    case 3: return DotsInt8Rows<3>(w, a, k, out);
    default: return DotsInt8Rows<4>(w, a, k, out);
  }
}

template <int R, size_t kCap>
void GroupDotsW4F32Rows(const uint8_t* HWY_RESTRICT w, const int32_t* offsets,
                        const float* const* x, int64_t k, int group_size, float* out,
                        int64_t out_stride) {
  const hn::CappedTag<float, kCap> df;
  const hn::Rebind<uint8_t, decltype(df)> du8;
  const hn::Rebind<int32_t, decltype(df)> di32;
  const int64_t lanes = static_cast<int64_t>(hn::Lanes(df));
  const int64_t half = group_size / 2;
  const int64_t groups = k / group_size;
  const auto nibble_mask = hn::Set(du8, uint8_t{0x0F});
  for (int64_t g = 0; g < groups; ++g) {
    const uint8_t* wg = w + g * half;
    const auto zero = hn::Set(df, static_cast<float>(offsets[g]));
    hn::Vec<decltype(df)> acc[R];
    for (int r = 0; r < R; ++r) acc[r] = hn::Zero(df);
    for (int64_t j = 0; j < half; j += lanes) {
      const auto bytes = hn::LoadU(du8, wg + j);
      const auto lo = hn::Sub(hn::ConvertTo(df, hn::PromoteTo(di32, hn::And(bytes, nibble_mask))), zero);
      const auto hi = hn::Sub(hn::ConvertTo(df, hn::PromoteTo(di32, hn::ShiftRight<4>(bytes))), zero);
      for (int r = 0; r < R; ++r) {
        const float* xr = x[r] + g * group_size + j;
        acc[r] = hn::MulAdd(lo, hn::LoadU(df, xr), acc[r]);
        acc[r] = hn::MulAdd(hi, hn::LoadU(df, xr + half), acc[r]);
      }
    }
    for (int r = 0; r < R; ++r) out[r * out_stride + g] = hn::GetLane(hn::SumOfLanes(df, acc[r]));
  }
}

template <size_t kCap>
void GroupDotsW4F32Cap(const uint8_t* w, const int32_t* offsets, const float* const* x, int rows,
                       int64_t k, int group_size, float* out, int64_t out_stride) {
  switch (rows) {
    case 1: return GroupDotsW4F32Rows<1, kCap>(w, offsets, x, k, group_size, out, out_stride);
    case 2: return GroupDotsW4F32Rows<2, kCap>(w, offsets, x, k, group_size, out, out_stride);
    case 3: return GroupDotsW4F32Rows<3, kCap>(w, offsets, x, k, group_size, out, out_stride);
    default: return GroupDotsW4F32Rows<4, kCap>(w, offsets, x, k, group_size, out, out_stride);
  }
}

void GroupDotsW4F32(const uint8_t* w, const int32_t* offsets, const float* const* x, int rows,
                    int64_t k, int group_size, float* out, int64_t out_stride) {
  const int64_t half = group_size / 2;  // callers guarantee half % 8 == 0
  if (half % 16 == 0) return GroupDotsW4F32Cap<16>(w, offsets, x, rows, k, group_size, out, out_stride);
  return GroupDotsW4F32Cap<8>(w, offsets, x, rows, k, group_size, out, out_stride);
}

template <int R>
void DotsF32Rows(const float* HWY_RESTRICT w, const float* const* x, int64_t k, float* out) {
  const hn::ScalableTag<float> df;
  const int64_t lanes = static_cast<int64_t>(hn::Lanes(df));
  hn::Vec<decltype(df)> acc[R];
  for (int r = 0; r < R; ++r) acc[r] = hn::Zero(df);
  int64_t j = 0;
  for (; j + lanes <= k; j += lanes) {
    const auto wv = hn::LoadU(df, w + j);
    for (int r = 0; r < R; ++r) acc[r] = hn::MulAdd(wv, hn::LoadU(df, x[r] + j), acc[r]);
  }
  for (int r = 0; r < R; ++r) {
    float sum = hn::GetLane(hn::SumOfLanes(df, acc[r]));
    for (int64_t t = j; t < k; ++t) sum += w[t] * x[r][t];
    out[r] = sum;
  }
}

void DotsF32(const float* w, const float* const* x, int rows, int64_t k, float* out) {
  switch (rows) {
    case 1: return DotsF32Rows<1>(w, x, k, out);
    case 2: return DotsF32Rows<2>(w, x, k, out);
    case 3: return DotsF32Rows<3>(w, x, k, out);
    default: return DotsF32Rows<4>(w, x, k, out);
  }
}

#endif  // HWY_TARGET == HWY_SCALAR

const char* TargetName() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace mixsim::kernels
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace mixsim::kernels {

HWY_EXPORT(GroupDotsInt4);
HWY_EXPORT(DotsInt8);
HWY_EXPORT(GroupDotsW4F32);
HWY_EXPORT(DotsF32);
HWY_EXPORT(TargetName);

void group_dots_int4(const uint8_t* weight_row, const int16_t* const* activation_rows, int rows,
                     int64_t k, int group_size, const int8_t* lut16, int32_t* out,
                     int64_t out_stride) {
  HWY_DYNAMIC_DISPATCH(GroupDotsInt4)(weight_row, activation_rows, rows, k, group_size, lut16,
                                      out, out_stride);
}
void dots_int8(const int8_t* weight_row, const int16_t* const* activation_rows, int rows,
               int64_t k, int32_t* out) {
  HWY_DYNAMIC_DISPATCH(DotsInt8)(weight_row, activation_rows, rows, k, out);
}
void group_dots_w4_f32(const uint8_t* weight_row, const int32_t* offsets,
                       const float* const* activation_rows, int rows, int64_t k, int group_size,
                       float* out, int64_t out_stride) {
  HWY_DYNAMIC_DISPATCH(GroupDotsW4F32)(weight_row, offsets, activation_rows, rows, k, group_size,
                                       out, out_stride);
}
void dots_f32(const float* weight_row, const float* const* activation_rows, int rows, int64_t k,
              float* out) {
  HWY_DYNAMIC_DISPATCH(DotsF32)(weight_row, activation_rows, rows, k, out);
}
const char* simd_target_name() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

}  // namespace mixsim::kernels
#endif  // HWY_ONCE

#else  // !MIXSIM_HAVE_HWY: portable loops with the same contracts (the GPU machine).

namespace mixsim::kernels {

void group_dots_int4(const uint8_t* w, const int16_t* const* a, int rows, int64_t k,
                     int group_size, const int8_t* lut16, int32_t* out, int64_t out_stride) {
  portable_group_dots_int4(w, a, rows, k, group_size, lut16, out, out_stride);
}
void dots_int8(const int8_t* w, const int16_t* const* a, int rows, int64_t k, int32_t* out) {
  portable_dots_int8(w, a, rows, k, out);
}
void group_dots_w4_f32(const uint8_t* w, const int32_t* offsets, const float* const* x, int rows,
                       int64_t k, int group_size, float* out, int64_t out_stride) {
  portable_group_dots_w4_f32(w, offsets, x, rows, k, group_size, out, out_stride);
}
void dots_f32(const float* w, const float* const* x, int rows, int64_t k, float* out) {
  portable_dots_f32(w, x, rows, k, out);
}
const char* simd_target_name() { return "portable-scalar (built without Highway)"; }

}  // namespace mixsim::kernels

#endif  // MIXSIM_HAVE_HWY
