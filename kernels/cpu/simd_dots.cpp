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

#if HWY_TARGET == HWY_AVX2 || HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
// x86 path with INT8 activations: Highway 1.0.3 has no unsigned x signed byte multiply-add
// (vpmaddubsw), so this block uses the AVX2 intrinsics directly (also valid on the AVX-512
// targets). kHalf = G/2 bytes per group (32, 64 or 128).

HWY_INLINE uint32_t HSumEpi32(__m256i v) {
  __m128i x = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  x = _mm_add_epi32(x, _mm_shuffle_epi32(x, _MM_SHUFFLE(1, 0, 3, 2)));
  x = _mm_add_epi32(x, _mm_shuffle_epi32(x, _MM_SHUFFLE(2, 3, 0, 1)));
  return static_cast<uint32_t>(_mm_cvtsi128_si32(x));
}

// Software prefetch of the weight bytes kPrefetchBytes ahead of this group step (gs bytes: in
// the 4-row tiles one step of all 4 rows, contiguous; the tiles follow each other, so running
// past a tile's end fetches the next tile; past the buffer's end a prefetch never faults).
#ifndef MIXSIM_PREFETCH_BYTES
#define MIXSIM_PREFETCH_BYTES 2048
#endif
HWY_INLINE void PrefetchAhead(const uint8_t* step, int64_t gs) {
  if constexpr (MIXSIM_PREFETCH_BYTES > 0)
    for (int64_t i = 0; i < gs; i += 64)
      _mm_prefetch(reinterpret_cast<const char*>(step + MIXSIM_PREFETCH_BYTES + i), _MM_HINT_T0);
}

// One group g: s16[r][t] = 16 INT16 lanes whose sum is sum_{k in g} u[r][k] * a[t][k]. Each
// lane adds at most 2 * kHalf / 32 <= 8 vpmaddubsw results, each the sum of two products
// |u * a| <= 15 * 128, so |s16| <= 8 * 3840 = 30720 < 2^15: no saturation anywhere, exact.
template <int R, int T, int kHalf>
HWY_INLINE void GroupPartials16(const uint8_t* const* w, int64_t gs, const int8_t* const* a,
                                int64_t g, __m256i (&s16)[R][T]) {
  static_assert(kHalf % 32 == 0 && kHalf <= 128, "at most 8 vpmaddubsw per INT16 lane");
  const __m256i mask = _mm256_set1_epi8(0x0F);
  for (int r = 0; r < R; ++r)
    for (int t = 0; t < T; ++t) s16[r][t] = _mm256_setzero_si256();
  for (int j = 0; j < kHalf; j += 32) {
    __m256i alo[T], ahi[T];
    for (int t = 0; t < T; ++t) {
      const int8_t* at = a[t] + g * 2 * kHalf + j;
      alo[t] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
      ahi[t] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + kHalf));
    }
    for (int r = 0; r < R; ++r) {
      const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w[r] + g * gs + j));
      const __m256i lo = _mm256_and_si256(b, mask);                         // codes j..j+31
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(b, 4), mask);   // codes j+G/2..
      for (int t = 0; t < T; ++t)
        s16[r][t] = _mm256_add_epi16(
            s16[r][t], _mm256_add_epi16(_mm256_maddubs_epi16(lo, alo[t]),
                                        _mm256_maddubs_epi16(hi, ahi[t])));
    }
  }
}

// The same sums widened to 8 INT32 lanes (vpmaddwd with ones: exact).
template <int R, int T, int kHalf>
HWY_INLINE void GroupPartials(const uint8_t* const* w, int64_t gs, const int8_t* const* a,
                              int64_t g, __m256i (&p)[R][T]) {
  GroupPartials16<R, T, kHalf>(w, gs, a, g, p);
  const __m256i ones = _mm256_set1_epi16(1);
  for (int r = 0; r < R; ++r)
    for (int t = 0; t < T; ++t) p[r][t] = _mm256_madd_epi16(p[r][t], ones);
}

