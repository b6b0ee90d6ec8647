#include "models/pe/fp4_block_pe.hpp"

#include <stdexcept>
#include <string>

#include "models/block_scaled_quantizer.hpp"

namespace mixsim::pe {

int fp4_twice_value(uint8_t code) {
  // E2M1 magnitudes x2 by the 3 magnitude bits: 0, 0.5, 1, 1.5, 2, 3, 4, 6 -> 0..12.
  static constexpr int kTwice[8] = {0, 1, 2, 3, 4, 6, 8, 12};
  const int magnitude = kTwice[code & 0x7];
  return (code & 0x8) ? -magnitude : magnitude;
}

int64_t fp4_block_max_abs_dot(int block_size) { return int64_t{144} * block_size; }

int fp4_block_accumulator_bits(int block_size) {
  const int64_t worst = fp4_block_max_abs_dot(block_size);
  int bits = 2;
  while ((int64_t{1} << (bits - 1)) - 1 < worst) ++bits;
  return bits;
}

int32_t fp4_block_dot(const uint8_t* x_codes, const uint8_t* w_codes, int block_size) {
  int32_t d = 0;
  for (int k = 0; k < block_size; ++k) d += fp4_twice_value(x_codes[k]) * fp4_twice_value(w_codes[k]);
  return d;
}

float fp4_fold_block(float acc, int32_t d, double x_scale, double w_scale) {
  const double exact = static_cast<double>(d) * 0.25 * x_scale * w_scale;
  return acc + static_cast<float>(exact);
}

float fp4_finish(float acc, float x_tensor_scale, float w_tensor_scale) {
  const float tensor = x_tensor_scale * w_tensor_scale;
  return acc * tensor;
}

MatrixF32 golden_gemm_fp4_pe(const BlockScaledMatrix& x, const BlockScaledMatrix& w) {
  if (x.cols != w.cols || x.block_size != w.block_size || x.scale_format != w.scale_format)
    throw std::invalid_argument("FP4 block PE: operands differ in K, block size or scale format (K " +
                                std::to_string(x.cols) + " vs " + std::to_string(w.cols) + ")");
  const int64_t blocks = x.blocks();
  MatrixF32 y(x.rows, w.rows);
  for (int64_t m = 0; m < x.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t b = 0; b < blocks; ++b) {
        const int64_t k0 = b * x.block_size;
        const int32_t d = fp4_block_dot(&x.element_codes[static_cast<size_t>(m * x.cols + k0)],
                                        &w.element_codes[static_cast<size_t>(n * w.cols + k0)],
                                        x.block_size);
        acc = fp4_fold_block(acc, d, block_scale_value(x, m, b), block_scale_value(w, n, b));
      }
      y(m, n) = fp4_finish(acc, x.tensor_scale, w.tensor_scale);
    }
  return y;
}

}  // namespace mixsim::pe
