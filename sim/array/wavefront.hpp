#pragma once
// Wavefront: the per-cycle register model of a weight-stationary systolic array, vectorized over
// the array. For one tile it keeps the kt x ct partial-sum registers and, every cycle t, updates
// each PE (r, c) that holds valid data (activation row m = t - r - c in [0, mt)):
//   psum[r][c] <- psum[r-1][c] (of the previous cycle) + a[m][k0 + r] * w[k0 + r][c]
// Activations enter row r skewed by r cycles and move one column per cycle; partial sums move
// one row down per cycle; row kt-1 emits the column result of (m, c), which is added into the
// group accumulator (acc = acc + column result, K-tiles ascending).
// Two storage layouts of the same registers, chosen per tile for speed (same values, same
// cycles): row-major when many rows stream (mt >= kt: each row's active PEs are a contiguous
// column range), diagonal-major when few do (decode: the active PEs of one activation row lie
// on an anti-diagonal r + c = t - m, contiguous in diagonal-major storage).
#include <cstdint>
#include <vector>

namespace mixsim::sim {

struct WavefrontTile {
  int64_t mt = 0, kt = 0, ct = 0;  // rows streamed, array rows used, array columns used
};

class Wavefront {
 public:
  // act: the tile's first X row (row-major, stride k_stride), w: the tile's first W row;
  // k0: the tile's K offset; acc: mt x ct group accumulators. Returns cycles simulated.
  int64_t run(const WavefrontTile& t, const int8_t* act, const int8_t* w, int64_t k_stride,
              int64_t k0, int32_t* acc);
  int64_t run(const WavefrontTile& t, const float* act, const int8_t* w, int64_t k_stride,
              int64_t k0, float* acc);
  int64_t run(const WavefrontTile& t, const int8_t* act, const float* w, int64_t k_stride,
              int64_t k0, float* acc);
  int64_t run(const WavefrontTile& t, const float* act, const float* w, int64_t k_stride,
              int64_t k0, float* acc);

  // Output-stationary array (rows along M, columns along N): PE (r, c) keeps the output
  // (m0 + r, n0 + c); every cycle t the PEs with k = t - r - c in [0, kt) do
  //   acc[r][c] <- acc[r][c] + a[r][k0 + k] * w[c][k0 + k]
  // (X enters row r skewed by r and moves right; W enters column c skewed by c and moves down).
  // acc holds mt x ct group accumulators that the tile's partial sums are added into at the end
  // (acc = acc + partial), the drain of the partial sums down the columns.
  int64_t run_output_stationary(const WavefrontTile& t, const int8_t* act, const int8_t* w,
                                int64_t k_stride, int64_t k0, int32_t* acc);
  int64_t run_output_stationary(const WavefrontTile& t, const float* act, const int8_t* w,
                                int64_t k_stride, int64_t k0, float* acc);
  int64_t run_output_stationary(const WavefrontTile& t, const int8_t* act, const float* w,
                                int64_t k_stride, int64_t k0, float* acc);
  int64_t run_output_stationary(const WavefrontTile& t, const float* act, const float* w,
                                int64_t k_stride, int64_t k0, float* acc);

 private:
  std::vector<int32_t> ps_i_, w_i_, a_i_;
  std::vector<float> ps_f_, w_f_, a_f_;
};

}  // namespace mixsim::sim