template <int R, int T, int kHalf>
void GroupSumsTile(const uint8_t* const* w, int64_t gs, const int8_t* const* a, int64_t k, int32_t* out,
                   int64_t out_stride) {
  static_assert(R * T <= 4, "tile of at most 4 (row, token) pairs");
  const int64_t groups = k / (2 * kHalf);
  for (int64_t g = 0; g < groups; ++g) {
    PrefetchAhead(w[0] + g * gs, gs);
    __m256i p[R][T];
    GroupPartials<R, T, kHalf>(w, gs, a, g, p);
    __m256i v[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                    _mm256_setzero_si256()};
    for (int r = 0; r < R; ++r)
      for (int t = 0; t < T; ++t) v[r * T + t] = p[r][t];
    // Four horizontal sums at once: lanes of h hold partial sums of v0..v3 per 128-bit half.
    const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(v[0], v[1]), _mm256_hadd_epi32(v[2], v[3]));
    const __m128i s = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    alignas(16) int32_t lanes[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), s);
    for (int i = 0; i < R * T; ++i) out[i * out_stride + g] = lanes[i];
  }
}

// kScale16: every integer scale of these rows fits INT16 (s16 non-null), so the scale multiplies
// the INT16 group sums in vpmaddwd itself: |lane| <= 2 * 30720 * 32767 < 2^31, exact.
template <int R, int T, int kHalf, bool kScale16>
void IntscaleTile(const uint8_t* const* w, int64_t gs, const int32_t* const* s,
                  const int16_t* const* s16, const uint8_t* const* off,
                  const int8_t* const* a, const int32_t* const* asum, int64_t k, int32_t* out) {
  static_assert(R * T <= 4, "tile of at most 4 (row, token) pairs");
  const int64_t groups = k / (2 * kHalf);
  __m256i tot[R][T];
  for (int r = 0; r < R; ++r)
    for (int t = 0; t < T; ++t) tot[r][t] = _mm256_setzero_si256();
  for (int64_t g = 0; g < groups; ++g) {
    PrefetchAhead(w[0] + g * gs, gs);
    __m256i p[R][T];
    if constexpr (kScale16) {
      GroupPartials16<R, T, kHalf>(w, gs, a, g, p);
      for (int r = 0; r < R; ++r) {
        const __m256i sc = _mm256_set1_epi16(s16[r][g]);
        for (int t = 0; t < T; ++t)  // INT32 lanes wrap modulo 2^32 (vpaddd)
          tot[r][t] = _mm256_add_epi32(tot[r][t], _mm256_madd_epi16(p[r][t], sc));
      }
    } else {
      GroupPartials<R, T, kHalf>(w, gs, a, g, p);
      for (int r = 0; r < R; ++r) {
        const __m256i sc = _mm256_set1_epi32(s[r][g]);
        for (int t = 0; t < T; ++t)  // INT32 lanes wrap modulo 2^32 (vpmulld, vpaddd)
          tot[r][t] = _mm256_add_epi32(tot[r][t], _mm256_mullo_epi32(p[r][t], sc));
      }
    }
  }
  // Offset term sum_g s[r][g] * offset[r][g] * asum[t][g], 8 groups per vector, same wrap.
  for (int r = 0; r < R; ++r)
    for (int t = 0; t < T; ++t) {
      __m256i c = _mm256_setzero_si256();
      int64_t g = 0;
      for (; g + 8 <= groups; g += 8) {
        const __m256i sv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s[r] + g));
        const __m256i ov = _mm256_cvtepu8_epi32(
            _mm_loadl_epi64(reinterpret_cast<const __m128i*>(off[r] + g)));
        const __m256i av = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(asum[t] + g));
        c = _mm256_add_epi32(c, _mm256_mullo_epi32(_mm256_mullo_epi32(sv, ov), av));
      }
      uint32_t total = HSumEpi32(_mm256_sub_epi32(tot[r][t], c));
      for (; g < groups; ++g)
        total -= static_cast<uint32_t>(s[r][g]) * off[r][g] * static_cast<uint32_t>(asum[t][g]);
      out[r * T + t] = static_cast<int32_t>(total);
    }
}

