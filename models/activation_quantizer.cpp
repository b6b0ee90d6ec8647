#include "models/activation_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/input_checks.hpp"
#include "models/rounding.hpp"

namespace mixsim {

QuantizedActivations quantize_activations_per_token(const MatrixF32& x, int bits) {
  if (bits < 2 || bits > 8)
    throw std::invalid_argument("activation quantizer: bits=" + std::to_string(bits) +
                                " not supported (allowed 2..8)");
  require_finite(x, "X");
  const int64_t qmax = (int64_t{1} << (bits - 1)) - 1;
  QuantizedActivations a;
  a.rows = x.rows();
  a.cols = x.cols();
  a.bits = bits;
  a.codes.assign(x.size(), 0);
  a.scales.assign(static_cast<size_t>(x.rows()), 1.0f);
  for (int64_t m = 0; m < x.rows(); ++m) {
    double absmax = 0.0;
    for (float v : x.row(m)) absmax = std::max(absmax, std::fabs(static_cast<double>(v)));
    float s = 1.0f;
    if (absmax > 0.0) {
      s = round_to_fp32(absmax / static_cast<double>(qmax));
      if (s == 0.0f) s = std::numeric_limits<float>::denorm_min();
    }
    a.scales[static_cast<size_t>(m)] = s;
    for (int64_t k = 0; k < x.cols(); ++k)
      a.codes[static_cast<size_t>(m * x.cols() + k)] = static_cast<int8_t>(
          round_half_even_clamped(static_cast<double>(x(m, k)) / s, -qmax, qmax));
  }
  return a;
}

MatrixF64 dequantize_activations(const QuantizedActivations& a) {
  MatrixF64 out(a.rows, a.cols);
  for (int64_t m = 0; m < a.rows; ++m)
    for (int64_t k = 0; k < a.cols; ++k) out(m, k) = a.dequantized(m, k);
  return out;
}

}  // namespace mixsim
