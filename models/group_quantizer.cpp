#include "models/group_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/fp16.hpp"
#include "models/input_checks.hpp"
#include "models/int_format.hpp"
#include "models/rounding.hpp"

namespace mixsim {
namespace {

// FP16 scale for a group spanning `extent` (absmax or max-min) with `levels` steps.
float fp16_group_scale(double extent, int levels, int64_t row, int64_t group) {
  if (extent == 0.0) return 1.0f;  // all-zero group: s = 1, never a division by zero
  const double s = fp16_round(extent / levels);
  if (std::isinf(s))
    throw std::invalid_argument("weight quantizer: scale of row " + std::to_string(row) +
                                " group " + std::to_string(group) +
                                " exceeds the FP16 maximum 65504 (extent " +
                                std::to_string(extent) + ")");
  if (s == 0.0) return static_cast<float>(kFp16Format.min_subnormal());
  return static_cast<float>(s);
}

void quantize_group_symmetric(std::span<const float> w, const IntFormat& fmt, int64_t row,
                              int64_t group, std::span<int8_t> codes, float& scale) {
  double absmax = 0.0;
  for (float v : w) absmax = std::max(absmax, std::fabs(static_cast<double>(v)));
  scale = fp16_group_scale(absmax, static_cast<int>(fmt.max()), row, group);
  for (size_t i = 0; i < w.size(); ++i)
    codes[i] = static_cast<int8_t>(quantize_to_int(static_cast<double>(w[i]) / scale, fmt));
}

void quantize_group_asymmetric(std::span<const float> w, const IntFormat& fmt, int64_t row,
                               int64_t group, std::span<int8_t> codes, float& scale,
                               int8_t& zero) {
  // The range always contains 0 so that z lands in [0, 2^b - 1] and 0 is representable.
  double lo = 0.0, hi = 0.0;
  for (float v : w) {
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
  scale = fp16_group_scale(hi - lo, static_cast<int>(fmt.max()), row, group);
  const int64_t z = round_half_even_clamped(-lo / scale, fmt.min(), fmt.max());
  zero = static_cast<int8_t>(z);
  for (size_t i = 0; i < w.size(); ++i) {
    const double r = round_half_even(static_cast<double>(w[i]) / scale) + static_cast<double>(z);
    codes[i] = static_cast<int8_t>(std::clamp<double>(r, static_cast<double>(fmt.min()),
                                                      static_cast<double>(fmt.max())));
  }
}

}  // namespace

QuantizedMatrix quantize_weights(const MatrixF32& w, const GroupQuantizerConfig& config) {
  if (!config.symmetric && config.bits > 7)
    throw std::invalid_argument("weight quantizer: asymmetric bits=" +
                                std::to_string(config.bits) + " not supported (allowed 2..7)");
  const IntFormat fmt = make_int_format(config.bits, config.symmetric);
  const int64_t group_size = config.group_size == 0 ? w.cols() : config.group_size;
  require_groups_divide(w.cols(), group_size, "weight quantizer");
  require_finite(w, "W");

  QuantizedMatrix q;
  q.rows = w.rows();
  q.cols = w.cols();
  q.group_size = static_cast<int>(group_size);
  q.bits = config.bits;
  q.is_symmetric = config.symmetric;
  q.codes.assign(w.size(), 0);
  const int64_t groups = q.groups();
  q.scales.assign(static_cast<size_t>(q.rows * groups), 1.0f);
  if (!config.symmetric) q.zeros.assign(static_cast<size_t>(q.rows * groups), 0);

  for (int64_t n = 0; n < q.rows; ++n) {
    for (int64_t g = 0; g < groups; ++g) {
      const size_t offset = static_cast<size_t>(n * q.cols + g * group_size);
      const std::span<const float> group_values = w.row(n).subspan(
          static_cast<size_t>(g * group_size), static_cast<size_t>(group_size));
      const std::span<int8_t> group_codes(q.codes.data() + offset,
                                          static_cast<size_t>(group_size));
      const size_t sg = static_cast<size_t>(n * groups + g);
      if (config.symmetric)
        quantize_group_symmetric(group_values, fmt, n, g, group_codes, q.scales[sg]);
      else
        quantize_group_asymmetric(group_values, fmt, n, g, group_codes, q.scales[sg],
                                  q.zeros[sg]);
    }
  }
  return q;
}

MatrixF64 dequantize_weights(const QuantizedMatrix& q) {
  MatrixF64 out(q.rows, q.cols);
  for (int64_t n = 0; n < q.rows; ++n)
    for (int64_t k = 0; k < q.cols; ++k) out(n, k) = q.dequantized(n, k);
  return out;
}

}  // namespace mixsim
