#include "sim/array/wavefront.hpp"

#include <algorithm>

namespace mixsim::sim {
namespace {

template <typename T>
struct Buffers {
  std::vector<T>& ps;
  std::vector<T>& w;
  std::vector<T>& a;
};

// Row-major registers: PS[r][c], W[r][c]; row r's activation stream stored reversed,
// AR[r][j] = a[mt - 1 - j][k0 + r], so one cycle's active columns read consecutive elements.
template <typename T, typename A, typename W>
inline __attribute__((always_inline)) void run_row_major(const WavefrontTile& tile, const A* act,
                                                         const W* w, int64_t ks, int64_t k0,
                                                         T* acc, Buffers<T> b) {
  const int64_t mt = tile.mt, kt = tile.kt, ct = tile.ct;
  b.ps.assign(static_cast<size_t>(kt * ct), T{});
  b.w.resize(static_cast<size_t>(kt * ct));
  b.a.resize(static_cast<size_t>(kt * mt));
  for (int64_t c = 0; c < ct; ++c)
    for (int64_t r = 0; r < kt; ++r) b.w[static_cast<size_t>(r * ct + c)] = static_cast<T>(w[c * ks + k0 + r]);
  for (int64_t m = 0; m < mt; ++m)
    for (int64_t r = 0; r < kt; ++r)
      b.a[static_cast<size_t>(r * mt + (mt - 1 - m))] = static_cast<T>(act[m * ks + k0 + r]);
  T* __restrict ps = b.ps.data();
  const T* __restrict wr = b.w.data();
  const T* __restrict ar = b.a.data();
  const int64_t cycles = mt + kt + ct - 2;
  for (int64_t t = 0; t < cycles; ++t) {
    const int64_t r_min = std::max<int64_t>(0, t - (ct - 1) - (mt - 1));
    for (int64_t r = std::min(kt - 1, t); r >= r_min; --r) {
      const int64_t lo = std::max<int64_t>(0, t - r - mt + 1);
      const int64_t hi = std::min<int64_t>(ct - 1, t - r);
      T* __restrict p = ps + r * ct;
      const T* __restrict wrow = wr + r * ct;
      const T* __restrict arow = ar + r * mt + (mt - 1 - t + r);
      if (r == 0) {
        for (int64_t c = lo; c <= hi; ++c) p[c] = arow[c] * wrow[c];
      } else {
        const T* __restrict up = ps + (r - 1) * ct;
        for (int64_t c = lo; c <= hi; ++c) p[c] = up[c] + arow[c] * wrow[c];
      }
      if (r == kt - 1)
        for (int64_t c = lo; c <= hi; ++c) {  // (m, c) with m = t - (kt - 1) - c leaves the column
          T& out = acc[(t - (kt - 1) - c) * ct + c];
          out = out + p[c];
        }
    }
  }
}

// Diagonal-major registers: D[s][r] is PE (r, c = s - r). In cycle t the PEs holding row m
// are diagonal s = t - m, rows r in [max(0, s - ct + 1), min(kt - 1, s)]: one contiguous loop,
// reading the same X row a[m][k0 + r] and the diagonal above, D[s-1][r-1] (PE (r-1, c)).
// Rows m ascending = diagonals descending, so D[s-1] still holds the previous cycle's values.
template <typename T, typename A, typename W>
inline __attribute__((always_inline)) void run_diagonal(const WavefrontTile& tile, const A* act,
                                                        const W* w, int64_t ks, int64_t k0,
                                                        T* acc, Buffers<T> b) {
  const int64_t mt = tile.mt, kt = tile.kt, ct = tile.ct;
  const int64_t diagonals = kt + ct - 1;
  b.ps.assign(static_cast<size_t>(diagonals * kt), T{});
  b.w.assign(static_cast<size_t>(diagonals * kt), T{});
  b.a.resize(static_cast<size_t>(mt * kt));
  for (int64_t c = 0; c < ct; ++c)
    for (int64_t r = 0; r < kt; ++r)
      b.w[static_cast<size_t>((r + c) * kt + r)] = static_cast<T>(w[c * ks + k0 + r]);
  for (int64_t m = 0; m < mt; ++m)
    for (int64_t r = 0; r < kt; ++r)
      b.a[static_cast<size_t>(m * kt + r)] = static_cast<T>(act[m * ks + k0 + r]);
  T* __restrict d = b.ps.data();
  const T* __restrict wd = b.w.data();
  const T* __restrict a = b.a.data();
  const int64_t cycles = mt + kt + ct - 2;
  for (int64_t t = 0; t < cycles; ++t) {
    const int64_t m_lo = std::max<int64_t>(0, t - (diagonals - 1));
    const int64_t m_hi = std::min<int64_t>(mt - 1, t);
    for (int64_t m = m_lo; m <= m_hi; ++m) {
      const int64_t s = t - m;
      const int64_t lo = std::max<int64_t>(0, s - ct + 1);
      const int64_t hi = std::min<int64_t>(kt - 1, s);
      T* __restrict dd = d + s * kt;
      const T* __restrict wdd = wd + s * kt;
      const T* __restrict am = a + m * kt;
      int64_t r = lo;
      if (r == 0) {
        dd[0] = am[0] * wdd[0];
        r = 1;
      }
      if (r <= hi) {
        const T* __restrict up = d + (s - 1) * kt - 1;  // up[r] = D[s-1][r-1]
        for (; r <= hi; ++r) dd[r] = up[r] + am[r] * wdd[r];
      }
      if (hi == kt - 1) {
        T& out = acc[m * ct + (s - (kt - 1))];
        out = out + dd[kt - 1];
      }
    }
  }
}

template <typename T, typename A, typename W>
inline __attribute__((always_inline)) int64_t run_tile(const WavefrontTile& tile, const A* act,
                                                       const W* w, int64_t ks, int64_t k0,
                                                       T* acc, Buffers<T> b) {
  if (tile.mt >= tile.kt)
    run_row_major<T>(tile, act, w, ks, k0, acc, b);
  else
    run_diagonal<T>(tile, act, w, ks, k0, acc, b);
  return tile.mt + tile.kt + tile.ct - 2;
}

// Output-stationary: PS[r][c] are the PEs' output registers (zeroed: the tile's partial sums).
// Row r's X stream stored reversed, AR[r][j] = a[r][k0 + kt - 1 - j]; W stored skewed,
// WS[d][c] = w[c][k0 + d - c], so the PEs of row r active in cycle t (k = t - r - c) read
// consecutive elements of both.
template <typename T, typename A, typename W>
inline __attribute__((always_inline)) int64_t run_os_tile(const WavefrontTile& tile, const A* act,
                                                          const W* w, int64_t ks, int64_t k0,
                                                          T* acc, Buffers<T> b) {
  const int64_t mt = tile.mt, kt = tile.kt, ct = tile.ct;
  b.ps.assign(static_cast<size_t>(mt * ct), T{});
  b.a.resize(static_cast<size_t>(mt * kt));
  b.w.assign(static_cast<size_t>((kt + ct - 1) * ct), T{});
  for (int64_t r = 0; r < mt; ++r)
    for (int64_t k = 0; k < kt; ++k)
      b.a[static_cast<size_t>(r * kt + (kt - 1 - k))] = static_cast<T>(act[r * ks + k0 + k]);
  for (int64_t c = 0; c < ct; ++c)
    for (int64_t k = 0; k < kt; ++k)
      b.w[static_cast<size_t>((k + c) * ct + c)] = static_cast<T>(w[c * ks + k0 + k]);
  T* __restrict ps = b.ps.data();
  const T* __restrict ar = b.a.data();
  const T* __restrict wsk = b.w.data();
  const int64_t cycles = mt + kt + ct - 2;
  for (int64_t t = 0; t < cycles; ++t) {
    const int64_t r_lo = std::max<int64_t>(0, t - (ct - 1) - (kt - 1));
    const int64_t r_hi = std::min<int64_t>(mt - 1, t);
    for (int64_t r = r_lo; r <= r_hi; ++r) {
      const int64_t lo = std::max<int64_t>(0, t - r - kt + 1);
      const int64_t hi = std::min<int64_t>(ct - 1, t - r);
      T* __restrict p = ps + r * ct;
      const T* __restrict arow = ar + r * kt + (kt - 1 - t + r);  // arow[c] = a[r][t - r - c]
      const T* __restrict wrow = wsk + (t - r) * ct;              // wrow[c] = w[c][t - r - c]
      for (int64_t c = lo; c <= hi; ++c) p[c] = p[c] + arow[c] * wrow[c];
    }
  }
  // Drain: the partial sums leave the array and are added into the group accumulators.
  for (int64_t i = 0; i < mt * ct; ++i) acc[i] = acc[i] + ps[i];
  return cycles;
}

}  // namespace

#define MIXSIM_WAVEFRONT_OS(T, A, W, PS, WB, AB)                                               \
  __attribute__((target_clones("avx2", "default"))) int64_t Wavefront::run_output_stationary( \
      const WavefrontTile& t, const A* act, const W* w, int64_t ks, int64_t k0, T* acc) {     \
    return run_os_tile<T, A, W>(t, act, w, ks, k0, acc, Buffers<T>{PS, WB, AB});              \
  }

MIXSIM_WAVEFRONT_OS(int32_t, int8_t, int8_t, ps_i_, w_i_, a_i_)
MIXSIM_WAVEFRONT_OS(float, float, int8_t, ps_f_, w_f_, a_f_)
MIXSIM_WAVEFRONT_OS(float, int8_t, float, ps_f_, w_f_, a_f_)
MIXSIM_WAVEFRONT_OS(float, float, float, ps_f_, w_f_, a_f_)
#undef MIXSIM_WAVEFRONT_OS

#define MIXSIM_WAVEFRONT_RUN(T, A, W, PS, WB, AB)                                              \
  __attribute__((target_clones("avx2", "default"))) int64_t Wavefront::run(                  \
      const WavefrontTile& t, const A* act, const W* w, int64_t ks, int64_t k0, T* acc) {     \
    return run_tile<T, A, W>(t, act, w, ks, k0, acc, Buffers<T>{PS, WB, AB});                 \
  }

MIXSIM_WAVEFRONT_RUN(int32_t, int8_t, int8_t, ps_i_, w_i_, a_i_)
MIXSIM_WAVEFRONT_RUN(float, float, int8_t, ps_f_, w_f_, a_f_)
MIXSIM_WAVEFRONT_RUN(float, int8_t, float, ps_f_, w_f_, a_f_)
MIXSIM_WAVEFRONT_RUN(float, float, float, ps_f_, w_f_, a_f_)
#undef MIXSIM_WAVEFRONT_RUN

}  // namespace mixsim::sim
