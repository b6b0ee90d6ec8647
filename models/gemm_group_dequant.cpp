#include <cmath>
#include <stdexcept>
#include <string>

#include "models/golden_gemms.hpp"

namespace mixsim {
namespace {

void require_same_k(int64_t ka, int64_t kw) {
  if (ka != kw)
    throw std::invalid_argument("golden GEMM: activations have K=" + std::to_string(ka) +
                                " but weights have K=" + std::to_string(kw));
}

}  // namespace

int64_t group_partial_sum(const QuantizedActivations& a, int64_t m, const QuantizedMatrix& w,
                          int64_t n, int64_t g) {
  const int8_t* act = a.codes.data() + m * a.cols;
  const int8_t* wq = w.codes.data() + n * w.cols;
  const int64_t zero = w.zero(n, g);
  int64_t p = 0;
  for (int64_t k = g * w.group_size; k < (g + 1) * w.group_size; ++k)
    p += int64_t{act[k]} * (int64_t{wq[k]} - zero);
  return p;
}

MatrixF32 golden_gemm_group_dequant(const QuantizedActivations& a, const QuantizedMatrix& w) {
  require_same_k(a.cols, w.cols);
  MatrixF32 y(a.rows, w.rows);
  const int64_t groups = w.groups();
  for (int64_t m = 0; m < a.rows; ++m) {
    const float sa = a.scales[static_cast<size_t>(m)];
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t g = 0; g < groups; ++g) {
        const float p = static_cast<float>(group_partial_sum(a, m, w, n, g));
        const float term = w.scale(n, g) * p;
        acc = acc + term;
      }
      y(m, n) = acc * sa;
    }
  }
  return y;
}

MatrixF32 golden_gemm_integer_scale(const QuantizedActivations& a, const QuantizedMatrix& w,
                                    const IntegerScales& scales) {
  require_same_k(a.cols, w.cols);
  if (scales.scales.size() != w.scales.size())
    throw std::invalid_argument("golden GEMM: integer scales do not match the weight groups");
  MatrixF32 y(a.rows, w.rows);
  const int64_t groups = w.groups();
  for (int64_t m = 0; m < a.rows; ++m) {
    const float out_scale = std::ldexp(a.scales[static_cast<size_t>(m)], -scales.alpha);
    for (int64_t n = 0; n < w.rows; ++n) {
      int64_t acc = 0;
      for (int64_t g = 0; g < groups; ++g)
        acc += int64_t{scales.scales[static_cast<size_t>(n * groups + g)]} *
               group_partial_sum(a, m, w, n, g);
      y(m, n) = static_cast<float>(acc) * out_scale;
    }
  }
  return y;
}

MatrixF32 golden_gemm_w4a16(const MatrixF32& x16, const QuantizedMatrix& w,
                            const std::vector<float>* token_scales) {
  require_same_k(x16.cols(), w.cols);
  if (token_scales && static_cast<int64_t>(token_scales->size()) != x16.rows())
    throw std::invalid_argument("golden_gemm_w4a16: " + std::to_string(token_scales->size()) +
                                " token scales for " + std::to_string(x16.rows()) + " rows");
  MatrixF32 y(x16.rows(), w.rows);
  const int64_t groups = w.groups();
  for (int64_t m = 0; m < x16.rows(); ++m) {
    const float* x = x16.data() + m * x16.cols();
    for (int64_t n = 0; n < w.rows; ++n) {
      const int8_t* wq = w.codes.data() + n * w.cols;
      float acc = 0.0f;
      for (int64_t g = 0; g < groups; ++g) {
        const int zero = w.zero(n, g);
        float part = 0.0f;
        for (int64_t k = g * w.group_size; k < (g + 1) * w.group_size; ++k)
          part = part + x[k] * static_cast<float>(wq[k] - zero);
        acc = acc + w.scale(n, g) * part;
      }
      y(m, n) = token_scales ? acc * (*token_scales)[static_cast<size_t>(m)] : acc;
    }
  }
  return y;
}

}  // namespace mixsim