// (R, T) tiles with R * T <= 4.
#define MIXSIM_INT8_TILES(X) \
  X(1, 1) X(1, 2) X(1, 3) X(1, 4) X(2, 1) X(2, 2) X(3, 1) X(4, 1)

template <int kHalf>
void GroupSumsHalf(const uint8_t* const* w, int64_t gs, int rows, const int8_t* const* a, int tokens,
                   int64_t k, int32_t* out, int64_t out_stride) {
  switch (rows * 10 + tokens) {
#define MIXSIM_CASE(R, T) \
  case R * 10 + T: return GroupSumsTile<R, T, kHalf>(w, gs, a, k, out, out_stride);
    MIXSIM_INT8_TILES(MIXSIM_CASE)
#undef MIXSIM_CASE
    default: HWY_ASSERT(false);
  }
}

template <int kHalf>
void IntscaleHalf(const uint8_t* const* w, int64_t gs, const int32_t* const* s,
                  const int16_t* const* s16, const uint8_t* const* off,
                  int rows, const int8_t* const* a, const int32_t* const* asum, int tokens,
                  int64_t k, int32_t* out) {
  switch (rows * 10 + tokens + (s16 != nullptr ? 100 : 0)) {
#define MIXSIM_CASE(R, T)                                                                   \
  case R * 10 + T: return IntscaleTile<R, T, kHalf, false>(w, gs, s, s16, off, a, asum, k, out); \
  case 100 + R * 10 + T: return IntscaleTile<R, T, kHalf, true>(w, gs, s, s16, off, a, asum, k, out);
    MIXSIM_INT8_TILES(MIXSIM_CASE)
#undef MIXSIM_CASE
    default: HWY_ASSERT(false);
  }
}
#undef MIXSIM_INT8_TILES

bool Int8DotsAvailable(int group_size) {
  return group_size == 64 || group_size == 128 || group_size == 256;
}

void GroupSumsU4I8(const uint8_t* const* w, int64_t gs, int rows, const int8_t* const* a, int tokens, int64_t k,
                   int group_size, int32_t* out, int64_t out_stride) {
  switch (group_size) {
    case 64: return GroupSumsHalf<32>(w, gs, rows, a, tokens, k, out, out_stride);
    case 128: return GroupSumsHalf<64>(w, gs, rows, a, tokens, k, out, out_stride);
    case 256: return GroupSumsHalf<128>(w, gs, rows, a, tokens, k, out, out_stride);
    default: portable_group_sums_u4_i8(w, gs, rows, a, tokens, k, group_size, out, out_stride);
  }
}

void IntscaleTotalsU4I8(const uint8_t* const* w, int64_t gs, const int32_t* const* s,
                        const int16_t* const* s16, const uint8_t* const* off,
                        int rows, const int8_t* const* a, const int32_t* const* asum, int tokens,
                        int64_t k, int group_size, int32_t* out) {
  switch (group_size) {
    case 64: return IntscaleHalf<32>(w, gs, s, s16, off, rows, a, asum, tokens, k, out);
    case 128: return IntscaleHalf<64>(w, gs, s, s16, off, rows, a, asum, tokens, k, out);
    case 256: return IntscaleHalf<128>(w, gs, s, s16, off, rows, a, asum, tokens, k, out);
    default: portable_intscale_totals_u4_i8(w, gs, s, off, rows, a, asum, tokens, k, group_size, out);
  }
}

