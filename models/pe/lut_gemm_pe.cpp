#include "models/pe/lut_gemm_pe.hpp"

#include <stdexcept>

#include "models/pe/group_dequant.hpp"

namespace mixsim::pe {

std::array<int32_t, 16> lut_table(const int8_t* a) {
  std::array<int32_t, 16> t{};
  for (int p = 0; p < 16; ++p)
    for (int j = 0; j < kLutWidth; ++j) t[static_cast<size_t>(p)] += ((p >> j) & 1) ? a[j] : -a[j];
  return t;
}

int lut_pattern(const int8_t* c, int plane) {
  int p = 0;
  for (int j = 0; j < kLutWidth; ++j) {
    if (c[j] < -7 || c[j] > 7 || (c[j] & 1) == 0)
      throw std::out_of_range("lut_pattern: code " + std::to_string(c[j]) + " is not odd in [-7, 7]");
    p |= (((c[j] + 7) / 2 >> plane) & 1) << j;
  }
  return p;
}

int32_t lut_group_sum(const int8_t* a, const int8_t* c, int64_t length) {
  if (length % kLutWidth != 0) throw std::invalid_argument("lut_group_sum: length not a multiple of 4");
  int32_t sum = 0;
  for (int64_t k = 0; k < length; k += kLutWidth) {
    const std::array<int32_t, 16> t = lut_table(a + k);
    for (int plane = 0; plane < 3; ++plane) sum += (1 << plane) * t[static_cast<size_t>(lut_pattern(c + k, plane))];
  }
  return sum;
}

MatrixF32 golden_gemm_lut(const QuantizedOperands& ops) {
  if (!ops.recipe.binary_coded || !ops.weights || !ops.activations)
    throw std::invalid_argument("golden_gemm_lut: needs operands of a lut-w3a8 recipe, got " + ops.recipe.name);
  const QuantizedMatrix& w = *ops.weights;
  const QuantizedActivations& a = *ops.activations;
  const int64_t groups = w.groups(), g = w.group_size;
  MatrixF32 y(a.rows, w.rows);
  for (int64_t m = 0; m < a.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t gg = 0; gg < groups; ++gg) {
        const int32_t p = lut_group_sum(&a.codes[static_cast<size_t>(m * a.cols + gg * g)],
                                        &w.codes[static_cast<size_t>(n * w.cols + gg * g)], g);
        acc = GroupDequant::accumulate_float_scale(acc, w.scale(n, gg), p);
      }
      y(m, n) = GroupDequant::finish_float_scale(acc, a.scales[static_cast<size_t>(m)]);
    }
  return y;
}

}  // namespace mixsim::pe
