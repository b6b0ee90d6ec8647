#include "models/fp8_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/fp8_e4m3.hpp"
#include "models/fp8_e5m2.hpp"
#include "models/input_checks.hpp"
#include "models/rounding.hpp"

namespace mixsim {

double fp8_decode(Fp8Format f, uint8_t code) {
  return f == Fp8Format::E4M3 ? fp8_e4m3_decode(code) : fp8_e5m2_decode(code);
}

double fp8_max_finite(Fp8Format f) { return f == Fp8Format::E4M3 ? 448.0 : 57344.0; }

const char* fp8_format_name(Fp8Format f) { return f == Fp8Format::E4M3 ? "e4m3" : "e5m2"; }

Fp8Matrix quantize_fp8_per_row(const MatrixF32& v, Fp8Format f, const std::string& what) {
  require_finite(v, what);
  Fp8Matrix out;
  out.rows = v.rows();
  out.cols = v.cols();
  out.format = f;
  out.codes.assign(v.size(), 0);
  out.scales.assign(static_cast<size_t>(v.rows()), 1.0f);
  for (int64_t r = 0; r < v.rows(); ++r) {
    double amax = 0.0;
    for (float x : v.row(r)) amax = std::max(amax, std::fabs(static_cast<double>(x)));
    float s = 1.0f;
    if (amax > 0.0) {
      s = round_to_fp32(amax / fp8_max_finite(f));
      if (s == 0.0f) s = std::numeric_limits<float>::denorm_min();
    }
    out.scales[static_cast<size_t>(r)] = s;
    for (int64_t k = 0; k < v.cols(); ++k) {
      const double q = static_cast<double>(v(r, k)) / s;
      out.codes[static_cast<size_t>(r * v.cols() + k)] =
          f == Fp8Format::E4M3 ? fp8_e4m3_encode(q) : fp8_e5m2_encode(q);
    }
  }
  return out;
}

namespace {

void require_compatible(const Fp8Matrix& x, const Fp8Matrix& w) {
  if (x.cols != w.cols || x.format != w.format)
    throw std::invalid_argument(std::string("FP8 GEMM: X is ") + std::to_string(x.rows) + "x" +
                                std::to_string(x.cols) + " " + fp8_format_name(x.format) + ", W is " +
                                std::to_string(w.rows) + "x" + std::to_string(w.cols) + " " +
                                fp8_format_name(w.format) + " (K and format must match)");
}

std::vector<float> decoded(const Fp8Matrix& m) {
  std::vector<float> v(m.codes.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(fp8_decode(m.format, m.codes[i]));
  return v;
}

}  // namespace

MatrixF32 golden_gemm_fp8(const Fp8Matrix& x, const Fp8Matrix& w) {
  require_compatible(x, w);
  const std::vector<float> xv = decoded(x), wv = decoded(w);
  const int64_t k_dim = x.cols;
  MatrixF32 y(x.rows, w.rows);
  for (int64_t m = 0; m < x.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      const float* a = &xv[static_cast<size_t>(m * k_dim)];
      const float* b = &wv[static_cast<size_t>(n * k_dim)];
      float acc = 0.0f;
      for (int64_t k = 0; k < k_dim; ++k) {
        const float p = a[k] * b[k];  // exact: <= 4 x 4 significant bits
        acc = acc + p;
      }
      const float scaled = acc * x.scales[static_cast<size_t>(m)];
      y(m, n) = scaled * w.scales[static_cast<size_t>(n)];
    }
  return y;
}

MatrixF64 reference_gemm_fp8(const Fp8Matrix& x, const Fp8Matrix& w) {
  require_compatible(x, w);
  const int64_t k_dim = x.cols;
  MatrixF64 y(x.rows, w.rows);
  for (int64_t m = 0; m < x.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      double acc = 0.0;
      for (int64_t k = 0; k < k_dim; ++k)
        acc += static_cast<double>(x.scales[static_cast<size_t>(m)]) *
               fp8_decode(x.format, x.codes[static_cast<size_t>(m * k_dim + k)]) *
               (static_cast<double>(w.scales[static_cast<size_t>(n)]) *
                fp8_decode(w.format, w.codes[static_cast<size_t>(n * k_dim + k)]));
      y(m, n) = acc;
    }
  return y;
}

}  // namespace mixsim