// W4A16 tiled path (contract in simd_dots.hpp). Per 8 weights of one row: vpand (nibble j % 4 of
// each 32-bit lane, j >= 4 from the lane shifted right by 16 once per vector), vpor with the bits
// of 2^23 (the float 2^23 + u * 2^(4 (j % 4)), exact), vsubps of 2^23 + offset * 2^(4 (j % 4))
// (a 2 KB table indexed by the offset; the difference (u - offset) * 2^(4 (j % 4)) is exact),
// vfmadd with the prescaled activations, so the product equals x * (u - offset) before rounding.
// Each activation vector serves up to 4 rows from L1; the weights are one sequential stream.
struct W4A16SubTable {
  alignas(32) float v[16][4][8];
  constexpr W4A16SubTable() : v{} {
    for (int z = 0; z < 16; ++z)
      for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 8; ++i) v[z][j][i] = 8388608.0f + static_cast<float>(z << (4 * j));
  }
};
static constexpr W4A16SubTable kW4A16Sub{};

HWY_INLINE float HSumPs(__m256 v) {
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  x = _mm_add_ps(x, _mm_movehl_ps(x, x));
  x = _mm_add_ss(x, _mm_movehdup_ps(x));
  return _mm_cvtss_f32(x);
}

template <int R, int kVecs, bool kOffset8>
void W4A16TileRows(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                   const float* xs, const float* xsum8, int64_t k, float* out) {
  constexpr int64_t half = 32 * kVecs;  // bytes of one row's group
  constexpr int64_t gs = 4 * half;      // bytes of one group of the tile
  const int64_t groups = k / (64 * kVecs);
  const __m256i mask[4] = {_mm256_set1_epi32(0xF), _mm256_set1_epi32(0xF0),
                           _mm256_set1_epi32(0xF00), _mm256_set1_epi32(0xF000)};
  const __m256i magic = _mm256_set1_epi32(0x4B000000);  // bits of 2^23
  __m256 tot[R];
  for (int r = 0; r < R; ++r) tot[r] = _mm256_setzero_ps();
  for (int64_t g = 0; g < groups; ++g) {
    const uint8_t* wg = tile + g * gs;
#ifndef MIXSIM_W4A16_PREFETCH_BYTES
#define MIXSIM_W4A16_PREFETCH_BYTES 2048
#endif
    if constexpr (MIXSIM_W4A16_PREFETCH_BYTES > 0)
      for (int64_t i = 0; i < gs; i += 64)
        _mm_prefetch(reinterpret_cast<const char*>(wg + MIXSIM_W4A16_PREFETCH_BYTES + i), _MM_HINT_T0);
    const float* xg = xs + g * 64 * kVecs;
    for (int r = 0; r < R; ++r) {
      // Keeps the activation loads inside the row loop (as memory operands of vfmadd, L1 hits):
      // hoisted out of it, GCC spills all 16 vectors to the stack every group.
      asm volatile("" : "+r"(xg));
      const float* sub = &kW4A16Sub.v[zeros[g * 4 + r0 + r] & 0xF][0][0];
#ifndef MIXSIM_W4A16_ACCS
#define MIXSIM_W4A16_ACCS 4
#endif
      __m256 acc[MIXSIM_W4A16_ACCS];
      for (int i = 0; i < MIXSIM_W4A16_ACCS; ++i) acc[i] = _mm256_setzero_ps();
      for (int v = 0; v < kVecs; ++v) {
        const __m256i b = _mm256_loadu_si256(
            reinterpret_cast<const __m256i*>(wg + (r0 + r) * half + v * 32));
        const __m256i bh = _mm256_srli_epi32(b, 16);
        const float* xv = xg + v * 64;
        for (int j = 0; j < 8; ++j) {
          const __m256i src = j < 4 ? b : bh;
          __m256 t;
          if constexpr (kOffset8)
            t = _mm256_cvtepi32_ps(_mm256_and_si256(src, mask[j & 3]));  // u * 16^(j % 4), exact
          else
            t = _mm256_sub_ps(
                _mm256_castsi256_ps(_mm256_or_si256(_mm256_and_si256(src, mask[j & 3]), magic)),
                _mm256_load_ps(sub + (j & 3) * 8));
          __m256& a = acc[j % MIXSIM_W4A16_ACCS];
          a = _mm256_fmadd_ps(t, _mm256_loadu_ps(xv + j * 8), a);
        }
      }
      __m256 p = acc[0];
      for (int i = 1; i < MIXSIM_W4A16_ACCS; ++i) p = _mm256_add_ps(p, acc[i]);
      if constexpr (kOffset8)  // p - 8 * xsum8, one rounding; exactly 0 when every u is 8
        p = _mm256_fnmadd_ps(_mm256_set1_ps(8.0f), _mm256_loadu_ps(xsum8 + g * 8), p);
      tot[r] = _mm256_fmadd_ps(p, _mm256_set1_ps(scales[g * 4 + r0 + r]), tot[r]);
    }
  }
  for (int r = 0; r < R; ++r) out[r] = HSumPs(tot[r]);
}

