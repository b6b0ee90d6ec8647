#pragma once
// Wavefront: the per-cycle register model of a weight-stationary systolic array, vectorized over
// the array. For one tile it keeps the R x C partial-sum registers and, every cycle t, updates
// each PE (r, c) that holds valid data (activation row m = t - r - c in [0, mt)):
//   psum[r][c] <- psum[r-1][c] (previous cycle) + a[m][k0 + r] * w[k0 + r][c]
// Activations enter row r skewed by r cycles and move one column per cycle; partial sums move
// one row down per cycle; row kt-1 emits the column result for (m, c), which is added into the
// group accumulator (acc = acc + column result). Rows are updated bottom-up in place so row r
// reads row r-1's value of the previous cycle. Each row's active PEs are a contiguous column
// range, so a cycle is `kt` contiguous multiply-add loops over int32 (or float) lanes.
#include <cstdint>
#include <vector>

namespace mixsim::sim {

struct WavefrontTile {
  int64_t mt = 0, kt = 0, ct = 0;  // rows streamed, array rows used, array columns used
};

class Wavefront {
 public:
  // act: M x K row-major (row m0 first), w: N x K row-major (row n0 first); acc: mt x ct
  // group accumulators (row-major, stride ct). Returns the number of cycles simulated.
  int64_t run(const WavefrontTile& t, const int32_t* act, const int32_t* w, int64_t k_stride,
              int64_t k0, int32_t* acc);
  int64_t run(const WavefrontTile& t, const float* act, const float* w, int64_t k_stride,
              int64_t k0, float* acc);

 private:
  std::vector<int32_t> ps_i_, w_i_, ar_i_;
  std::vector<float> ps_f_, w_f_, ar_f_;
};

}  // namespace mixsim::sim
