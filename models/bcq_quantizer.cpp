#include "models/bcq_quantizer.hpp"

#include "models/group_quantizer.hpp"
#include "models/rounding.hpp"

namespace mixsim {

QuantizedMatrix quantize_weights_bcq3(const MatrixF32& w, int group_size) {
  // alpha = fp16(absmax / 7) with the documented zero/underflow/overflow rules: exactly the
  // symmetric 4-bit RTN scale, whose checks (K % G, NaN/Inf, FP16 overflow) apply as well.
  QuantizedMatrix q = quantize_weights(w, GroupQuantizerConfig{4, group_size, true});
  const int64_t groups = q.groups();
  for (int64_t n = 0; n < q.rows; ++n)
    for (int64_t g = 0; g < groups; ++g) {
      const double alpha = q.scale(n, g);
      for (int64_t k = g * group_size; k < (g + 1) * group_size; ++k) {
        const int64_t u = round_half_even_clamped((static_cast<double>(w(n, k)) / alpha + 7.0) / 2.0, 0, 7);
        q.codes[static_cast<size_t>(n * q.cols + k)] = static_cast<int8_t>(2 * u - 7);
      }
    }
  return q;
}

}  // namespace mixsim