template <int kVecs, bool kOffset8>
void W4A16TileVecsOff(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                      int rows, const float* xs, const float* xsum8, int64_t k, float* out) {
  switch (rows) {
    case 1: return W4A16TileRows<1, kVecs, kOffset8>(tile, scales, zeros, r0, xs, xsum8, k, out);
    case 2: return W4A16TileRows<2, kVecs, kOffset8>(tile, scales, zeros, r0, xs, xsum8, k, out);
    case 3: return W4A16TileRows<3, kVecs, kOffset8>(tile, scales, zeros, r0, xs, xsum8, k, out);
    default: return W4A16TileRows<4, kVecs, kOffset8>(tile, scales, zeros, r0, xs, xsum8, k, out);
  }
}
template <int kVecs>
void W4A16TileVecs(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                   int rows, const float* xs, const float* xsum8, int64_t k, float* out) {
  if (xsum8 != nullptr) return W4A16TileVecsOff<kVecs, true>(tile, scales, zeros, r0, rows, xs, xsum8, k, out);
  return W4A16TileVecsOff<kVecs, false>(tile, scales, zeros, r0, rows, xs, xsum8, k, out);
}

bool W4A16TiledAvailable(int group_size) {
  return group_size == 64 || group_size == 128 || group_size == 256;
}

void W4A16TiledDots(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                    int rows, const float* xs, const float* xsum8, int64_t k, int group_size,
                    float* out) {
  switch (group_size) {
    case 64: return W4A16TileVecs<1>(tile, scales, zeros, r0, rows, xs, xsum8, k, out);
    case 128: return W4A16TileVecs<2>(tile, scales, zeros, r0, rows, xs, xsum8, k, out);
    case 256: return W4A16TileVecs<4>(tile, scales, zeros, r0, rows, xs, xsum8, k, out);
    default: portable_w4a16_tiled_dots(tile, scales, zeros, r0, rows, xs, xsum8, k, group_size, out);
  }
}

#endif  // AVX2 / AVX-512

#endif  // HWY_TARGET == HWY_SCALAR

#if !(HWY_TARGET == HWY_AVX2 || HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL)
// Scalar, SSE4 and other targets without the AVX2 kernels: plain loops (cpu_gemm then keeps
// group_dots_int4 and the FP32 W4A16 path).
bool Int8DotsAvailable(int) { return false; }
void GroupSumsU4I8(const uint8_t* const* w, int64_t gs, int rows, const int8_t* const* a, int tokens, int64_t k,
                   int group_size, int32_t* out, int64_t out_stride) {
  portable_group_sums_u4_i8(w, gs, rows, a, tokens, k, group_size, out, out_stride);
}
void IntscaleTotalsU4I8(const uint8_t* const* w, int64_t gs, const int32_t* const* s,
                        const int16_t* const* /*s16*/, const uint8_t* const* off,
                        int rows, const int8_t* const* a, const int32_t* const* asum, int tokens,
                        int64_t k, int group_size, int32_t* out) {
  portable_intscale_totals_u4_i8(w, gs, s, off, rows, a, asum, tokens, k, group_size, out);
}
bool W4A16TiledAvailable(int) { return false; }
void W4A16TiledDots(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                    int rows, const float* xs, const float* xsum8, int64_t k, int group_size,
                    float* out) {
  portable_w4a16_tiled_dots(tile, scales, zeros, r0, rows, xs, xsum8, k, group_size, out);
}
#endif

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
HWY_EXPORT(Int8DotsAvailable);
HWY_EXPORT(GroupSumsU4I8);
HWY_EXPORT(IntscaleTotalsU4I8);
HWY_EXPORT(W4A16TiledAvailable);
HWY_EXPORT(W4A16TiledDots);

