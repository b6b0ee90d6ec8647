#include "models/vector_ops.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace mixsim::golden {
namespace {

void require_same_shape(const MatrixF32& a, const MatrixF32& b, const char* op) {
  if (a.rows() != b.rows() || a.cols() != b.cols())
    throw std::invalid_argument(std::string(op) + ": operands differ in shape");
}

template <class F>
MatrixF64 elementwise(const MatrixF32& x, F f) {
  MatrixF64 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r)
    for (int64_t c = 0; c < x.cols(); ++c) y(r, c) = f(static_cast<double>(x(r, c)));
  return y;
}

}  // namespace

MatrixF64 rmsnorm(const MatrixF32& x, const std::vector<float>& w, double eps) {
  if (static_cast<int64_t>(w.size()) != x.cols()) throw std::invalid_argument("rmsnorm: weight size != cols");
  MatrixF64 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    double ss = 0.0;
    for (int64_t c = 0; c < x.cols(); ++c) ss += static_cast<double>(x(r, c)) * x(r, c);
    const double inv = 1.0 / std::sqrt(ss / static_cast<double>(x.cols()) + eps);
    for (int64_t c = 0; c < x.cols(); ++c) y(r, c) = x(r, c) * inv * w[static_cast<size_t>(c)];
  }
  return y;
}

MatrixF64 layernorm(const MatrixF32& x, const std::vector<float>& w, const std::vector<float>& b, double eps) {
  if (static_cast<int64_t>(w.size()) != x.cols() || static_cast<int64_t>(b.size()) != x.cols())
    throw std::invalid_argument("layernorm: weight/bias size != cols");
  MatrixF64 y(x.rows(), x.cols());
  const double n = static_cast<double>(x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    double sum = 0.0;
    for (int64_t c = 0; c < x.cols(); ++c) sum += x(r, c);
    const double mean = sum / n;
    double var = 0.0;
    for (int64_t c = 0; c < x.cols(); ++c) var += (x(r, c) - mean) * (x(r, c) - mean);
    const double inv = 1.0 / std::sqrt(var / n + eps);
    for (int64_t c = 0; c < x.cols(); ++c)
      y(r, c) = (x(r, c) - mean) * inv * w[static_cast<size_t>(c)] + b[static_cast<size_t>(c)];
  }
  return y;
}

MatrixF64 softmax(const MatrixF32& x, double scale) {
  MatrixF64 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    double mx = -INFINITY;
    for (int64_t c = 0; c < x.cols(); ++c) mx = std::max(mx, scale * x(r, c));
    double sum = 0.0;
    for (int64_t c = 0; c < x.cols(); ++c) sum += y(r, c) = std::exp(scale * x(r, c) - mx);
    for (int64_t c = 0; c < x.cols(); ++c) y(r, c) /= sum;
  }
  return y;
}

MatrixF64 silu(const MatrixF32& x) {
  return elementwise(x, [](double v) { return v / (1.0 + std::exp(-v)); });
}

MatrixF64 gelu_tanh(const MatrixF32& x) {
  const double k = std::sqrt(2.0 / M_PI);
  return elementwise(x, [k](double v) { return 0.5 * v * (1.0 + std::tanh(k * (v + 0.044715 * v * v * v))); });
}

MatrixF64 relu(const MatrixF32& x) {
  return elementwise(x, [](double v) { return v > 0.0 ? v : 0.0; });
}

MatrixF64 gated_mul(const MatrixF32& a, const MatrixF32& b) {
  require_same_shape(a, b, "gated_mul");
  MatrixF64 y(a.rows(), a.cols());
  for (int64_t r = 0; r < a.rows(); ++r)
    for (int64_t c = 0; c < a.cols(); ++c) y(r, c) = static_cast<double>(a(r, c)) * b(r, c);
  return y;
}

MatrixF64 residual_add(const MatrixF32& a, const MatrixF32& b) {
  require_same_shape(a, b, "residual_add");
  MatrixF64 y(a.rows(), a.cols());
  for (int64_t r = 0; r < a.rows(); ++r)
    for (int64_t c = 0; c < a.cols(); ++c) y(r, c) = static_cast<double>(a(r, c)) + b(r, c);
  return y;
}

MatrixF64 rope(const MatrixF32& x, const std::vector<int64_t>& positions, int64_t head_dim, double theta) {
  if (head_dim <= 0 || head_dim % 2 != 0 || x.cols() % head_dim != 0 ||
      static_cast<int64_t>(positions.size()) != x.rows())
    throw std::invalid_argument("rope: need an even head_dim dividing cols and one position per row");
  MatrixF64 y(x.rows(), x.cols());
  const int64_t half = head_dim / 2;
  for (int64_t r = 0; r < x.rows(); ++r)
    for (int64_t h0 = 0; h0 < x.cols(); h0 += head_dim)
      for (int64_t i = 0; i < half; ++i) {
        const double angle = static_cast<double>(positions[static_cast<size_t>(r)]) *
                             std::pow(theta, -2.0 * static_cast<double>(i) / static_cast<double>(head_dim));
        const double c = std::cos(angle), s = std::sin(angle);
        const double a = x(r, h0 + i), b = x(r, h0 + i + half);
        y(r, h0 + i) = a * c - b * s;
        y(r, h0 + i + half) = b * c + a * s;
      }
  return y;
}

MatrixF64 embedding(const MatrixF32& table, const std::vector<int64_t>& ids) {
  MatrixF64 y(static_cast<int64_t>(ids.size()), table.cols());
  for (size_t r = 0; r < ids.size(); ++r) {
    if (ids[r] < 0 || ids[r] >= table.rows()) throw std::invalid_argument("embedding: id out of range");
    for (int64_t c = 0; c < table.cols(); ++c) y(static_cast<int64_t>(r), c) = table(ids[r], c);
  }
  return y;
}

}  // namespace mixsim::golden
