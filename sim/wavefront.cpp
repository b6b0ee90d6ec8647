#include "sim/wavefront.hpp"

#include <algorithm>

namespace mixsim::sim {
namespace {

// One tile, cycle by cycle. T is int32_t or float (float: every add/multiply rounds to FP32;
// sim/ is compiled with -ffp-contract=off so no FMA changes the rounding).
template <typename T>
inline __attribute__((always_inline)) int64_t run_tile(const WavefrontTile& tile, const T* act,
                                                       const T* w, int64_t k_stride, int64_t k0,
                                                       T* acc, std::vector<T>& ps_buf,
                                                       std::vector<T>& w_buf,
                                                       std::vector<T>& ar_buf) {
  const int64_t mt = tile.mt, kt = tile.kt, ct = tile.ct;
  ps_buf.assign(static_cast<size_t>(kt * ct), T{});
  w_buf.resize(static_cast<size_t>(kt * ct));
  ar_buf.resize(static_cast<size_t>(kt * mt));
  // Weight registers: W[r][c] = w[n0 + c][k0 + r].
  for (int64_t c = 0; c < ct; ++c)
    for (int64_t r = 0; r < kt; ++r) w_buf[static_cast<size_t>(r * ct + c)] = w[c * k_stride + k0 + r];
  // Row r's activation stream, stored reversed so that the columns active in one cycle read
  // consecutive elements: AR[r][j] = a[mt - 1 - j][k0 + r].
  for (int64_t m = 0; m < mt; ++m)
    for (int64_t r = 0; r < kt; ++r)
      ar_buf[static_cast<size_t>(r * mt + (mt - 1 - m))] = act[m * k_stride + k0 + r];
  T* __restrict ps = ps_buf.data();
  const T* __restrict wr = w_buf.data();
  const T* __restrict ar = ar_buf.data();
  const int64_t cycles = mt + kt + ct - 2;
  for (int64_t t = 0; t < cycles; ++t) {
    for (int64_t r = std::min(kt - 1, t); r >= 0; --r) {
      const int64_t lo = std::max<int64_t>(0, t - r - mt + 1);
      const int64_t hi = std::min<int64_t>(ct - 1, t - r);
      if (lo > hi) continue;
      T* __restrict p = ps + r * ct;
      const T* __restrict wrow = wr + r * ct;
      const T* __restrict arow = ar + r * mt + (mt - 1 - t + r);
      if (r == 0) {
        for (int64_t c = lo; c <= hi; ++c) p[c] = arow[c] * wrow[c];
      } else {
        const T* __restrict up = ps + (r - 1) * ct;
        for (int64_t c = lo; c <= hi; ++c) p[c] = up[c] + arow[c] * wrow[c];
      }
      if (r == kt - 1) {
        // Column results leave the bottom row: (m, c) with m = t - (kt - 1) - c.
        for (int64_t c = lo; c <= hi; ++c) {
          T& a = acc[(t - (kt - 1) - c) * ct + c];
          a = a + p[c];
        }
      }
    }
  }
  return cycles;
}

}  // namespace

__attribute__((target_clones("avx2", "default"))) int64_t Wavefront::run(
    const WavefrontTile& t, const int32_t* act, const int32_t* w, int64_t k_stride, int64_t k0,
    int32_t* acc) {
  return run_tile<int32_t>(t, act, w, k_stride, k0, acc, ps_i_, w_i_, ar_i_);
}

__attribute__((target_clones("avx2", "default"))) int64_t Wavefront::run(
    const WavefrontTile& t, const float* act, const float* w, int64_t k_stride, int64_t k0,
    float* acc) {
  return run_tile<float>(t, act, w, k_stride, k0, acc, ps_f_, w_f_, ar_f_);
}

}  // namespace mixsim::sim
