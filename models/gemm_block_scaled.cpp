#include <stdexcept>
#include <string>
#include <vector>

#include "models/block_scaled_quantizer.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/golden_gemms.hpp"

namespace mixsim {
namespace {

// 2 * E2M1 value for each of the 16 codes: integers in [-12, 12].
std::vector<int> doubled_e2m1_table() {
  std::vector<int> t(16);
  for (uint8_t c = 0; c < 16; ++c) t[c] = static_cast<int>(2.0 * fp4_e2m1_decode(c));
  return t;
}

// block_scale_value for every (row, block), decoded once instead of per output.
std::vector<double> decoded_block_scales(const BlockScaledMatrix& m) {
  std::vector<double> s(static_cast<size_t>(m.rows * m.blocks()));
  for (int64_t r = 0; r < m.rows; ++r)
    for (int64_t b = 0; b < m.blocks(); ++b)
      s[static_cast<size_t>(r * m.blocks() + b)] = block_scale_value(m, r, b);
  return s;
}

}  // namespace

MatrixF32 golden_gemm_block_scaled(const BlockScaledMatrix& x, const BlockScaledMatrix& w) {
  if (x.cols != w.cols || x.block_size != w.block_size || x.scale_format != w.scale_format)
    throw std::invalid_argument(
        "golden block-scaled GEMM: operands differ in K, block size or scale format (K " +
        std::to_string(x.cols) + " vs " + std::to_string(w.cols) + ")");
  const std::vector<int> twice = doubled_e2m1_table();
  const int64_t blocks = x.blocks();
  const std::vector<double> x_scales = decoded_block_scales(x);
  const std::vector<double> w_scales = decoded_block_scales(w);
  const float tensor = x.tensor_scale * w.tensor_scale;
  MatrixF32 y(x.rows, w.rows);
  for (int64_t m = 0; m < x.rows; ++m) {
    const uint8_t* xe = x.element_codes.data() + m * x.cols;
    for (int64_t n = 0; n < w.rows; ++n) {
      const uint8_t* we = w.element_codes.data() + n * w.cols;
      float acc = 0.0f;
      for (int64_t b = 0; b < blocks; ++b) {
        int64_t d = 0;
        for (int64_t k = b * x.block_size; k < (b + 1) * x.block_size; ++k)
          d += twice[xe[k] & 0xF] * twice[we[k] & 0xF];
        const double exact = static_cast<double>(d) * 0.25 *
                             x_scales[static_cast<size_t>(m * blocks + b)] *
                             w_scales[static_cast<size_t>(n * blocks + b)];
        acc = acc + static_cast<float>(exact);
      }
      y(m, n) = acc * tensor;
    }
  }
  return y;
}

}  // namespace mixsim