bool w4a16_tiled_available(int group_size) {
  return HWY_DYNAMIC_DISPATCH(W4A16TiledAvailable)(group_size);
}
void w4a16_tiled_dots(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                      int rows, const float* xs, const float* xsum8, int64_t k, int group_size,
                      float* out) {
  HWY_DYNAMIC_DISPATCH(W4A16TiledDots)(tile, scales, zeros, r0, rows, xs, xsum8, k, group_size, out);
}

bool int8_dots_available(int group_size) {
  return HWY_DYNAMIC_DISPATCH(Int8DotsAvailable)(group_size);
}
void group_sums_u4_i8(const uint8_t* const* weight_rows, int64_t group_stride,
                      int weight_rows_count, const int8_t* const* activation_rows, int tokens,
                      int64_t k, int group_size, int32_t* out, int64_t out_stride) {
  HWY_DYNAMIC_DISPATCH(GroupSumsU4I8)(weight_rows, group_stride, weight_rows_count, activation_rows, tokens, k,
                                      group_size, out, out_stride);
}
void intscale_totals_u4_i8(const uint8_t* const* weight_rows, int64_t group_stride,
                           const int32_t* const* int_scales, const int16_t* const* int_scales16,
                           const uint8_t* const* offsets, int weight_rows_count,
                           const int8_t* const* activation_rows,
                           const int32_t* const* activation_group_sums, int tokens, int64_t k,
                           int group_size, int32_t* out) {
  HWY_DYNAMIC_DISPATCH(IntscaleTotalsU4I8)(weight_rows, group_stride, int_scales, int_scales16, offsets, weight_rows_count,
                                           activation_rows, activation_group_sums, tokens, k,
                                           group_size, out);
}

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
bool int8_dots_available(int) { return false; }
void group_sums_u4_i8(const uint8_t* const* w, int64_t gs, int rows, const int8_t* const* a,
                      int tokens, int64_t k, int group_size, int32_t* out, int64_t out_stride) {
  portable_group_sums_u4_i8(w, gs, rows, a, tokens, k, group_size, out, out_stride);
}
void intscale_totals_u4_i8(const uint8_t* const* w, int64_t gs, const int32_t* const* s,
                           const int16_t* const*, const uint8_t* const* off, int rows, const int8_t* const* a,
                           const int32_t* const* asum, int tokens, int64_t k, int group_size,
                           int32_t* out) {
  portable_intscale_totals_u4_i8(w, gs, s, off, rows, a, asum, tokens, k, group_size, out);
}
bool w4a16_tiled_available(int) { return false; }
void w4a16_tiled_dots(const uint8_t* tile, const float* scales, const uint8_t* zeros, int r0,
                      int rows, const float* xs, const float* xsum8, int64_t k, int group_size,
                      float* out) {
  portable_w4a16_tiled_dots(tile, scales, zeros, r0, rows, xs, xsum8, k, group_size, out);
}
const char* simd_target_name() { return "portable-scalar (built without Highway)"; }

}  // namespace mixsim::kernels

#endif  // MIXSIM_HAVE_HWY
